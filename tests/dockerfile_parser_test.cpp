// Dockerfiles -> image facts: every syntax feature with exact positions (1-based line and
// code-point column) and values, and malformed files giving parse errors on the right line.
#include "parsers/dockerfile/dockerfile_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "parsers/dockerfile/dependency_files.h"

namespace rightfit::dockerfile {
namespace {

using Strings = std::vector<std::string>;

FileFacts parse(std::string_view text) { return parse_dockerfile("app/Dockerfile", text); }

// The one image of a well-formed Dockerfile (a copy: callers pass temporaries).
Image image_of(const FileFacts& facts) {
  for (const ParseError& error : facts.parse_errors) {
    ADD_FAILURE() << "unexpected parse error at " << error.where.line() << ":"
                  << error.where.column() << ": " << error.message;
  }
  if (facts.images.size() != 1) {
    ADD_FAILURE() << "expected one image, got " << facts.images.size();
    return Image{};
  }
  return facts.images[0];
}

std::string at(const SourceRange& where) {
  return std::to_string(where.line()) + ":" + std::to_string(where.column());
}

std::string span(const SourceRange& where) {
  return at(where) + "-" + std::to_string(where.span.end.line) + ":" +
         std::to_string(where.span.end.column);
}

// "line:column word word ..." per command; words with blanks are quoted.
Strings described(const std::vector<ShellCommand>& commands) {
  Strings out;
  for (const ShellCommand& command : commands) {
    std::string text = at(command.where);
    for (const std::string& word : command.words) {
      text += word.find(' ') == std::string::npos ? " " + word : " '" + word + "'";
    }
    out.push_back(text);
  }
  return out;
}

// "line:column message" per parse error.
Strings errors_of(const FileFacts& facts) {
  Strings out;
  for (const ParseError& error : facts.parse_errors) {
    out.push_back(at(error.where) + " " + error.message);
  }
  return out;
}

// The line:column of each parse error, for malformed input (no image is emitted then).
Strings error_positions(std::string_view text) {
  FileFacts facts = parse(text);
  EXPECT_TRUE(facts.images.empty()) << "a malformed Dockerfile yields no image";
  Strings out;
  for (const ParseError& error : facts.parse_errors) out.push_back(at(error.where));
  return out;
}

const std::vector<ShellCommand>& runs_of(const Image& image, std::size_t stage = 0) {
  static const std::vector<ShellCommand> kNone;
  return stage < image.stages.size() ? image.stages[stage].runs : kNone;
}

// --- discovery ---

TEST(DockerfileParser, IsDockerfileByFileName) {
  for (const char* path : {"Dockerfile", "dockerfile", "app/dockerfile", "Dockerfile.lambda",
                           "a/Dockerfile.dev", "api.Dockerfile", "x/worker.dockerfile",
                           "Containerfile", "Containerfile.prod", "c:\\src\\Dockerfile"}) {
    EXPECT_TRUE(is_dockerfile(path)) << path;
  }
  for (const char* path :
       {"Dockerfile.dockerignore", "api.Dockerfile.dockerignore", ".dockerignore", "MyDockerfile",
        "Dockerfile.", ".Dockerfile", "Dockerfiles/x.yaml", "docker-compose.yml",
        "Dockerfile/readme.md", "template.yaml"}) {
    EXPECT_FALSE(is_dockerfile(path)) << path;
  }
}

// --- line level ---

TEST(DockerfileParser, ParserDirectivesAndBacktickEscape) {
  FileFacts facts = parse(
      "# syntax=docker/dockerfile:1\n"
      "# escape=`\n"
      "\n"
      "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
      "COPY --from=mcr.microsoft.com/powershell C:\\ps `\n"
      "     C:\\tools\\ps\n"
      "RUN echo a `\n"
      "    && echo C:\\b\n");
  const Image& image = image_of(facts);
  ASSERT_EQ(image.stages.size(), 1u);
  ASSERT_EQ(image.stages[0].copies.size(), 1u);
  // With the backtick as escape, backslashes are plain characters.
  EXPECT_EQ(image.stages[0].copies[0].sources, Strings{"C:\\ps"});
  EXPECT_EQ(image.stages[0].copies[0].destination, "C:\\tools\\ps");
  EXPECT_EQ(span(image.stages[0].copies[0].where), "5:1-6:17");
  EXPECT_EQ(described(runs_of(image)), (Strings{"7:5 echo a", "8:8 echo C:b"}));
  EXPECT_TRUE(facts.suppressions.empty());
}

TEST(DockerfileParser, DirectivesCountOnlyAtTheTop) {
  // After an instruction (or a comment or blank line) `# escape=` is a comment: the
  // backtick is then no escape, and the next line is an instruction of its own.
  EXPECT_EQ(errors_of(parse("FROM alpine\n# escape=`\nRUN echo a `\n  b\n")),
            Strings{"4:3 unknown instruction `b` (does the RUN above it lack a `\\` at the end of "
                    "its line?); Docker stops here"});
  EXPECT_EQ(errors_of(parse("# a comment\n# escape=`\nFROM alpine\nRUN echo a `\n b\n")),
            Strings{"5:2 unknown instruction `b` (does the RUN above it lack a `\\` at the end of "
                    "its line?); Docker stops here"});
  EXPECT_EQ(errors_of(parse("# escape=`\n# escape=\\\nFROM a\n")),
            Strings{"2:1 only one `escape` parser directive can be used"});
  EXPECT_EQ(errors_of(parse("# escape=x\nFROM a\n")).size(), 1u);
  // Blanks before the `#` and around the `=` are allowed; the name is case-insensitive.
  const Image& image = image_of(parse("  #  ESCAPE = `\nFROM a\nRUN echo `\n  b\n"));
  EXPECT_EQ(described(runs_of(image)), Strings{"3:5 echo b"});
}

TEST(DockerfileParser, ContinuationsSkipCommentsAndBlankLines) {
  FileFacts facts = parse(
      "FROM public.ecr.aws/lambda/python:3.12\n"
      "RUN apt-get update && \\\n"
      "    # rightfit:ignore RF301 needed for thumbnails\n"
      "    apt-get install -y ffmpeg \\\n"
      "\n"
      "    && pip install --no-cache-dir torch==2.3 transformers  \\  \n"
      "# a comment at the start of the line\n"
      "  && echo done\n"
      "CMD [\"app.handler\"]\n");
  const Image& image = image_of(facts);
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:5 apt-get update", "4:5 apt-get install -y ffmpeg",
                     "6:8 pip install --no-cache-dir torch==2.3 transformers", "8:6 echo done"}));
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(span(image.cmd->where), "9:1-9:20");
  // Comments inside a continuation are whole-line comments: a suppression there covers the
  // next line.
  ASSERT_EQ(facts.suppressions.size(), 1u);
  EXPECT_EQ(facts.suppressions[0].first_line, 3u);
  EXPECT_EQ(facts.suppressions[0].last_line, 4u);
  EXPECT_EQ(facts.suppressions[0].rules, Strings{"RF301"});
  EXPECT_EQ(facts.suppressions[0].reason, "needed for thumbnails");
}

