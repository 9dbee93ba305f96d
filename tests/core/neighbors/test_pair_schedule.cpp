// SPDX-License-Identifier: MIT
// The schedule that lets the neighbour search's threads share one candidate list: every pair is
// handed out once, two exclusive pairs in progress never share a block, a thread alone takes the
// pairs in the callers' order, and a thread that finds only busy blocks is not kept waiting.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "neighbors/pair_schedule.h"

using namespace dimscope::hubness;

namespace {

using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;

Pairs allPairs(std::int64_t blocks) {
    Pairs pairs;
    for (std::int64_t a = 0; a < blocks; ++a)
        for (std::int64_t b = a; b < blocks; ++b)
            pairs.emplace_back(a, b);
    return pairs;
}

bool shareABlock(const std::pair<std::int64_t, std::int64_t> &p,
                 const std::pair<std::int64_t, std::int64_t> &q) {
    return p.first == q.first || p.first == q.second || p.second == q.first || p.second == q.second;
}

} // namespace

TEST(PairSchedule, OneThreadTakesThePairsInTheCallersOrder) {
    const Pairs pairs = allPairs(9);
    PairSchedule schedule(pairs, 9, 1);
    PairSchedule::Claim claim;
    for (std::int64_t q = 0; q < static_cast<std::int64_t>(pairs.size()); ++q) {
        claim = schedule.next(claim.pair);
        EXPECT_EQ(claim.pair, q);
        EXPECT_TRUE(claim.exclusive);
        schedule.release(claim);
    }
    EXPECT_EQ(schedule.next(claim.pair).pair, -1);
}

// Threads are simulated: each holds its claim for a random number of steps, so that claims are
// made and released in many interleavings.
TEST(PairSchedule, ExclusivePairsInProgressShareNoBlockAndEveryPairIsHandedOutOnce) {
    for (const int threads : {2, 3, 8}) {
        const std::int64_t blocks = 40;
        const Pairs pairs = allPairs(blocks);
        PairSchedule schedule(pairs, blocks, threads);
        std::mt19937 random(7u + static_cast<unsigned>(threads));
        std::vector<PairSchedule::Claim> held(static_cast<std::size_t>(threads));
        std::vector<int> stepsLeft(static_cast<std::size_t>(threads), 0);
        std::vector<int> handedOut(pairs.size(), 0);
        int notExclusive = 0, running = threads;
        for (auto &claim : held) {
            claim = schedule.next(claim.pair);
            ++handedOut[static_cast<std::size_t>(claim.pair)];
        }
        while (running > 0) {
            for (int t = 0; t < threads; ++t) {
                PairSchedule::Claim &claim = held[static_cast<std::size_t>(t)];
                if (claim.pair < 0 || stepsLeft[static_cast<std::size_t>(t)]-- > 0)
                    continue;
                schedule.release(claim);
                claim = schedule.next(claim.pair);
                stepsLeft[static_cast<std::size_t>(t)] = static_cast<int>(random() % 4);
                if (claim.pair < 0) {
                    --running;
                    continue;
                }
                ++handedOut[static_cast<std::size_t>(claim.pair)];
                notExclusive += !claim.exclusive;
                for (int u = 0; u < threads; ++u) {
                    const PairSchedule::Claim &other = held[static_cast<std::size_t>(u)];
                    if (u != t && claim.exclusive && other.pair >= 0 && other.exclusive) {
                        ASSERT_FALSE(shareABlock(pairs[static_cast<std::size_t>(claim.pair)],
                                                 pairs[static_cast<std::size_t>(other.pair)]))
                            << threads << " threads: pairs " << claim.pair << " and " << other.pair;
                    }
                }
            }
        }
        EXPECT_TRUE(std::all_of(handedOut.begin(), handedOut.end(), [](int c) { return c == 1; }))
            << threads << " threads";
        // Rounds of disjoint pairs leave a free one near the front, except in the first and last
        // few rounds, which hold fewer pairs than there are threads: 0, 5 and 38 of the 820 pairs
        // went to a thread's own list here; in the callers' row order, 16, 85 and 420.
        EXPECT_LE(notExclusive, threads * threads) << threads << " threads";
    }
}

TEST(PairSchedule, AThreadThatFindsOnlyBusyBlocksGetsAPairOfItsOwn) {
    Pairs pairs; // every pair meets block 0
    for (std::int64_t b = 0; b < 6; ++b)
        pairs.emplace_back(0, b);
    PairSchedule schedule(pairs, 6, 2);
    const PairSchedule::Claim first = schedule.next();
    EXPECT_TRUE(first.exclusive);
    const PairSchedule::Claim second = schedule.next();
    EXPECT_NE(second.pair, first.pair);
    EXPECT_FALSE(second.exclusive);
    schedule.release(second); // not exclusive: frees nothing, block 0 stays busy
    EXPECT_FALSE(schedule.next().exclusive);
    schedule.release(first);
    EXPECT_TRUE(schedule.next().exclusive);
}
