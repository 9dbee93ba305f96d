// SPDX-License-Identifier: MIT
#pragma once
// Hands the block pairs of a neighbour search to its threads so that the pairs in progress at
// one time share no block. Then every thread offers to one candidate list: a row's threshold
// falls with every candidate any thread has found, instead of with the 1/T of them its own
// thread saw. With a list per thread, two threads made 1.85× the offers of one (20000 × 512,
// k = 10), every thread's list cost n × 128 bytes, and the merge read all of them.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace dimscope::hubness {

class PairSchedule {
public:
    /// `pairs` index blocks 0 … blockCount − 1; a pair (a, a) is one block. The schedule reads
    /// `pairs` until it is destroyed.
    PairSchedule(const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs,
                 std::int64_t blockCount, int threads);

    /// The next pair to search (an index into `pairs`), for a thread whose last pair was
    /// `previous` (−1 at first); −1 when every pair has been handed out. Its blocks are the
    /// caller's until it calls release(). Waits while every waiting pair it looks at meets a busy
    /// block: over all pairs of B blocks, mostly in the first and last few rounds, which hold
    /// fewer pairs than there are threads.
    std::int64_t next(std::int64_t previous = -1);
    /// next() without waiting: kWait where next() would wait.
    std::int64_t tryNext(std::int64_t previous = -1);
    static constexpr std::int64_t kWait = -2;
    /// Frees a pair's blocks for the other threads.
    void release(std::int64_t pair);

    /// Releases a pair when it goes out of scope, also when the search of it throws: a block
    /// left busy would keep the other threads waiting for ever.
    struct Release {
        PairSchedule &schedule;
        std::int64_t pair;
        ~Release() { schedule.release(pair); }
    };

    /// The bytes a schedule of `pairCount` pairs holds at most: its order and marks, and each
    /// pair's round while it is being built.
    static std::uint64_t bytesFor(std::uint64_t pairCount) { return pairCount * 17; }

private:
    /// The pair after `previous` in the callers' order when it is waiting and its blocks are free
    /// (a block of the last pair is then often still in cache: 1.5 % less GEMM time than rounds
    /// alone, for all pairs in row order); else the first waiting pair, in an order of rounds of
    /// disjoint pairs, whose blocks are free. One thread thus takes the callers' order.
    std::int64_t pick(std::int64_t previous); // with the lock held

    std::mutex mutex_;
    std::condition_variable released_;
    const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs_;
    std::vector<std::int64_t> order_; // pair indices, round by round
    std::vector<char> taken_;         // per pair
    std::vector<char> busy_;          // per block
    std::size_t first_ = 0;           // every pair before this position in order_ is taken
    int window_;                      // waiting pairs looked at beyond the first
};

} // namespace dimscope::hubness
