# Thin wrapper around the two README commands; CMake does the real work.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: demo test build setup clean

demo: build
	./$(BUILD)/rightfit check fixtures/demo --fail-on never

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build: setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

setup:
	bash scripts/setup.sh

clean:
	rm -rf $(BUILD)
