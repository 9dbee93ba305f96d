// SPDX-License-Identifier: MIT
#pragma once
// Application-level parallelism: independent chunks handed to a few std::threads. Each chunk owns
// its random stream (seeded from the run seed and the chunk index), so results do not depend on the
// thread count or on which thread ran which chunk.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace dimscope {

/// Threads to use when the caller asks for 0 ("all"): the hardware's count, at least 1.
inline int defaultThreadCount() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

/// Calls work(chunk) for chunk = 0..chunkCount-1 on up to `threads` threads (0 = all cores).
/// Chunks are taken in increasing order. If `stop` returns true, no further chunk starts.
/// The first exception thrown by a chunk is rethrown here after all threads have joined.
inline void forEachChunk(std::int64_t chunkCount, int threads,
                         const std::function<void(std::int64_t)> &work,
                         const std::function<bool()> &stop = {}) {
    if (threads <= 0)
        threads = defaultThreadCount();
    threads =
        static_cast<int>(std::min<std::int64_t>(threads, std::max<std::int64_t>(chunkCount, 1)));
    std::atomic<std::int64_t> next{0};
    std::exception_ptr firstError;
    std::mutex errorMutex;
    const auto loop = [&] {
        for (;;) {
            if (stop && stop())
                return;
            const std::int64_t chunk = next.fetch_add(1);
            if (chunk >= chunkCount)
                return;
            try {
                work(chunk);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!firstError)
                    firstError = std::current_exception();
                next.store(chunkCount);
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(loop);
        } catch (const std::system_error &) {
            break; // no more threads to be had (a pids limit): the ones running share the chunks
        }
    }
    loop();
    for (auto &t : pool)
        t.join();
    if (firstError)
        std::rethrow_exception(firstError);
}

/// A well-mixed 64-bit seed for stream `stream` of a run seeded with `seed` (SplitMix64 finaliser),
/// so neighbouring chunk indices get unrelated engines.
inline std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace dimscope
