// SPDX-License-Identifier: MIT
#include "positions/position_schemes.h"

#include <algorithm>
#include <cmath>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "numerics/constants.h"

namespace dimscope::positions {

std::vector<double> samplePositions(const SchemeSettings &s, Xoshiro256pp &engine) {
    const int n = s.trainLength;
    std::vector<double> p(static_cast<std::size_t>(n));
    switch (s.scheme) {
    case Scheme::Standard:
        for (int i = 0; i < n; ++i)
            p[std::size_t(i)] = i;
        break;
    case Scheme::Random: {
        // The first N entries of a uniform permutation of 0…L−1: a partial Fisher–Yates shuffle
        // (L is at most 65536, so the dense id array is cheap).
        std::vector<int> ids(static_cast<std::size_t>(s.maxLength));
        for (int i = 0; i < s.maxLength; ++i)
            ids[std::size_t(i)] = i;
        for (int i = 0; i < n; ++i) {
            boost::random::uniform_int_distribution<int> pick(i, s.maxLength - 1);
            std::swap(ids[std::size_t(i)], ids[std::size_t(pick(engine))]);
        }
        std::sort(ids.begin(), ids.begin() + n);
        for (int i = 0; i < n; ++i)
            p[std::size_t(i)] = ids[std::size_t(i)];
        break;
    }
    case Scheme::EqualMean: {
        double length = 0;
        if (s.law == LengthLaw::Exponential) {
            boost::random::exponential_distribution<double> law(1.0 / n);
            length = law(engine);
        } else {
            const double a = s.betaA, b = a * (s.testLength - n) / double(n);
            boost::random::beta_distribution<double> law(a, b);
            length = s.testLength * law(engine);
        }
        for (int i = 0; i < n; ++i)
            p[std::size_t(i)] = n > 1 ? length * i / (n - 1) : 0.0;
        break;
    }
    }
    return p;
}

std::vector<double> ropeFrequencies(int headDim, double base) {
    std::vector<double> theta(static_cast<std::size_t>(headDim / 2));
    for (int j = 0; j < headDim / 2; ++j)
        theta[std::size_t(j)] = std::pow(base, -2.0 * j / headDim);
    return theta;
}

void tallyPositions(const std::vector<double> &positions, PositionTally &t) {
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const double id = std::nearbyint(positions[i]);
        if (id >= 0 && id < double(t.ids.size()))
            ++t.ids[static_cast<std::size_t>(id)];
        if (i > 0) {
            t.gapSum += positions[i] - positions[i - 1];
            ++t.gaps;
        }
    }
}

int angleBin(double p, double theta, int bins) {
    const double turns = p * theta / (2 * kPi);
    const double frac = turns - std::floor(turns);
    return std::min(bins - 1, static_cast<int>(frac * bins));
}

void tallyAngles(const std::vector<double> &positions, const std::vector<double> &frequencies,
                 AngleTally &a) {
    for (std::size_t j = 0; j < frequencies.size(); ++j) {
        auto &row = a.counts[j];
        for (double p : positions)
            ++row[static_cast<std::size_t>(angleBin(p, frequencies[j], a.bins))];
    }
}

} // namespace dimscope::positions