TEST(DockerfileParser, KeywordsAreCaseInsensitive) {
  const Image& image =
      image_of(parse("from golang:1.22 as Build\n"
                     "Run go build ./...\n"
                     "FROM scratch\n"
                     "copy --FROM=build /out/app /app\n"
                     "entryPoint [\"/app\"]\n"));
  ASSERT_EQ(image.stages.size(), 2u);
  EXPECT_EQ(image.stages[0].name, "Build");
  EXPECT_EQ(described(runs_of(image)), Strings{"2:5 go build ./..."});
  ASSERT_EQ(image.stages[1].copies.size(), 1u);
  EXPECT_EQ(image.stages[1].copies[0].stage, 0u);
  ASSERT_TRUE(image.entrypoint);
  EXPECT_EQ(image.entrypoint->words, Strings{"/app"});
}

TEST(DockerfileParser, ColumnsCountCodePointsAndCrlfLinesWork) {
  const Image& image =
      image_of(parse("FROM alpine\r\n"
                     "RUN echo \"é🙂\" && pip install \\\r\n"
                     "    \"naïve\" && npm install sharp\r\n"));
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:5 echo é🙂", "2:18 pip install naïve", "3:16 npm install sharp"}));
}

// --- heredocs ---

TEST(DockerfileParser, HeredocAsTheWholeRunIsAScript) {
  const Image& image =
      image_of(parse("FROM public.ecr.aws/lambda/python:3.12\n"
                     "RUN <<EOF\n"
                     "set -eux\n"
                     "  conda install -c pytorch pytorch\n"
                     "npm install sharp\n"
                     "EOF\n"
                     "CMD [\"app.handler\"]\n"));
  EXPECT_EQ(
      described(runs_of(image)),
      (Strings{"3:1 set -eux", "4:3 conda install -c pytorch pytorch", "5:1 npm install sharp"}));
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(at(image.cmd->where), "7:1");
}

TEST(DockerfileParser, SeveralHeredocsInOneRun) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "RUN <<A <<B\n"
                     "pip install a\n"
                     "A\n"
                     "pip3 install -r requirements.txt\n"
                     "B\n"
                     "EXPOSE 80\n"));
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"3:1 pip install a", "5:1 pip3 install -r requirements.txt"}));
  ASSERT_EQ(image.stages[0].exposes.size(), 1u);
  EXPECT_EQ(at(image.stages[0].exposes[0]), "7:1");
}

TEST(DockerfileParser, ChompedAndQuotedHeredocsFedToAShell) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "RUN <<-\"A\" bash -ex && python3 <<'B' && cat > /etc/x.conf <<C\n"
                     "\t\tyum install -y gcc\n"
                     "\tdnf install -y $PKG\n"
                     "\t\tA\n"
                     "import torch\n"
                     "B\n"
                     "pip install not-a-command\n"
                     "C\n"
                     "RUN echo after\n"));
  // The line's commands, then the body read by bash; python's and cat's input is data.
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:12 bash -ex", "2:24 python3", "2:41 cat", "3:3 yum install -y gcc",
                     "4:2 dnf install -y $PKG", "10:5 echo after"}));
}

TEST(DockerfileParser, HeredocWithAnotherInterpreterIsData) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "RUN <<EOF\n"
                     "#!/usr/bin/env python3\n"
                     "import os\n"
                     "EOF\n"
                     "RUN <<EOF\n"
                     "#!/bin/bash\n"
                     "pip install x\n"
                     "EOF\n"
                     "RUN bash -c 'echo hi' <<EOF\n"
                     "pip install y\n"
                     "EOF\n"));
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"8:1 pip install x", "10:5 bash -c 'echo hi'", "10:14 echo hi"}));
}

