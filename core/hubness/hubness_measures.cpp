// SPDX-License-Identifier: MIT
#include "hubness/hubness_measures.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/constants/constants.hpp>

namespace dimscope::hubness {

namespace {

std::vector<double> ranks(const std::vector<double> &v) {
    const std::size_t n = v.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && v[order[j + 1]] == v[order[i]])
            ++j;
        const double average = 0.5 * static_cast<double>(i + j) + 1.0; // ranks are 1-based
        for (std::size_t t = i; t <= j; ++t)
            r[order[t]] = average;
        i = j + 1;
    }
    return r;
}

double pearson(const std::vector<double> &a, const std::vector<double> &b) {
    const double n = static_cast<double>(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

/// m3 / m2^1.5 over any numbers, each taken as a double (the same sums in the same order whatever
/// the element type, so N_k as integers and as doubles give the same bits).
template <class Values>
std::optional<double> skewnessOf(const Values &values) {
    const double n = static_cast<double>(values.size());
    if (values.empty())
        return std::nullopt;
    double total = 0;
    for (const auto v : values)
        total += static_cast<double>(v);
    const double mean = total / n;
    double m2 = 0, m3 = 0;
    for (const auto v : values) {
        const double c = static_cast<double>(v) - mean;
        m2 += c * c;
        m3 += c * c * c;
    }
    m2 /= n;
    m3 /= n;
    if (!(m2 > 0))
        return std::nullopt;
    return m3 / std::pow(m2, 1.5);
}

} // namespace

std::optional<double> populationSkewness(const std::vector<double> &values) {
    return skewnessOf(values);
}

std::optional<double> spearman(const std::vector<double> &a, const std::vector<double> &b) {
    if (a.size() != b.size() || a.size() < 2)
        return std::nullopt;
    const auto constant = [](const std::vector<double> &v) {
        return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
    };
    if (constant(a) || constant(b))
        return std::nullopt;
    return pearson(ranks(a), ranks(b));
}

HubnessMeasures hubnessMeasures(const std::vector<std::int64_t> &occurrence, int k,
                                std::int64_t queries, double hubSize) {
    HubnessMeasures m;
    const std::size_t count = occurrence.size();
    if (count == 0)
        return m;
    const double n = static_cast<double>(count);
    const double nq = static_cast<double>(queries > 0 ? queries : static_cast<std::int64_t>(count));
    // No copy of N_k as doubles (a streamed neighbour file has 10⁸ of them): each value is
    // converted where it is used, which gives the same sums as a converted copy did.
    const auto &o = occurrence;
    double sum = 0;
    for (const std::int64_t v : o)
        sum += static_cast<double>(v);
    const double mean = sum / n;

    const auto skew = skewnessOf(o);
    m.constantOccurrence = !skew.has_value();
    m.kSkewness = skew.value_or(0.0);

    // scipy truncnorm(a, b).moment(3) with b = INT64_MAX standardised (≈ +∞): the raw third moment
    // of a standard normal truncated below at a, E[Z³ | Z > a] = (a² + 2) φ(a) / (1 − Φ(a)).
    double ss = 0;
    for (const std::int64_t value : o) {
        const double v = static_cast<double>(value);
        ss += (v - mean) * (v - mean);
    }
    const double sd1 = count > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
    if (sd1 > 0) {
        const double a = (0.0 - mean) / sd1;
        const double pdf =
            std::exp(-0.5 * a * a) / std::sqrt(2 * boost::math::constants::pi<double>());
        const double survival = 0.5 * std::erfc(a / std::sqrt(2.0));
        m.kSkewnessTruncnorm = survival > 0 ? (a * a + 2) * pdf / survival : 0.0;
    }

    double absDev = 0, sqrtMean = 0;
    for (const std::int64_t value : o) {
        const double v = static_cast<double>(value);
        absDev += std::fabs(v - mean);
        sqrtMean += std::sqrt(std::max(v, 0.0));
    }
    sqrtMean /= n;
    if (sum > 0) {
        m.robinhood = 0.5 * absDev / sum;
        std::vector<std::int64_t> sorted = o;
        std::sort(sorted.begin(), sorted.end());
        double weighted = 0;
        for (std::size_t i = 0; i < count; ++i)
            weighted +=
                (2.0 * static_cast<double>(i + 1) - n - 1.0) * static_cast<double>(sorted[i]);
        m.gini = weighted / (n * sum);
        m.atkinson = 1.0 - sqrtMean * sqrtMean / mean;
    }

    const double hubThreshold = hubSize * k;
    double hubMass = 0;
    for (std::int64_t v : occurrence) {
        if (v == 0)
            ++m.antihubCount;
        if (static_cast<double>(v) >= hubThreshold) {
            ++m.hubCount;
            hubMass += static_cast<double>(v);
        }
        m.maxKOccurrence = std::max(m.maxKOccurrence, v);
    }
    m.antihubOccurrence = static_cast<double>(m.antihubCount) / n;
    m.hubOccurrence = hubMass / (k * nq);
    m.groupieRatio = static_cast<double>(m.maxKOccurrence) / (k * nq);
    return m;
}

} // namespace dimscope::hubness
