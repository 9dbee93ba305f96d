// SPDX-License-Identifier: MIT
#pragma once
// Hands the block pairs of a neighbour search to its threads so that the pairs in progress at
// one time share no block. Then every thread offers to one candidate list: a row's threshold
// falls with every candidate any thread has found, instead of with the 1/T of them its own
// thread saw. With a list per thread, two threads made 1.85× the offers of one (20000 × 512,
// k = 10), every thread's list cost n × 128 bytes, and the merge read all of them.

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

    struct Claim {
        std::int64_t pair = -1; ///< index into `pairs`; −1 when none is left
        /// No pair in progress shares a block with this one, until it is released. Otherwise
        /// (the pairs still waiting all meet a busy block) the claim goes to a list of the
        /// thread's own, so that no thread ever waits for another.
        bool exclusive = false;
    };

    /// The next pair to search, for a thread whose last pair was `previous` (−1 at first): the
    /// pair after it in the callers' order when that is waiting and its blocks are free (a block
    /// of the last pair is then often still in cache: 1.5 % less GEMM time than rounds alone, for
    /// all pairs in row order); else the first waiting pair, in an order of rounds of disjoint
    /// pairs, whose blocks are free. One thread thus takes the pairs in the callers' order.
    Claim next(std::int64_t previous = -1);
    /// Frees an exclusive claim's blocks.
    void release(const Claim &claim);

    /// The bytes a schedule of `pairCount` pairs holds at most: its order and marks, and each
    /// pair's round while it is being built.
    static std::uint64_t bytesFor(std::uint64_t pairCount) { return pairCount * 17; }

private:
    std::mutex mutex_;
    const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs_;
    std::vector<std::int64_t> order_; // pair indices, round by round
    std::vector<char> taken_;         // per pair
    std::vector<char> busy_;          // per block
    std::size_t first_ = 0;           // every pair before this position in order_ is taken
    Claim take(std::int64_t pair);    // with the lock held
    int window_;                      // waiting pairs looked at beyond the first
};

} // namespace dimscope::hubness