TEST(DockerfileParser, CopyHeredocIsAnInlineFile) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "COPY <<EOF /etc/app.conf\n"
                     "RUN pip install torch\n"
                     "FROM nothing\n"
                     "EOF\n"
                     "COPY <<-EOF /x\n"
                     "\tdata\n"
                     "\tEOF\n"
                     "RUN echo ok\n"));
  ASSERT_EQ(image.stages.size(), 1u);
  EXPECT_EQ(described(runs_of(image)), Strings{"9:5 echo ok"});
  EXPECT_TRUE(image.stages[0].copies.empty());
}

// --- forms of RUN, CMD, ENTRYPOINT, SHELL ---

TEST(DockerfileParser, ExecFormAndShellForm) {
  const Image& image =
      image_of(parse("FROM python:3.12\n"
                     "RUN [\"pip\", \"install\", \"--no-cache-dir\", \"torch==2.3\"]\n"
                     "RUN [\"echo\", \"a\\\"b\\u00e9\\n\"]\n"
                     "RUN []\n"
                     "ENTRYPOINT [\"python3\", \"-m\", \"awslambdaric\"]\n"
                     "CMD gunicorn app:app --bind \"0.0.0.0:$PORT\"\n"
                     "FROM python:3.12\n"
                     "CMD [\"serve\", 'x']\n"
                     "ENTRYPOINT []\n"));
  // Exec form: the first element's opening quote.
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:6 pip install --no-cache-dir torch==2.3", "3:6 echo a\"bé\n"}));
  const ImageStage& first = image.stages[0];
  ASSERT_TRUE(first.entrypoint);
  EXPECT_TRUE(first.entrypoint->exec_form);
  EXPECT_EQ(first.entrypoint->words, (Strings{"python3", "-m", "awslambdaric"}));
  EXPECT_EQ(described(first.entrypoint->commands), Strings{"5:13 python3 -m awslambdaric"});
  EXPECT_EQ(span(first.entrypoint->where), "5:1-5:45");
  ASSERT_TRUE(first.cmd);
  EXPECT_FALSE(first.cmd->exec_form);
  EXPECT_EQ(first.cmd->words,
            (Strings{"/bin/sh", "-c", "gunicorn app:app --bind \"0.0.0.0:$PORT\""}));
  EXPECT_EQ(described(first.cmd->commands), Strings{"6:5 gunicorn app:app --bind 0.0.0.0:$PORT"});
  // Not valid JSON (single quotes): shell form, as Docker reads it.
  ASSERT_TRUE(image.cmd);
  EXPECT_FALSE(image.cmd->exec_form);
  EXPECT_EQ(image.cmd->words, (Strings{"/bin/sh", "-c", "[\"serve\", 'x']"}));
  ASSERT_TRUE(image.entrypoint);
  EXPECT_TRUE(image.entrypoint->exec_form);
  EXPECT_TRUE(image.entrypoint->words.empty());
  EXPECT_TRUE(image.entrypoint->commands.empty());
}

TEST(DockerfileParser, ExecFormShellScriptIsParsed) {
  const Image& image =
      image_of(parse("FROM nginx\n"
                     "CMD [\"sh\", \"-c\", \"nginx -g \\\"daemon off;\\\" && sleep infinity\"]\n"));
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(described(image.cmd->commands),
            (Strings{"2:6 sh -c 'nginx -g \"daemon off;\" && sleep infinity'",
                     "2:19 nginx -g 'daemon off;'", "2:47 sleep infinity"}));
}

TEST(DockerfileParser, ShellFormShellScriptIsParsed) {
  const Image& image = image_of(parse(
      "FROM python:3.12\n"
      "RUN bash -ec 'pip install torch && echo ok' && sh -c \"apt-get install -y \\\"ffmpeg\\\"\"\n"
      "ENTRYPOINT su app -c \"gunicorn app:app\" || /bin/sh -xc \"java -jar app.jar\"\n"));
  // Positions are exact inside a script written without escapes; otherwise they are the
  // script argument's.
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:5 bash -ec 'pip install torch && echo ok'", "2:15 pip install torch",
                     "2:36 echo ok", "2:48 sh -c 'apt-get install -y \"ffmpeg\"'",
                     "2:54 apt-get install -y ffmpeg"}));
  ASSERT_TRUE(image.entrypoint);
  // `su -c` is not a shell: its argument stays a word.
  EXPECT_EQ(described(image.entrypoint->commands),
            (Strings{"3:12 su app -c 'gunicorn app:app'", "3:44 /bin/sh -xc 'java -jar app.jar'",
                     "3:57 java -jar app.jar"}));
}

TEST(DockerfileParser, ShellInstructionAndNonPosixShell) {
  const Image& image =
      image_of(parse("FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\n"
                     "SHELL [\"powershell\", \"-Command\"]\n"
                     "RUN Invoke-WebRequest -Uri \"https://x/y.exe\" ; echo $(x)\n"
                     "CMD C:\\y.exe --serve\n"
                     "FROM win\n"
                     "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
                     "RUN curl x | bash\n"));
  ASSERT_EQ(image.stages.size(), 2u);
  EXPECT_EQ(image.stages[0].shell, (Strings{"powershell", "-Command"}));
  // PowerShell is not parsed as bash: one command of blank-separated words.
  EXPECT_EQ(described(runs_of(image, 0)),
            Strings{"3:5 Invoke-WebRequest -Uri \"https://x/y.exe\" ; echo $(x)"});
  ASSERT_TRUE(image.stages[0].cmd);
  EXPECT_EQ(image.stages[0].cmd->words, (Strings{"powershell", "-Command", "C:\\y.exe --serve"}));
  EXPECT_EQ(described(image.stages[0].cmd->commands), Strings{"4:5 C:\\y.exe --serve"});
  EXPECT_EQ(image.stages[1].shell, (Strings{"/bin/bash", "-o", "pipefail", "-c"}));
  EXPECT_EQ(described(runs_of(image, 1)), (Strings{"7:5 curl x", "7:14 bash"}));
  // The final stage inherits the CMD, run by the shell of its own stage.
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(at(image.cmd->where), "4:1");
}

