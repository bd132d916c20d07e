// The project holds only what we write: real inputs others wrote are read in place from
// ../shared, never copied in. A copy gives itself away by its author's license header or by the
// layout of a copied set (`<owner>__<repo>/` folders listed in a SOURCES.md); this test fails on
// either, anywhere in the project's own files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace rightfit {
namespace {

namespace fs = std::filesystem;

// Build outputs, installed packages, git's store and caches are not the project's files.
bool outside_project(const fs::path& dir) {
  const std::string name = dir.filename().string();
  return name == ".git" || name == "node_modules" || name == ".rightfit-cache" ||
         (dir.parent_path() == "." && name.rfind("build", 0) == 0);
}

std::vector<fs::path> project_files() {
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it("."), end;
  for (; it != end; ++it) {
    if (it->is_directory() && outside_project(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().lexically_normal());
  }
  return files;
}

// Lines that only a license header or notice carries. The phrases are split across string
// literals so that this file does not match itself.
const std::regex& license_marker() {
  static const std::regex marker(
      "SPDX-"
      "License-Identifier"
      "|Licensed under the"
      " (Apache|MIT|BSD)"
      "|Permission is hereby"
      " granted, free of charge"
      "|THE SOFTWARE IS"
      " PROVIDED"
      "|GNU (Lesser |Affero )?General"
      " Public License"
      "|Mozilla Public"
      " License"
      "|Copyright"
      " (\\(c\\)|©|[0-9]{4})"
      "|All rights"
      " reserved",
      std::regex::icase);
  return marker;
}

// Whether a line has a word of some marker; std::regex is slow, so only these lines meet it.
bool may_mark(std::string line) {
  std::transform(line.begin(), line.end(), line.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"license", "copyright", "permission", "rights", "provided"}) {
    if (line.find(word) != std::string::npos) return true;
  }
  return false;
}

// The first line of `path` that carries a license marker, or 0.
unsigned license_line(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n) {
    if (may_mark(line) && std::regex_search(line, license_marker())) return n;
  }
  return 0;
}

// `awslabs__aws-lambda-cpp`: the folder name a copied set gives each repository.
bool copied_set_folder(const std::string& name) {
  static const std::regex layout("[A-Za-z0-9][A-Za-z0-9.-]*__[A-Za-z0-9][A-Za-z0-9._-]*");
  return std::regex_match(name, layout);
}

TEST(ProjectOrigin, FindsTheProject) {
  ASSERT_TRUE(fs::is_directory("fixtures") && fs::is_directory("tests"))
      << "run from the project root";
  EXPECT_GT(project_files().size(), 200u);
}

// The project's own licence: its text (LICENSE) and the Debian package's copyright file, which
// by Debian policy names the licence of rightfit and of the tree-sitter code compiled in.
bool project_license_file(const fs::path& file) {
  return file == "LICENSE" || file == "packaging/copyright";
}

TEST(ProjectOrigin, NoFileCarriesALicenseHeader) {
  for (const fs::path& file : project_files()) {
    if (project_license_file(file)) continue;
    const unsigned line = license_line(file);
    EXPECT_EQ(line, 0u) << file.generic_string() << ":" << line
                        << " carries a license header or notice: a file someone else wrote? "
                        << "Read it in place from ../shared instead of copying it";
  }
}

TEST(ProjectOrigin, NoCopiedSetLayout) {
  for (const fs::path& file : project_files()) {
    EXPECT_NE(file.filename(), "SOURCES.md")
        << file.generic_string() << " lists copied sources: copies belong in ../shared";
    for (const fs::path& part : file.parent_path()) {
      EXPECT_FALSE(copied_set_folder(part.string()))
          << file.generic_string() << " sits in " << part.string()
          << "/, the <owner>__<repo>/ layout of files copied from a repository";
    }
  }
}

// The checks above must be able to fail.
TEST(ProjectOrigin, RecognisesACopy) {
  EXPECT_TRUE(copied_set_folder("awslabs__aws-lambda-web-adapter"));
  EXPECT_TRUE(copied_set_folder("serverless__examples"));
  EXPECT_FALSE(copied_set_folder("__pycache__"));
  EXPECT_FALSE(copied_set_folder("web-adapter-gunicorn"));
  const fs::path scratch =
      fs::temp_directory_path() / ("rightfit-origin-" + std::to_string(::getpid()) + ".py");
  std::ofstream(scratch) << "# Copyright "
                         << "2020 Someone\n"
                         << "import os\n";
  EXPECT_EQ(license_line(scratch), 1u);
  std::ofstream(scratch) << "# our own words\nimport os\n";
  EXPECT_EQ(license_line(scratch), 0u);
  fs::remove(scratch);
}

}  // namespace
}  // namespace rightfit
