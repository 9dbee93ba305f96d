// SPDX-License-Identifier: MIT
#include "neighbors/pair_schedule.h"

#include <algorithm>

namespace dimscope::hubness {

PairSchedule::PairSchedule(const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs,
                           std::int64_t blockCount, int threads)
    : pairs_(pairs), taken_(pairs.size(), 0), busy_(static_cast<std::size_t>(blockCount), 0),
      window_(4 * std::max(threads, 1) + 16) {
    // Each pair goes to the first round after every earlier pair of either of its blocks, so a
    // round never holds a block twice. For all pairs of B blocks in row order, pair (a, b) lands
    // in round a + b: about B/2 disjoint pairs per round in the middle, one at either end.
    std::vector<std::int64_t> nextRound(busy_.size(), 0), roundOf(pairs.size());
    std::int64_t rounds = 0;
    for (std::size_t q = 0; q < pairs.size(); ++q) {
        const auto a = static_cast<std::size_t>(pairs[q].first);
        const auto b = static_cast<std::size_t>(pairs[q].second);
        const std::int64_t round = std::max(nextRound[a], nextRound[b]);
        nextRound[a] = nextRound[b] = round + 1;
        roundOf[q] = round;
        rounds = std::max(rounds, round + 1);
    }
    // Counting sort by round, keeping the callers' order within a round.
    std::vector<std::int64_t> start(static_cast<std::size_t>(rounds) + 1, 0);
    for (const std::int64_t r : roundOf)
        ++start[static_cast<std::size_t>(r) + 1];
    for (std::size_t r = 1; r < start.size(); ++r)
        start[r] += start[r - 1];
    order_.resize(pairs.size());
    for (std::size_t q = 0; q < pairs.size(); ++q)
        order_[static_cast<std::size_t>(start[static_cast<std::size_t>(roundOf[q])]++)] =
            static_cast<std::int64_t>(q);
}

std::int64_t PairSchedule::next(std::int64_t previous) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        const std::int64_t pair = pick(previous);
        if (pair != kWait)
            return pair;
        released_.wait(lock);
    }
}

std::int64_t PairSchedule::tryNext(std::int64_t previous) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return pick(previous);
}

void PairSchedule::release(std::int64_t pair) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto [a, b] = pairs_[static_cast<std::size_t>(pair)];
        busy_[static_cast<std::size_t>(a)] = busy_[static_cast<std::size_t>(b)] = 0;
    }
    released_.notify_all();
}

std::int64_t PairSchedule::pick(std::int64_t previous) {
    const auto isFree = [&](std::int64_t pair) {
        const auto [a, b] = pairs_[static_cast<std::size_t>(pair)];
        return !taken_[static_cast<std::size_t>(pair)] && !busy_[static_cast<std::size_t>(a)] &&
               !busy_[static_cast<std::size_t>(b)];
    };
    const auto take = [&](std::int64_t pair) {
        const auto [a, b] = pairs_[static_cast<std::size_t>(pair)];
        taken_[static_cast<std::size_t>(pair)] = 1;
        busy_[static_cast<std::size_t>(a)] = busy_[static_cast<std::size_t>(b)] = 1;
        return pair;
    };
    if (previous >= 0 && previous + 1 < static_cast<std::int64_t>(pairs_.size()) &&
        isFree(previous + 1))
        return take(previous + 1);
    while (first_ < order_.size() && taken_[static_cast<std::size_t>(order_[first_])])
        ++first_;
    if (first_ == order_.size())
        return -1;
    // Every pair in progress holds at most two blocks, and a round meets each block once, so a
    // free pair is almost always among the next few waiting ones.
    int looked = 0;
    for (std::size_t s = first_; s < order_.size() && looked <= window_; ++s) {
        if (taken_[static_cast<std::size_t>(order_[s])])
            continue;
        ++looked;
        if (isFree(order_[s]))
            return take(order_[s]);
    }
    return kWait;
}

} // namespace dimscope::hubness