TEST(DockerfileParser, ShellFollowsTheParentStage) {
  const Image& image =
      image_of(parse("FROM alpine AS a\n"
                     "SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n"
                     "FROM a\n"
                     "CMD serve --port 80\n"));
  EXPECT_EQ(image.stages[1].shell, (Strings{"/bin/ash", "-eo", "pipefail", "-c"}));
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(image.cmd->words, (Strings{"/bin/ash", "-eo", "pipefail", "-c", "serve --port 80"}));
}

// --- stages ---

TEST(DockerfileParser, MultiStageNamesIndexesAndParents) {
  const Image& image =
      image_of(parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
                     "RUN go build -o /out/app\n"
                     "FROM build AS test\n"
                     "RUN go test ./...\n"
                     "FROM gcr.io/distroless/base AS final\n"
                     "COPY --from=build /out/app /app\n"
                     "COPY --from=1 /reports /reports\n"
                     "COPY --link --chown=app:app --chmod=755 "
                     "--from=public.ecr.aws/awsguru/aws-lambda-adapter:0.8.4 "
                     "/lambda-adapter /opt/extensions/lambda-adapter\n"
                     "COPY app.py ./\n"));
  ASSERT_EQ(image.stages.size(), 3u);
  EXPECT_EQ(image.final_stage, 2u);
  EXPECT_EQ(image.stages[0].name, "build");
  EXPECT_EQ(image.stages[0].base, "golang:1.22");
  EXPECT_FALSE(image.stages[0].parent);
  EXPECT_EQ(span(image.stages[0].from), "1:1-1:52");
  EXPECT_EQ(image.stages[1].base, "build");
  EXPECT_EQ(image.stages[1].parent, 0u);
  EXPECT_EQ(at(image.stages[1].from), "3:1");
  EXPECT_EQ(image.stages[2].base, "gcr.io/distroless/base");
  EXPECT_FALSE(image.stages[2].parent);

  const std::vector<CopyFrom>& copies = image.stages[2].copies;
  ASSERT_EQ(copies.size(), 3u);  // COPY without --from is not a CopyFrom
  EXPECT_EQ(copies[0].stage, 0u);
  EXPECT_EQ(copies[0].image, "");
  EXPECT_EQ(copies[0].sources, Strings{"/out/app"});
  EXPECT_EQ(copies[0].destination, "/app");
  EXPECT_EQ(span(copies[0].where), "6:1-6:32");
  EXPECT_EQ(copies[1].stage, 1u);
  EXPECT_EQ(at(copies[1].where), "7:1");
  EXPECT_FALSE(copies[2].stage);
  EXPECT_EQ(copies[2].image, "public.ecr.aws/awsguru/aws-lambda-adapter:0.8.4");
  EXPECT_EQ(copies[2].sources, Strings{"/lambda-adapter"});
  EXPECT_EQ(copies[2].destination, "/opt/extensions/lambda-adapter");
  EXPECT_EQ(described(runs_of(image, 1)), Strings{"4:5 go test ./..."});
}

TEST(DockerfileParser, CopyFromJsonFormAndSubstitutedStage) {
  const Image& image =
      image_of(parse("FROM alpine AS Deps\n"
                     "FROM alpine\n"
                     "ARG FROM_STAGE=deps\n"
                     "ADD --from=${FROM_STAGE} [\"/a b\", \"/c\", \"/dest/\"]\n"));
  ASSERT_EQ(image.stages[1].copies.size(), 1u);
  EXPECT_EQ(image.stages[1].copies[0].stage, 0u);
  EXPECT_EQ(image.stages[1].copies[0].sources, (Strings{"/a b", "/c"}));
  EXPECT_EQ(image.stages[1].copies[0].destination, "/dest/");
}

TEST(DockerfileParser, ArgAndEnvSubstitutionInFrom) {
  auto base_of = [](std::string_view text) {
    FileFacts facts = parse(text);
    return facts.images.empty() ? std::string("<no image>") : facts.images[0].stages.back().base;
  };
  // Not declared, declared without a value, declared with one.
  EXPECT_EQ(base_of("FROM ${BASE:-public.ecr.aws/lambda/python}:3.12\n"),
            "public.ecr.aws/lambda/python:3.12");
  EXPECT_EQ(base_of("ARG BASE\nFROM ${BASE:-public.ecr.aws/lambda/python}:3.12\n"),
            "public.ecr.aws/lambda/python:3.12");
  EXPECT_EQ(base_of("ARG BASE=amazon/aws-lambda-python\n"
                    "FROM ${BASE:-public.ecr.aws/lambda/python}:3.12\n"),
            "amazon/aws-lambda-python:3.12");
  EXPECT_EQ(base_of("ARG BASE=\nFROM ${BASE:-python}:${TAG-3.12}\n"), "python:3.12");
  EXPECT_EQ(base_of("ARG BASE=\nFROM ${BASE-python}:3.12\n"), ":3.12");
  EXPECT_EQ(base_of("ARG V=3.12\nARG IMG=python:$V\nFROM \"$IMG\"-slim\n"), "python:3.12-slim");
  EXPECT_EQ(base_of("ARG SUFFIX\nFROM python${SUFFIX:+-$SUFFIX}\n"), "python");
  EXPECT_EQ(base_of("ARG SUFFIX=slim\nFROM python${SUFFIX:+-$SUFFIX}\n"), "python-slim");
  // A build argument without a value stays as written: it is given at build time.
  EXPECT_EQ(base_of("ARG BASE\nFROM $BASE\n"), "$BASE");
  // ENV and stage ARGs are not visible to FROM; global ARGs are.
  EXPECT_EQ(base_of("ARG V=1\nFROM a AS s\nENV V=2\nARG W=3\nFROM b:${V}${W:-x}\n"), "b:1x");
}

