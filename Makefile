# Thin wrapper around the two README commands; CMake does the real work.
BUILD ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
JOBS ?= $(shell nproc)
# Seconds each fuzz target runs: in `make fuzz`, and briefly in `make test`.
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 15
# ccache, when installed, makes rebuilds after `git checkout` or `make clean` cheap.
CCACHE := $(shell command -v ccache 2>/dev/null)
LAUNCHER = $(if $(CCACHE),-DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE),\
                   -UCMAKE_C_COMPILER_LAUNCHER -UCMAKE_CXX_COMPILER_LAUNCHER)
SANITIZER_ENV = ASAN_OPTIONS=detect_stack_use_after_return=1:strict_string_checks=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
                LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan_suppressions.txt:print_suppressions=0

.PHONY: demo test check quick test-image tidy test-asan fuzz configure build build-cli build-asan build-fuzz \
        setup clean

# Builds the rightfit binary only (no tests): the quickest way to try it. It sets up only
# what the binary needs (scripts/setup.sh --build) and configures without the tests, so it
# needs neither the test tools nor GoogleTest; `make quick`/`test` add them later.
demo: build-cli
	./$(BUILD)/rightfit check fixtures/demo --fail-on never

# Every test: the suite, the OCI image, clang-tidy, then the same suite under ASan+UBSan (with libstdc++'s assertions),
# then each fuzz target briefly.
# What CI runs (.ci/run); `check` is the same thing under the name `make` users expect.
test: quick
	$(MAKE) --no-print-directory test-image
	$(MAKE) --no-print-directory tidy
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

check: test

# The loop while changing the code: one build, the whole suite, no sanitizers, no fuzzing.
quick: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --label-exclude image

# The OCI image built from the .deb and Debian packages, run with podman (tests/oci_image_test.cpp;
# packaging/image/build.sh). Root and the network to the Debian mirror; minutes from cold.
test-image: build
	cd $(BUILD) && ctest --output-on-failure --label-regex image

# Which set scripts/setup.sh installs and whether CMake configures the tests: everything,
# unless the target only builds the binary.
SETUP_SET ?= test
TESTS ?= ON
demo build-cli: SETUP_SET = build
demo build-cli: TESTS = OFF

configure: setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIGHTFIT_TESTS=$(TESTS) \
	  $(LAUNCHER)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

build-cli: configure
	cmake --build $(BUILD) -j $(JOBS) --target rightfit

# clang-tidy over the production sources (.clang-tidy), with the build's compile commands;
# every finding is an error. Part of `test` (after the suite, before the sanitizers).
tidy: build
	bash scripts/clang-tidy.sh $(BUILD) $(JOBS)

# -O1: the sanitizers' usual trade between build time and test time.
build-asan: setup
	cmake -S . -B $(BUILD_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRIGHTFIT_SANITIZE=ON $(LAUNCHER) \
	  -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
	cmake --build $(BUILD_ASAN) -j $(JOBS)

test-asan: build-asan
	cd $(BUILD_ASAN) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) --label-exclude image

build-fuzz: setup
	cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIGHTFIT_FUZZ=ON $(LAUNCHER) \
	  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_targets

fuzz: build-fuzz
	bash fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

setup:
	bash scripts/setup.sh --$(SETUP_SET)

# Installs the built binary, the clang-tidy module and the docs below $(DESTDIR)$(PREFIX).
PREFIX ?= /usr/local
.PHONY: install package
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)" --strip

# The Debian package, $(BUILD)/rightfit_<version>_<arch>.deb (see README, Install).
package: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
