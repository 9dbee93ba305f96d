// SPDX-License-Identifier: MIT
// forEachChunk: every chunk exactly once for any thread count, stop honoured, exceptions rethrown.
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/parallel.h"

using namespace dimscope;

TEST(Parallel, EveryChunkRunsExactlyOnceForAnyThreadCount) {
    for (int threads : {0, 1, 2, 3, 8}) {
        for (std::int64_t chunks : {0, 1, 7, 1000}) {
            std::vector<std::atomic<int>> hits(static_cast<std::size_t>(chunks));
            forEachChunk(chunks, threads,
                         [&](std::int64_t c) { ++hits[static_cast<std::size_t>(c)]; });
            for (const auto &h : hits)
                EXPECT_EQ(h.load(), 1) << threads << " " << chunks;
        }
    }
}

TEST(Parallel, StopPreventsFurtherChunks) {
    std::atomic<int> started{0};
    forEachChunk(
        100000, 2, [&](std::int64_t) { ++started; }, [&] { return started.load() >= 10; });
    EXPECT_GE(started.load(), 10);
    EXPECT_LE(started.load(), 12); // at most one chunk per thread after the stop is seen
    started = 0;
    forEachChunk(
        50, 2, [&](std::int64_t) { ++started; }, [] { return true; });
    EXPECT_EQ(started.load(), 0);
}

TEST(Parallel, FirstExceptionIsRethrownAfterJoin) {
    std::atomic<int> ran{0};
    EXPECT_THROW(forEachChunk(1000, 2,
                              [&](std::int64_t c) {
                                  ++ran;
                                  if (c == 5)
                                      throw std::runtime_error("chunk 5 failed");
                                  // Chunks must take longer than a throw (the first one in a
                                  // process takes tens of µs), or the other thread finishes them
                                  // all.
                                  std::this_thread::sleep_for(std::chrono::microseconds(200));
                              }),
                 std::runtime_error);
    EXPECT_LT(ran.load(), 1000); // remaining chunks are abandoned
}

TEST(Parallel, StreamSeedsDifferAndAreStable) {
    EXPECT_EQ(streamSeed(1, 0), streamSeed(1, 0));
    EXPECT_NE(streamSeed(1, 0), streamSeed(1, 1));
    EXPECT_NE(streamSeed(1, 0), streamSeed(2, 0));
    EXPECT_GE(defaultThreadCount(), 1);
}
