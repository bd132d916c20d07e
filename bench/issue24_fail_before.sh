#!/usr/bin/env bash
# Runs issue 24's regression tests against the code before their fix, one group per fix, each
# at the first parent of the commit or merge that added its tests (see `output`), through
# bench/fail_before.sh. Prints PASS/FAIL/HANG per test with the failing assertions; the
# results go to bench/RESULTS.md by hand.
#   bash bench/issue24_fail_before.sh [GROUP] [WORKTREE]
# GROUP (default later):
#   later   the `paths`, `recursion`, `parsing` and second `hostile` merges' tests, at 9fd5517
#           (the first parent of the `paths` merge b82828e)
#   flags   the first `hostile` merge a07e740's tests (compile flags, `${file()}` and
#           symlinks, -j 1000), at its first parent b645444
#   config  bd762b4's (limit ceilings, control characters in text), at 3ee7b46
#   output  e784489's (-o onto devices, FIFOs, symlinks; the LSP after a wrong Content-Length),
#           9255f05's (valid UTF-8 in JSON, SARIF, GitLab) and ce9a289's (usage ceilings,
#           finite cost reports), all at 0db1e1b, e784489's parent: the three commits follow
#           each other and each touches only its own class's code (output_file, the LSP reader;
#           json_writer.h, printable, json_rpc; config.cpp), so 0db1e1b is each test's before
#           for its class, and one build instead of three (json_writer.h is in most files).
#           The device test runs in a private /dev (bench/private_dev.sh): as root the code
#           before it replaces /dev/null.
#   cache   the C++ cache's tests (a forged, deep or special entry; a special dependency), at
#           016beb2, the first parent of bdb0e89 (issue 27) that fixed the class
#   hcl     the HCL `1e3` fixture (fixtures/terraform/number_exponents), at 9fd5517
#   links   a found compile database linked from outside changes nothing, at 9fd5517 (the
#           first parent of the `paths` merge that fixed it)
#   gaps    `-include` of a special file and the -j 1000 clamp (threads started), at b645444
# WORKTREE (default /work/wt-issue24-before) must lie under /work (ccache's base_dir); it is
# reused from group to group, so run the groups in the order above to rebuild the least;
# `cache` and `gaps` build only the code under test (UNITS): give them a worktree of their own.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
group=${1:-later}
tree=${2:-/work/wt-issue24-before}
run() { bash "$here/bench/fail_before.sh" "$@"; }

