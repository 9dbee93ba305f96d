// SPDX-License-Identifier: MIT
// The exact search's candidate lists: whatever order the offers come in, and with many ties,
// each row keeps exactly the `kept` smallest (value, index) pairs, and its threshold is the
// largest kept value. Both layouts: the sorted vector insert (AVX-512 builds, kept ≤ 16) and the
// heap.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "neighbors/top_k.h"

using namespace dimscope::hubness;

namespace {

using Offer = std::pair<float, std::int32_t>;

/// Offers `offers` to row 1 of a three-row list (rows 0 and 2 must stay untouched) and checks
/// the kept set and the threshold against a sort.
void expectKeepsTheSmallest(std::vector<Offer> offers, int kept, TopK::Layout layout) {
    TopK top(3, kept, layout);
    for (const Offer &o : offers)
        top.offer(1, o.first, o.second);
    std::vector<Offer> got;
    for (int e = 0; e < kept; ++e)
        if (top.indicesOf(1)[e] != TopK::kEmpty)
            got.emplace_back(top.valuesOf(1)[e], top.indicesOf(1)[e]);
    std::sort(got.begin(), got.end());
    std::sort(offers.begin(), offers.end());
    offers.resize(std::min<std::size_t>(offers.size(), static_cast<std::size_t>(kept)));
    EXPECT_EQ(got, offers) << "kept " << kept;
    const float worst = static_cast<int>(offers.size()) == kept ? offers.back().first : TopK::kInf;
    EXPECT_EQ(top.threshold[1], worst) << "kept " << kept;
    for (std::int64_t row : {0, 2}) {
        EXPECT_EQ(top.threshold[static_cast<std::size_t>(row)], TopK::kInf);
        for (int e = 0; e < kept; ++e)
            EXPECT_EQ(top.indicesOf(row)[e], TopK::kEmpty);
    }
}

class TopKLayouts : public ::testing::TestWithParam<TopK::Layout> {};

} // namespace

TEST_P(TopKLayouts, KeepsTheSmallestUnderValueThenIndexInAnyOrder) {
    std::mt19937 engine(5);
    for (int kept : {1, 2, 5, 14, 15, 16, 17, 40}) {
        for (int trial = 0; trial < 20; ++trial) {
            // 300 candidates on 12 distinct values: ties everywhere, also at the kept-th place.
            std::vector<Offer> offers;
            for (std::int32_t j = 0; j < 300; ++j)
                offers.emplace_back(static_cast<float>(engine() % 12) * 0.25f, j);
            if (trial % 3 == 0)
                std::reverse(offers.begin(), offers.end()); // descending indices
            else if (trial % 3 == 1)
                std::shuffle(offers.begin(), offers.end(), engine);
            expectKeepsTheSmallest(offers, kept, GetParam());
        }
    }
}

TEST_P(TopKLayouts, FewerOffersThanKeptLeavePlaceholders) {
    expectKeepsTheSmallest({{3.0f, 7}, {-1.0f, 9}, {3.0f, 2}}, 5, GetParam());
    expectKeepsTheSmallest({}, 16, GetParam());
}

TEST_P(TopKLayouts, AllValuesEqualKeepTheSmallestIndices) {
    std::vector<Offer> offers;
    for (std::int32_t j = 99; j >= 0; --j)
        offers.emplace_back(1.5f, j * 7 % 100);
    expectKeepsTheSmallest(offers, 14, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Both, TopKLayouts,
                         ::testing::Values(TopK::Layout::Fastest, TopK::Layout::Heap),
                         [](const auto &info) {
                             return info.param == TopK::Layout::Heap ? "Heap" : "Fastest";
                         });