TEST(DockerfileParser, ArgAndEnvInRunWords) {
  const Image& image = image_of(
      parse("ARG TORCH=2.3\n"
            "ARG UNUSED=x\n"
            "FROM python:3.12\n"
            "ARG TORCH\n"
            "ARG EXTRA\n"
            "ENV PKGS=\"ffmpeg libsm6\" EMPTY=\n"
            "RUN pip install torch==${TORCH} $UNUSED ${EXTRA:-transformers} ${EMPTY:-e} ${EMPTY-f} "
            "${PKGS:+set} ${NOPE:-d} $HOME/bin\n"
            "RUN apt-get install -y $PKGS '$PKGS' \"$PKGS\" \\$PKGS ${#PKGS}\n"));
  EXPECT_EQ(
      described(runs_of(image)),
      (Strings{"7:5 pip install torch==2.3 $UNUSED transformers e  set ${NOPE:-d} $HOME/bin",
               "8:5 apt-get install -y 'ffmpeg libsm6' $PKGS 'ffmpeg libsm6' $PKGS ${#PKGS}"}));
}

TEST(DockerfileParser, EnvFormsAndOrder) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "ENV A=1\n"
                     "ENV A=2 B=$A\n"
                     "ENV C the rest ${A}\n"
                     "CMD echo $A $B \"$C\"\n"));
  ASSERT_TRUE(image.cmd);
  // All values of one ENV see the variables as before it.
  EXPECT_EQ(described(image.cmd->commands), Strings{"5:5 echo 2 1 'the rest 2'"});
}

TEST(DockerfileParser, EnvIsInheritedAndArgsAreNotInCmd) {
  const Image& image =
      image_of(parse("FROM alpine AS base\n"
                     "ENV PORT=8080\n"
                     "ARG MODE=prod\n"
                     "FROM base\n"
                     "RUN echo $PORT $MODE\n"
                     "CMD serve --port $PORT --mode $MODE\n"));
  EXPECT_EQ(described(runs_of(image, 1)), Strings{"5:5 echo 8080 $MODE"});
  ASSERT_TRUE(image.cmd);
  EXPECT_EQ(described(image.cmd->commands), Strings{"6:5 serve --port 8080 --mode $MODE"});
}

TEST(DockerfileParser, EffectiveEntrypointAndCmdInheritance) {
  auto effective = [](std::string_view text) {
    FileFacts facts = parse(text);
    if (facts.images.empty()) return std::string("<no image>");
    const Image& image = facts.images[0];
    std::string out = "entrypoint=" + (image.entrypoint ? at(image.entrypoint->where) : "-");
    out += " cmd=" + (image.cmd ? at(image.cmd->where) : "-");
    return out;
  };
  // Inherited through two stages.
  EXPECT_EQ(effective("FROM a AS one\nENTRYPOINT [\"e\"]\nCMD [\"c\"]\nFROM one AS two\n"
                      "FROM two\nRUN x\n"),
            "entrypoint=2:1 cmd=3:1");
  // An ENTRYPOINT in a child stage resets the inherited CMD.
  EXPECT_EQ(effective("FROM a AS one\nCMD [\"c\"]\nFROM one\nENTRYPOINT [\"e\"]\n"),
            "entrypoint=4:1 cmd=-");
  // ... but not a CMD of its own stage, before or after it.
  EXPECT_EQ(effective("FROM a AS one\nCMD [\"c\"]\nFROM one\nCMD [\"d\"]\nENTRYPOINT [\"e\"]\n"),
            "entrypoint=5:1 cmd=4:1");
  EXPECT_EQ(effective("FROM a AS one\nENTRYPOINT [\"e\"]\nFROM one\nCMD x\n"),
            "entrypoint=2:1 cmd=4:1");
  // The last one of a kind in a stage wins.
  EXPECT_EQ(effective("FROM a\nCMD one\nCMD two\n"), "entrypoint=- cmd=3:1");
  // Only the final stage counts; other stages' commands are not inherited from images.
  EXPECT_EQ(effective("FROM a AS one\nCMD [\"c\"]\nFROM b\n"), "entrypoint=- cmd=-");
}

// --- RUN commands ---

TEST(DockerfileParser, RunCommandWordsOfInstalls) {
  const Image& image =
      image_of(parse("FROM public.ecr.aws/lambda/python:3.12\n"
                     "RUN apt-get update && apt-get install -y ffmpeg\n"
                     "RUN pip install --no-cache-dir torch==2.3 transformers\n"
                     "RUN pip3 install -r requirements.txt\n"
                     "RUN conda install -c pytorch pytorch\n"
                     "RUN npm install sharp\n"
                     "RUN yum install -y opencv && dnf install -y \"cuda-toolkit-12\"\n"
                     "RUN --mount=type=cache,target=/root/.cache/pip --network=host pip install "
                     "onnxruntime-gpu\n"));
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:5 apt-get update", "2:23 apt-get install -y ffmpeg",
                     "3:5 pip install --no-cache-dir torch==2.3 transformers",
                     "4:5 pip3 install -r requirements.txt", "5:5 conda install -c pytorch pytorch",
                     "6:5 npm install sharp", "7:5 yum install -y opencv",
                     "7:30 dnf install -y cuda-toolkit-12", "8:63 pip install onnxruntime-gpu"}));
  EXPECT_EQ(runs_of(image)[0].where.span.end.column, 12u);  // the first word's span
}

