#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sanitizer builds (clang, from Debian):
#   bash scripts/sanitize.sh address   the suite under ASan + UBSan: every numeric kernel and
#                                      reader, every explorer through the contract tests, every
#                                      view through the view contract, the command line (which
#                                      exports every plot), and a short libFuzzer run of every
#                                      reader of user files (fuzz.*). The views' own tests are
#                                      left to the ordinary build.
#   bash scripts/sanitize.sh thread    TSan over the parallel kernels (every explorer at 1 and 3
#                                      threads, kNN, the thread pool) and the GUI's job runner
#                                      (compiled alone against Qt Core: tests/sanitizers)
# Build folders: build-asan, build-tsan (or $DIMSCOPE_BUILD_DIR). Further arguments go to cmake:
#   bash scripts/sanitize.sh address -DDIMSCOPE_ARCH=x86-64-v3 -DDIMSCOPE_WERROR=ON
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: sanitize.sh address|thread [cmake arguments]}
shift
bash scripts/install_missing.sh clang libclang-rt-14-dev
export CC=clang CXX=clang++
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
# -O2, NDEBUG as in a release build. At -O1 Eigen's expression templates are left half inlined and
# the ASan suite took 3× as long (22 against 8 minutes on two cores) for stacks barely easier to read.
# The defaults of the options a caller may change are given too: CMake keeps a -D in its cache, so
# `sanitize.sh address -DDIMSCOPE_ARCH=x86-64-v3` followed by `sanitize.sh address` would otherwise
# build for x86-64-v3 again. The caller's arguments come last and win.
common=(-DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O2 -DNDEBUG" -DDIMSCOPE_ARCH=native
        -DDIMSCOPE_WERROR=OFF)
case "$kind" in
address)
    export DIMSCOPE_BUILD_DIR=${DIMSCOPE_BUILD_DIR:-build-asan}
    # With the GUI: our views, app and their tests are instrumented; Debian's Qt is not, so a
    # fault inside Qt itself is not caught, but every bad access of ours that reaches it is.
    # Of the view tests only the contract (tests/views/CMakeLists.txt says why).
    bash scripts/common.sh "${common[@]}" -DDIMSCOPE_BUILD_GUI=ON -DDIMSCOPE_BUILD_BENCH=OFF \
        -DDIMSCOPE_VIEW_CONTRACT_ONLY=ON -DDIMSCOPE_SANITIZE=address,undefined -DDIMSCOPE_FUZZ=ON "$@"
    # Leaks are reported too; Qt's and fontconfig's one-time allocations at exit are not ours.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
    export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ctest --test-dir "$DIMSCOPE_BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 1200
    ;;
thread)
    export DIMSCOPE_BUILD_DIR=${DIMSCOPE_BUILD_DIR:-build-tsan}
    targets=(test_explorer_contract test_parallel test_knn test_partitioned test_pair_schedule
        sanitize_job_runner)
    bash scripts/install_missing.sh g++ cmake ninja-build lld qt6-base-dev libeigen3-dev \
        libboost-random-dev libboost-math-dev nlohmann-json3-dev libgtest-dev libhnswlib-dev \
        libopenblas-dev zlib1g-dev
    cmake -S . -B "$DIMSCOPE_BUILD_DIR" -G Ninja "${common[@]}" -DDIMSCOPE_BUILD_GUI=OFF \
        -DDIMSCOPE_SANITIZE=thread "$@"
    cmake --build "$DIMSCOPE_BUILD_DIR" -j"$(nproc)" --target "${targets[@]}"
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp
    ctest --test-dir "$DIMSCOPE_BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 1200 \
        -R '^(core\.contract\.test_explorer_contract|core\.common\.test_parallel|core\.neighbors\.test_knn|core\.neighbors\.test_partitioned|core\.neighbors\.test_pair_schedule|sanitize\.job_runner)$'
    ;;
*) echo "sanitize.sh: unknown kind '$kind'; expected address or thread" >&2; exit 2 ;;
esac
