// SPDX-License-Identifier: MIT
#include "positions/attention_entropy.h"

#include <algorithm>
#include <cmath>

#include "common/parallel.h"
#include "numerics/fast_random.h"

namespace dimscope::positions {

namespace {

constexpr int kTrialsPerChunk = 16;

/// Per length: Σ H and Σ H² over a chunk's trials, plain then scaled.
struct Sums {
    std::vector<double> plain, plainSq, scaled, scaledSq;
    explicit Sums(std::size_t n) : plain(n, 0), plainSq(n, 0), scaled(n, 0), scaledSq(n, 0) {}
};

} // namespace

double softmaxEntropy(const double *z, int n, double lambda) {
    double top = -INFINITY;
    for (int i = 0; i < n; ++i)
        top = std::max(top, lambda * z[i]);
    double total = 0, weighted = 0;
    for (int i = 0; i < n; ++i) {
        const double u = lambda * z[i] - top;
        const double e = std::exp(u);
        total += e;
        weighted += e * u;
    }
    // H = log Σe^u − Σ e^u·u / Σe^u with u = λz − max.
    return std::log(total) - weighted / total;
}

std::vector<int> entropyLengths(int maxLength, int trainLength) {
    std::vector<int> out;
    for (double x = 2; x <= maxLength * 1.0001; x *= std::pow(2.0, 0.25)) {
        const int n = std::min(maxLength, static_cast<int>(std::lround(x)));
        if (out.empty() || n > out.back())
            out.push_back(n);
    }
    if (out.empty() || out.back() != maxLength)
        out.push_back(maxLength);
    if (trainLength >= 2 && trainLength <= maxLength &&
        !std::binary_search(out.begin(), out.end(), trainLength))
        out.insert(std::lower_bound(out.begin(), out.end(), trainLength), trainLength);
    return out;
}

bool attentionEntropy(const EntropySettings &s, EntropyCurves &out,
                      const std::function<bool()> &stop) {
    const std::size_t k = s.lengths.size();
    const int longest = s.lengths.back();
    const double logM = std::log(double(s.trainLength));
    std::vector<double> lambda(k);
    for (std::size_t i = 0; i < k; ++i)
        lambda[i] = std::log(double(s.lengths[i])) / logM;
    // λ at n = m is exactly 1 so the two curves share every value there, not just to rounding.
    for (std::size_t i = 0; i < k; ++i)
        if (s.lengths[i] == s.trainLength)
            lambda[i] = 1.0;

    const int chunks = (s.trials + kTrialsPerChunk - 1) / kTrialsPerChunk;
    std::vector<Sums> parts(static_cast<std::size_t>(chunks), Sums(k));
    std::vector<char> done(static_cast<std::size_t>(chunks), 0);
    forEachChunk(
        chunks, s.threads,
        [&](std::int64_t c) {
            Xoshiro256pp engine(streamSeed(s.seed, static_cast<std::uint64_t>(c)));
            FastNormal normal;
            Sums &sum = parts[static_cast<std::size_t>(c)];
            std::vector<double> z(static_cast<std::size_t>(longest));
            const int first = int(c) * kTrialsPerChunk;
            const int last = std::min(s.trials, first + kTrialsPerChunk);
            for (int t = first; t < last; ++t) {
                if (stop && stop())
                    return;
                double normSq = 0;
                for (int i = 0; i < s.headDim; ++i) {
                    const double v = normal(engine);
                    normSq += v * v;
                }
                const double sd = std::sqrt(normSq / s.headDim);
                for (double &v : z)
                    v = sd * normal(engine);
                for (std::size_t i = 0; i < k; ++i) {
                    const double hp = softmaxEntropy(z.data(), s.lengths[i], 1.0);
                    const double hs =
                        lambda[i] == 1.0 ? hp : softmaxEntropy(z.data(), s.lengths[i], lambda[i]);
                    sum.plain[i] += hp;
                    sum.plainSq[i] += hp * hp;
                    sum.scaled[i] += hs;
                    sum.scaledSq[i] += hs * hs;
                }
            }
            done[static_cast<std::size_t>(c)] = 1;
        },
        stop);
    if (std::find(done.begin(), done.end(), 0) != done.end())
        return false;

    Sums total(k);
    for (const Sums &p : parts) // chunk order: the same sums whatever the thread count
        for (std::size_t i = 0; i < k; ++i) {
            total.plain[i] += p.plain[i];
            total.plainSq[i] += p.plainSq[i];
            total.scaled[i] += p.scaled[i];
            total.scaledSq[i] += p.scaledSq[i];
        }
    const double n = s.trials;
    const auto se = [n](double sum, double sumSq) {
        if (n < 2)
            return 0.0;
        const double mean = sum / n;
        return std::sqrt(std::max(0.0, (sumSq - n * mean * mean) / (n - 1)) / n);
    };
    out = {};
    out.lengths = s.lengths;
    out.lambda = lambda;
    for (std::size_t i = 0; i < k; ++i) {
        out.plain.push_back(total.plain[i] / n);
        out.logScaled.push_back(total.scaled[i] / n);
        out.plainSe.push_back(se(total.plain[i], total.plainSq[i]));
        out.logScaledSe.push_back(se(total.scaled[i], total.scaledSq[i]));
        const double logN = std::log(double(s.lengths[i]));
        out.approxPlain.push_back(logN - 0.5);
        out.approxLogScaled.push_back(logN - 0.5 * lambda[i] * lambda[i]);
    }
    return true;
}

} // namespace dimscope::positions
