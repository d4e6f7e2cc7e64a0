# The newcomer's commands: `make run` and `make test` (each installs what is missing first).
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA_DIR ?= ./var

.PHONY: run test build build-test bench bench-scale fuzz format deps docs clean

run: build
	@mkdir -p $(DATA_DIR)
	./build/release/menshen serve --listen $(LISTEN) --data-dir $(DATA_DIR)

build:
	@scripts/install-deps.sh build
	cmake --preset release -DMENSHEN_TESTS=OFF >/dev/null
	cmake --build build/release -j$(JOBS)

# Tests run under AddressSanitizer + UndefinedBehaviorSanitizer.
build-test:
	@scripts/install-deps.sh test
	cmake --preset asan >/dev/null
	cmake --build build/asan -j$(JOBS)

test: build-test
	ctest --preset asan -j$(JOBS)

bench:
	@scripts/install-deps.sh bench
	bench/run.sh

bench-scale:
	@scripts/install-deps.sh bench
	bench/scale.sh

fuzz:
	@scripts/install-deps.sh fuzz
	cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-16 -DMENSHEN_FUZZ=ON -DMENSHEN_TESTS=OFF >/dev/null
	cmake --build build/fuzz -j$(JOBS) --target fuzz_catalog_table fuzz_http_request fuzz_jwt_verify fuzz_account_input fuzz_oauth_input

docs: build
	./build/release/menshen catalog export --profile menshen --format md > docs/errors.md

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