TEST(DockerfileParser, RunCommandsInEveryShellConstruct) {
  const Image& image = image_of(parse(
      "FROM alpine\n"
      "RUN V=$(uname -m) && echo \"arch: `uname -s`\" | tee /log; (cd /a && make) || true; \\\n"
      "    if [ -f x ]; then pip install x; else npm ci; fi; \\\n"
      "    for p in a b; do FOO=1 pip install \"$p\" > /dev/null 2>&1; done; { sleep 1; }\n"));
  EXPECT_EQ(described(runs_of(image)),
            (Strings{"2:9 uname -m", "2:22 echo 'arch: `uname -s`'", "2:35 uname -s",
                     "2:48 tee /log", "2:59 cd /a", "2:68 make", "2:77 true", "3:23 pip install x",
                     "3:43 npm ci", "4:28 pip install $p", "4:71 sleep 1"}));
}

TEST(DockerfileParser, OnbuildRecordsNothing) {
  const Image& image =
      image_of(parse("FROM alpine\n"
                     "ONBUILD RUN pip install torch\n"
                     "onbuild CMD [\"serve\"]\n"));
  EXPECT_TRUE(runs_of(image).empty());
  EXPECT_FALSE(image.cmd);
  EXPECT_EQ(errors_of(parse("FROM a\nONBUILD FROM b\n")),
            Strings{"2:9 ONBUILD needs an instruction other than ONBUILD, FROM or MAINTAINER"});
}

TEST(DockerfileParser, ExposePositions) {
  const Image& image =
      image_of(parse("FROM nginx AS web\n"
                     "EXPOSE 80\n"
                     "FROM web\n"
                     "  EXPOSE 8080/tcp \\\n"
                     "    9090\n"));
  EXPECT_EQ(image.stages[0].exposes.size(), 1u);
  ASSERT_EQ(image.stages[1].exposes.size(), 1u);
  EXPECT_EQ(span(image.stages[1].exposes[0]), "4:3-5:9");
}

// --- suppressions ---

TEST(DockerfileParser, SuppressionsComeFromWholeLineComments) {
  FileFacts facts = parse(
      "FROM public.ecr.aws/lambda/python:3.12\n"
      "# rightfit:ignore RF301 the model is tiny\n"
      "RUN pip install \\\n"
      "    torch\n"
      "RUN pip install x # rightfit:ignore RF301 not a Dockerfile comment\n"
      "RUN <<EOF\n"
      "  # rightfit:ignore RF301 a shell comment in the script\n"
      "pip install y\n"
      "EOF\n"
      "COPY <<EOF /x\n"
      "# rightfit:ignore RF302 file content\n"
      "EOF\n");
  image_of(facts);
  ASSERT_EQ(facts.suppressions.size(), 2u);
  // Above an instruction: all its lines.
  EXPECT_EQ(facts.suppressions[0].first_line, 2u);
  EXPECT_EQ(facts.suppressions[0].last_line, 4u);
  EXPECT_EQ(facts.suppressions[0].file, "app/Dockerfile");
  EXPECT_EQ(facts.suppressions[1].first_line, 7u);
  EXPECT_EQ(facts.suppressions[1].last_line, 8u);
}

// --- malformed input ---

TEST(DockerfileParser, UnterminatedHeredocIsAnErrorAtItsStart) {
  FileFacts facts = parse("FROM alpine\nRUN echo a && cat <<EOF > /x\nhello\nEOF \n");
  EXPECT_EQ(errors_of(facts),
            Strings{"2:19 unterminated heredoc: no line `EOF` ends the heredoc started here"});
  EXPECT_TRUE(facts.images.empty());
  EXPECT_EQ(error_positions("FROM a\nRUN <<A <<B\nA\n"), Strings{"2:9"});
}

TEST(DockerfileParser, DanglingContinuationIsAnError) {
  EXPECT_EQ(errors_of(parse("FROM alpine\nRUN apt-get update && \\\n  apt-get install x \\\n")),
            Strings{"3:21 the file ends inside a line continuation: nothing follows the `\\` "
                    "that ends this line"});
  // Comment and blank lines after it do not continue it.
  EXPECT_EQ(error_positions("FROM alpine\nRUN x \\\n\n# c\n   \n"), Strings{"2:7"});
  EXPECT_EQ(error_positions("# escape=`\nFROM alpine\nRUN x `"), Strings{"3:7"});
}

TEST(DockerfileParser, FromWithoutImageIsAnError) {
  EXPECT_EQ(
      errors_of(parse("ARG X\n  FROM  \nRUN x\n")),
      Strings{"2:3 FROM without an image (FROM [--platform=<platform>] <image> [AS <name>])"});
  EXPECT_EQ(error_positions("FROM --platform=linux/amd64\n"), Strings{"1:1"});
  EXPECT_EQ(error_positions("ARG B=\nFROM ${B}\n"), Strings{"2:6"});
  EXPECT_EQ(error_positions("FROM a b\n"), Strings{"1:6"});
  EXPECT_EQ(error_positions("FROM a AS\n"), Strings{"1:6"});
  EXPECT_EQ(error_positions("FROM a AS x\nFROM b AS X\n"), Strings{"2:6"});
}

