# Thin wrapper around the two README commands; CMake does the real work.
BUILD ?= build
BUILD_ASAN ?= build-asan
JOBS ?= $(shell nproc)
SANITIZER_ENV = ASAN_OPTIONS=detect_stack_use_after_return=1:strict_string_checks=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: demo test test-asan build build-asan setup clean

demo: build
	./$(BUILD)/rightfit check fixtures/demo --fail-on never

# The test suite, then the same suite under ASan+UBSan.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan

build: setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

# -O1: the sanitizers' usual trade between build time and test time.
build-asan: setup
	cmake -S . -B $(BUILD_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRIGHTFIT_SANITIZE=ON \
	  -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
	cmake --build $(BUILD_ASAN) -j $(JOBS)

test-asan: build-asan
	cd $(BUILD_ASAN) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS)

setup:
	bash scripts/setup.sh

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