case $group in
  later)
    # The `paths` branch's three files as it added them (b82828e), the later branches' as on
    # HEAD. The smallest adaptations to APIs that 9fd5517 lacks (each named in
    # bench/RESULTS.md): read_file_from_disk's limits argument; the eval budget's settings (the
    # default budget is what is tested); the thread-creation hook of on_deep_stack/parallel_for;
    # parsers/wide_text.h (the WideText unit tests of the new transcoder go, HostileParsing's
    # stay).
    filter='HostileSpecialFiles.*:HostileReads.*:LspServer.EveryWorkspaceFolder*:LspServer.Requests*'
    filter+=':HostileRecursion*:HostileParsing.*:HostileBuildPaths.*:*HostileBounds*'
    ADAPT='
      sed -i "s/read_file_from_disk(path, limits)/read_file_from_disk(path)/" hostile_special_files_test.cpp
      for t in TheEvaluationBudgetIsConfigurable OnDeepStackRunsOnTheCallerWhenNoThreadStarts \
               ParallelForDoesAllTheWorkOnTheCallerWhenNoThreadStarts \
               ControlNestingCountsUnbracedBodiesAndElseChains; do
        drop_test hostile_recursion_test.cpp "$t"
      done
      sed -i "/^int refuse_threads(/d; /config.limits.max_eval_values = 100.000;/d" hostile_recursion_test.cpp
      sed -i "/#include \"parsers\/wide_text.h\"/d" hostile_parsing_test.cpp
      for t in EveryFormBecomesTheSameUtf8 Utf8AndBinaryAreLeftAlone BrokenCodeUnitsBecomeReplacementCharacters; do
        drop_test hostile_parsing_test.cpp "$t"
      done' TIMEOUT=40 run 9fd5517 "$filter" "$tree" \
      b82828e:hostile_special_files_test.cpp b82828e:hostile_reads_test.cpp \
      b82828e:lsp_server_test.cpp HEAD:hostile_recursion_test.cpp HEAD:hostile_parsing_test.cpp \
      HEAD:hostile_build_paths_test.cpp HEAD:host_process.h HEAD:hostile_bounds_test.cpp ;;
  flags)
    # Adaptations: sanitize_compile_command's directory and tree arguments (b645444's takes
    # the argv alone: it never looked at the file `-include` names) are ignored by a test-local
    # overload; kMaxParallelJobs (the clamp the fix adds, 256) is defined in the test;
    # Analysis::refused (the list --verbose prints, new) reads as empty, as b645444 refuses
    # nothing. Added: this checkout's gap test of linked files (issue 24's last verification).
    ADAPT='
      gap=$(perl -0ne "print \$1 if /(\nTEST_F\(HostileReads, ALinkedFileOutsideTheRootThatIsNoDockerfileIsNeverQuoted\).*?\n}\n)/s" "$here/tests/hostile_reads_test.cpp")
      GAP=$gap perl -0pi -e "s/\n}  \/\/ namespace\n}  \/\/ namespace rightfit\n\z/\$ENV{GAP}\n}  \/\/ namespace\n}  \/\/ namespace rightfit\n/" hostile_reads_test.cpp
      perl -0pi -e "s/(namespace rightfit \{\n)/namespace rightfit::cpp {\ninline SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv, const std::string&, const std::string& = \"\") { return sanitize_compile_command(argv); }\n}  \/\/ namespace rightfit::cpp\n\n\$1/" hostile_flags_test.cpp
      sed -i "s/^namespace {$/namespace {\nconstexpr std::size_t kMaxParallelJobs = 256;/" parallel_test.cpp
      sed -i "s/a\.refused/std::vector<std::string>{}/g" hostile_reads_test.cpp' \
      run b645444 'HostileCompileFlags.*:CompileFlagAllowlist.*:HostileReads.*:ParallelFor.*' \
      "$tree" a07e740:hostile_flags_test.cpp a07e740:hostile_reads_test.cpp \
      a07e740:parallel_test.cpp ;;
  config)
    # Adaptation: the unit assertion on escape_controls (the escaper the fix adds) goes; the
    # text and -f github assertions before it stay.
    ADAPT='sed -i "/EXPECT_EQ(escape_controls(/d" reporters_test.cpp' \
      run 3ee7b46 'Config.LimitsAboveTheirCeilingsAreErrors:ReportersText.ControlCharactersAreEscaped' \
      "$tree" bd762b4:config_test.cpp bd762b4:reporters_test.cpp ;;
  output)
    # Adaptation: the unit assertions on is_valid_utf8/to_valid_utf8 (functions 9255f05 adds)
    # go; each format is still parsed with RapidJSON's encoding validation.
    ADAPT='
      sed -i "/EXPECT_\(TRUE\|FALSE\)(is_valid_utf8(/d" reporters_test.cpp
      perl -0pi -e "s/  EXPECT_EQ\(to_valid_utf8\(.*?;\n//s" reporters_test.cpp' \
      WRAP="bash $here/bench/private_dev.sh" WRAP_ONLY='^OutputFile\.' TIMEOUT=40 \
      run 0db1e1b 'OutputFile.*:LspProtocol.AWrongContentLengthDoesNotSilenceTheServer:LspMessageReader.*:ReportersJson.InvalidUtf8BecomesReplacementCharacters:Cli.UsageAtItsCeilingKeepsReportsFinite' \
      "$tree" 9255f05:reporters_test.cpp e784489:lsp_protocol_test.cpp \
      e784489:lsp_units_test.cpp ce9a289:cli_test.cpp ;;
  cache)
    # bdb0e89 (issue 27) moved the C++ cache out of the tree and made entries bounded regular
    # files parsed iteratively; its tests came later (6bada87 on `paths`, 1d5f623 on
    # `recursion`). Adaptations: only the two cache tests are kept of each file (the others
    # test later fixes and APIs); parsers/deep_stack.h (new on `recursion`, used by none of
    # the two) is not included. Only the code under test is compiled (UNITS: the cache and the
    # atomic writer it stores with), and 016beb2's content_hash (in cpp_parser.cpp, with Clang)
    # taken as it is into a file of its own.
    ADAPT='
      keep_tests hostile_special_files_test.cpp ACacheEntryOrDependencyThatIsNoSaneFileIsAMiss
      keep_tests hostile_recursion_test.cpp DeepCacheEntryIsIgnored
      sed -i "/#include \"parsers\/deep_stack.h\"/d" hostile_recursion_test.cpp
      kept+=(before_content_hash.cpp)
      { echo "#include <llvm/ADT/StringRef.h>"; echo "#include <llvm/Support/SHA256.h>"
        echo "#include <array>"
        echo "#include \"parsers/cpp/cpp_parser.h\""; echo "namespace rightfit::cpp {"
        git -C "$here" show 016beb2:parsers/cpp/cpp_parser.cpp | sed -n "/^std::string content_hash(/,/^}/p"
        echo "}  // namespace rightfit::cpp"; } >before_content_hash.cpp' \
      UNITS="driver/code_cache.cpp analyzer/output_file.cpp" UNIT_FLAGS="-I/usr/lib/llvm-19/include -DRIGHTFIT_VERSION=\"016beb2\"" \
      UNIT_LIBS="-L/usr/lib/llvm-19/lib -lLLVM" TIMEOUT=40 \
      run 016beb2 'HostileSpecialFiles.ACache*:HostileRecursionJson.DeepCacheEntryIsIgnored' \
      "$tree" 6bada87:hostile_special_files_test.cpp 1d5f623:hostile_recursion_test.cpp ;;
  hcl)
    # c468f65 (on `parsing`) made HCL's `1e3` a number and added the fixture; 9fd5517 (the
    # `later` group's before) lacks it. Adaptation: the fixture is copied in as c468f65 added
    # it; FixturesTest (9fd5517's own) is the test every fixture runs through (only the lines
    # that name number_exponents concern this class).
    ADAPT='
      mkdir -p ../fixtures/terraform/number_exponents
      git -C "$here" show c468f65:fixtures/terraform/number_exponents/main.tf \
        >../fixtures/terraform/number_exponents/main.tf' \
      TIMEOUT=300 run 9fd5517 'FixturesTest.*' "$tree" 9fd5517:fixtures_test.cpp ;;
  links)
    # 6bada87 (on `paths`) refuses a found compile database that links out of the tree; the
    # test as this checkout has it asserts what such a database changes (its -D makes an
    # RF102), not only the refusal. No adaptation: only that test of the file is kept, and the
    # handler it writes (tests/loop_handler.h) comes with it.
    ADAPT='keep_tests hostile_reads_test.cpp AFoundCompileDatabaseLinkedFromOutsideIsNotRead' \
      run 9fd5517 'HostileReads.AFoundCompileDatabase*' "$tree" HEAD:hostile_reads_test.cpp \
      HEAD:loop_handler.h ;;
  gaps)
    # At b645444 (the first `hostile` merge's before), two tests the `flags` group did not
    # run: `-include` of a FIFO or of a link to /dev/zero (added by 6bada87, fixed by 7091b4f
    # in a07e740) and the -j 1000 clamp as this checkout asserts it (threads started, not
    # threads that ran an index). Adaptations as in `flags`: sanitize_compile_command's
    # directory and tree arguments dropped by a test-local overload; kMaxParallelJobs defined
    # in the test. Only those tests of each file are kept, and only the code they test is
    # compiled (UNITS: parallel_for.h is a header; compile_flags.cpp).
    ADAPT='
      keep_tests hostile_special_files_test.cpp AnIncludedFileThatIsNoRegularFileIsDropped
      perl -0pi -e "s/(namespace rightfit \{\n)/namespace rightfit::cpp {\ninline SanitizedCommand sanitize_compile_command(const std::vector<std::string>& argv, const std::string&, const std::string& = \"\") { return sanitize_compile_command(argv); }\n}  \/\/ namespace rightfit::cpp\n\n\$1/" hostile_special_files_test.cpp
      keep_tests parallel_test.cpp RunsEveryIndexExactlyOnce AThousandJobsAreClampedAndEveryIndexRuns AThousandJobsUnderAnAddressSpaceCapContinue
      sed -i "s/^namespace {$/namespace {\nconstexpr std::size_t kMaxParallelJobs = 256;/" parallel_test.cpp' \
      UNITS=parsers/cpp/compile_flags.cpp TIMEOUT=40 \
      run b645444 'HostileSpecialFiles.*:ParallelFor.*' "$tree" \
      6bada87:hostile_special_files_test.cpp HEAD:parallel_test.cpp ;;
  *) sed -n '2,29p' "$0"; exit 2 ;;
esac