// Docker stops at the first bad instruction, and so does the parser: one error, there, not
// one for every instruction after a misspelt FROM (RF001 once per file).
TEST(DockerfileParser, StopsAtTheFirstError) {
  EXPECT_EQ(errors_of(parse("FORM a\nRUN x\nCOPY a b\nCMD [\"x\"]\n")),
            Strings{"1:1 unknown instruction `FORM`; Docker stops here"});
  EXPECT_EQ(error_positions("FROM a\nENV\nEXPOSE\nSHELL x\n"), Strings{"2:1"});
  EXPECT_EQ(error_positions("FROM a\nENV\nRUN <<EOF\nx\n"), Strings{"2:1"});
  EXPECT_EQ(error_positions("FROM a\nRUN <<EOF\nx\n"), Strings{"2:5"});
}

TEST(DockerfileParser, OtherMalformedInstructions) {
  EXPECT_EQ(errors_of(parse("FROM a\nRUNN x\n")),
            Strings{"2:1 unknown instruction `RUNN`; Docker stops here"});
  EXPECT_EQ(errors_of(parse("ARG V=1\nRUN x\nFROM a\n")),
            Strings{"2:1 `RUN` before the first FROM (only ARG can come before it)"});
  EXPECT_EQ(error_positions("FROM a AS one\nCOPY --from=two /a /b\nFROM b AS two\n"),
            Strings{"2:6"});
  EXPECT_EQ(error_positions("FROM a\nCOPY --from=0 /a /b\n"), Strings{"2:6"});
  EXPECT_EQ(error_positions("FROM a\nSHELL /bin/bash -c\n"), Strings{"2:1"});
  EXPECT_EQ(error_positions("FROM a\nENV\n"), Strings{"2:1"});
  EXPECT_EQ(error_positions("FROM a\nENV A=1 B\n"), Strings{"2:9"});
  EXPECT_EQ(error_positions("FROM a\nEXPOSE\n"), Strings{"2:1"});
  EXPECT_EQ(error_positions("FROM a AS b\nFROM c\nCOPY --from=b /x\n"), Strings{"3:1"});
  EXPECT_EQ(error_positions(""), Strings{"1:1"});
  EXPECT_EQ(error_positions("# only a comment\n"), Strings{"1:1"});
}

TEST(DockerfileParser, HostileInputIsBounded) {
  const int depth = 20000;
  std::string substitutions = "FROM a\nRUN echo ";
  for (int i = 0; i < depth; ++i) substitutions += "$(echo ";
  substitutions += std::string(depth, ')') + "\n";
  std::string expansions = "FROM a\nRUN echo ";
  for (int i = 0; i < depth; ++i) expansions += "${A:-";
  expansions += std::string(depth, '}') + "\nENV B=" + expansions.substr(16) + "\n";
  std::string subshells = "FROM a\nRUN ";
  for (int i = 0; i < depth; ++i) subshells += "( ";
  subshells += "x";
  for (int i = 0; i < depth; ++i) subshells += " )";
  subshells += "\n";
  // Each ENV is eight copies of the previous one: the values would grow past any memory.
  std::string chained = "FROM a\nENV A0=0123456789\n";
  for (int i = 1; i < 40; ++i) {
    chained += "ENV A" + std::to_string(i) + "=";
    for (int j = 0; j < 8; ++j) chained += "$A" + std::to_string(i - 1);
    chained += "\n";
  }
  chained += "RUN echo $A39\n";
  // Terminated heredocs, one more than the limit: the error points at the extra one.
  std::string heredocs = "FROM a\nRUN";
  std::string bodies;
  std::size_t extra_column = 0;
  for (int i = 0; i <= 64; ++i) {
    extra_column = heredocs.size() - 7 + 2;  // past "FROM a\n", 1-based, after the blank
    heredocs += " <<A" + std::to_string(i);
    bodies += "A" + std::to_string(i) + "\n";
  }
  heredocs += "\n" + bodies;

  auto started = std::chrono::steady_clock::now();
  for (const std::string& text : {substitutions, expansions, subshells, chained}) {
    FileFacts facts = parse(text);
    EXPECT_TRUE(facts.parse_errors.empty());
    ASSERT_EQ(facts.images.size(), 1u);
    EXPECT_FALSE(facts.images[0].stages[0].runs.empty());
  }
  EXPECT_EQ(errors_of(parse(heredocs)),
            Strings{"2:" + std::to_string(extra_column) +
                    " too many heredocs in one instruction (more than 64)"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace rightfit::dockerfile

namespace rightfit::dockerfile {
namespace {

// --- dependency files a RUN installs from ---

// "format: candidate, candidate @ line:column" per install of the final stage.
Strings installs_of(std::string_view text) {
  Image image = image_of(parse(text));
  Strings out;
  if (image.stages.empty()) return out;
  for (const DependencyInstall& install : image.stages[image.final_stage].installs) {
    std::string line = install.format + ":";
    for (const std::string& source : install.sources) line += " " + source;
    out.push_back(line + " @ " + at(install.run));
  }
  return out;
}

TEST(DockerfileParser, InstallsFromFilesCopiedIntoWorkdir) {
  EXPECT_EQ(installs_of("FROM python:3.12\n"
                        "WORKDIR /srv\n"
                        "COPY requirements.txt .\n"
                        "RUN pip install --no-cache-dir -r requirements.txt\n"),
            (Strings{"requirements: requirements.txt @ 4:5"}));
  // Renamed on the way in, found through an absolute path, WORKDIR relative to the previous.
  EXPECT_EQ(installs_of("FROM python:3.12\n"
                        "WORKDIR /opt\n"
                        "WORKDIR app\n"
                        "COPY deps/prod.txt ./requirements.txt\n"
                        "RUN python3 -m pip install -r /opt/app/requirements.txt\n"),
            (Strings{"requirements: deps/prod.txt @ 5:5"}));
  // A directory copied whole; the project of `pip install .`.
  EXPECT_EQ(installs_of("FROM python:3.12\n"
                        "COPY service/ /app/\n"
                        "WORKDIR /app\n"
                        "RUN pip install .[gpu] && pip install --requirement=extra.txt\n"),
            (Strings{"pyproject: service/pyproject.toml @ 4:5",
                     "requirements: service/extra.txt @ 4:27"}));
}

TEST(DockerfileParser, InstallsBehindUnresolvedVariablesMatchByFileName) {
  // The Lambda base image's ENV is not known here: the file name still meets.
  EXPECT_EQ(installs_of("FROM public.ecr.aws/lambda/python:3.12\n"
                        "COPY app/requirements.txt ${LAMBDA_TASK_ROOT}\n"
                        "RUN pip install -r requirements.txt -t .\n"),
            (Strings{"requirements: app/requirements.txt @ 3:5"}));
  EXPECT_EQ(installs_of("FROM public.ecr.aws/lambda/nodejs:20\n"
                        "COPY package*.json ./\n"
                        "RUN npm ci --omit=dev\n"),
            (Strings{"npm: package.json @ 3:5"}));
}

TEST(DockerfileParser, InstallsFromBindMountsCondaAndParentStages) {
  EXPECT_EQ(installs_of("FROM python:3.12\n"
                        "RUN --mount=type=cache,target=/root/.cache/pip \\\n"
                        "    --mount=type=bind,source=reqs/base.txt,target=/tmp/r.txt \\\n"
                        "    pip install -r /tmp/r.txt\n"),
            (Strings{"requirements: reqs/base.txt @ 4:5"}));
  EXPECT_EQ(installs_of("FROM continuumio/miniconda3 AS env\n"
                        "COPY environment.yml /tmp/\n"
                        "FROM env\n"
                        "RUN conda env create -f /tmp/environment.yml\n"),
            (Strings{"conda: environment.yml @ 4:5"}));
}

TEST(DockerfileParser, InstallsOnlyFromFilesTheContextProvides) {
  // Packages named on the line, a file never copied, another stage's file: no install.
  EXPECT_EQ(installs_of("FROM node:20\n"
                        "COPY package.json ./\n"
                        "RUN npm install sharp\n"
                        "RUN pip install -r /never/copied.txt\n"
                        "COPY --from=builder:1 /out/requirements.txt /r.txt\n"
                        "RUN pip install -r /r.txt\n"),
            Strings{});
}

// --- dependency files ---

// "name line:column" per package.
Strings packages_of(std::string_view format, std::string_view text) {
  Strings out;
  for (const DeclaredPackage& p : read_dependency_file(format, "ctx/file", text).packages) {
    out.push_back(p.name + " " + at(p.where));
  }
  return out;
}

TEST(DependencyFiles, RequirementsSpecifiersCommentsAndIncludes) {
  const char* text =
      "# pinned\n"
      "-r base.txt\n"
      "--extra-index-url https://download.pytorch.org/whl/cpu\n"
      "Torch==2.3.1+cpu  # the model\n"
      "  opencv_python.headless[extra]>=4 ; python_version >= '3.9'\n"
      "-e git+https://example.com/x.git#egg=x\n"
      "name-with#hash\n";
  EXPECT_EQ(packages_of("requirements", text),
            (Strings{"torch 4:1", "opencv-python-headless 5:3", "name-with 7:1"}));
  EXPECT_EQ(read_dependency_file("requirements", "r.txt", text).includes, Strings{"base.txt"});
}

TEST(DependencyFiles, PyprojectCondaAndPackageJson) {
  EXPECT_EQ(packages_of("pyproject",
                        "[project]\nname = \"x\"\ndependencies = [\n  \"boto3\",  # aws\n"
                        "  'torch>=2',\n]\n[project.optional-dependencies]\ngpu = [\"jax\"]\n"
                        "[tool.poetry.dependencies]\npython = \"^3.12\"\ntransformers = \"^4\"\n"),
            (Strings{"boto3 4:4", "torch 5:4", "transformers 11:1"}));
  EXPECT_EQ(packages_of("conda",
                        "name: x\ndependencies:\n  - python=3.11\n  - conda-forge::pytorch=2.3\n"
                        "  - pip:\n    - opencv-python\n"),
            (Strings{"python 3:5", "pytorch 4:5", "opencv-python 6:7"}));
  EXPECT_EQ(packages_of("npm",
                        "{\"dependencies\": {\"@TensorFlow/tfjs-node\": \"4\"},\n"
                        " \"devDependencies\": {\"jest\": \"29\"}}"),
            (Strings{"@tensorflow/tfjs-node 1:19"}));
  EXPECT_EQ(packages_of("npm", "not json"), Strings{});
  EXPECT_EQ(packages_of("conda", "dependencies: [unclosed"), Strings{});
}

}  // namespace
}  // namespace rightfit::dockerfile
