// SPDX-License-Identifier: MIT
#include "logit_kl/rdrop.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "common/parallel.h"
#include "logit_kl/logit_kl_math.h"
#include "numerics/fast_random.h"

namespace dimscope::logit_kl {

namespace {

constexpr int kFeatures = 20, kInformative = 8, kClasses = 5;
constexpr int kTrain = 800, kValidate = 200;
constexpr double kLr = 0.05, kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;

struct Data {
    Eigen::MatrixXd x; ///< d × N, train then validation columns
    Eigen::MatrixXi y; ///< classes × N
};

/// The same data for every α of one seed: the comparison is between the regularisers only.
Data makeData(std::uint64_t seed) {
    Xoshiro256pp engine(streamSeed(seed, 0));
    FastNormal normal;
    Eigen::MatrixXd u = Eigen::MatrixXd::Zero(kClasses, kFeatures);
    for (int k = 0; k < kClasses; ++k)
        for (int i = 0; i < kInformative; ++i)
            u(k, i) = normal(engine) / std::sqrt(double(kInformative));
    const double offsets[kClasses] = {0.8, 0.3, 0.0, -0.5, -1.0}; // common … rare labels
    Data d;
    d.x.resize(kFeatures, kTrain + kValidate);
    d.y.resize(kClasses, kTrain + kValidate);
    for (int n = 0; n < kTrain + kValidate; ++n) {
        for (int i = 0; i < kFeatures; ++i)
            d.x(i, n) = normal(engine);
        for (int k = 0; k < kClasses; ++k)
            d.y(k, n) = u.row(k).dot(d.x.col(n)) + offsets[k] + 0.5 * normal(engine) > 0;
    }
    return d;
}

/// One (α, seed) run: the validation F1 at every logged step.
std::vector<double> trainOne(const Data &data, double alpha, double dropout, int steps,
                             int logEvery, std::uint64_t seed, const std::function<bool()> &stop,
                             bool &stopped) {
    Xoshiro256pp engine(seed);
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(kClasses, kFeatures + 1); // bias in the last column
    Eigen::MatrixXd m = w, v = w;
    const auto xTrain = data.x.leftCols(kTrain);
    const double keep = 1.0 - dropout;
    Eigen::MatrixXd xs(kFeatures + 1, kTrain), xt(kFeatures + 1, kTrain);
    Eigen::MatrixXd gs(kClasses, kTrain), gt(kClasses, kTrain);
    std::vector<double> f1;
    const auto validate = [&] {
        Eigen::MatrixXd xv(kFeatures + 1, kValidate);
        xv.topRows(kFeatures) = data.x.rightCols(kValidate);
        xv.row(kFeatures).setOnes();
        const Eigen::MatrixXd logits = w * xv;
        std::vector<double> l(std::size_t(kClasses * kValidate));
        std::vector<int> y(l.size());
        for (int n = 0; n < kValidate; ++n)
            for (int k = 0; k < kClasses; ++k) {
                l[std::size_t(n * kClasses + k)] = logits(k, n);
                y[std::size_t(n * kClasses + k)] = data.y(k, kTrain + n);
            }
        f1.push_back(microF1(l, y));
    };
    for (int step = 0; step <= steps; ++step) {
        if (step % logEvery == 0 || step == steps)
            validate();
        if (step == steps)
            break;
        if (stop && stop()) {
            stopped = true;
            return f1;
        }
        // Two independent inverted-dropout masks over the inputs.
        for (Eigen::MatrixXd *x : {&xs, &xt}) {
            for (int n = 0; n < kTrain; ++n)
                for (int i = 0; i < kFeatures; ++i)
                    (*x)(i, n) = engine.uniform01() < keep ? xTrain(i, n) / keep : 0.0;
            x->row(kFeatures).setOnes();
        }
        const Eigen::MatrixXd s = w * xs, t = w * xt;
        for (int n = 0; n < kTrain; ++n) {
            int y[kClasses];
            for (int k = 0; k < kClasses; ++k)
                y[k] = data.y(k, n);
            double cs[kClasses], ct[kClasses];
            multiLabelCrossEntropy(s.col(n).data(), y, kClasses, cs);
            multiLabelCrossEntropy(t.col(n).data(), y, kClasses, ct);
            for (int k = 0; k < kClasses; ++k) {
                // ½(CE(s) + CE(t)) + α·Σ(σ(s)−σ(t))(s−t), per sample; the mean over N below.
                const double a = s(k, n), b = t(k, n), sa = sigmoid(a), sb = sigmoid(b);
                const double common = sa - sb;
                gs(k, n) = 0.5 * cs[k] + alpha * (sa * (1 - sa) * (a - b) + common);
                gt(k, n) = 0.5 * ct[k] + alpha * (-sb * (1 - sb) * (a - b) - common);
            }
        }
        const Eigen::MatrixXd grad = (gs * xs.transpose() + gt * xt.transpose()) / kTrain;
        m = kBeta1 * m + (1 - kBeta1) * grad;
        v = kBeta2 * v + (1 - kBeta2) * grad.cwiseAbs2();
        const double c1 = 1 - std::pow(kBeta1, step + 1), c2 = 1 - std::pow(kBeta2, step + 1);
        w.array() -= kLr * (m.array() / c1) / ((v.array() / c2).sqrt() + kEps);
    }
    return f1;
}

} // namespace

double multiLabelCrossEntropy(const double *s, const int *y, int classes, double *grad) {
    // log(1 + Σ_neg e^{s}) and log(1 + Σ_pos e^{−s}), each with its largest exponent (at least
    // the 0 of the "1 +") factored out.
    double negMax = 0, posMax = 0;
    for (int k = 0; k < classes; ++k) {
        if (y[k])
            posMax = std::max(posMax, -s[k]);
        else
            negMax = std::max(negMax, s[k]);
    }
    double negSum = std::exp(-negMax), posSum = std::exp(-posMax);
    for (int k = 0; k < classes; ++k) {
        if (y[k])
            posSum += std::exp(-s[k] - posMax);
        else
            negSum += std::exp(s[k] - negMax);
    }
    for (int k = 0; k < classes; ++k)
        grad[k] = y[k] ? -std::exp(-s[k] - posMax) / posSum : std::exp(s[k] - negMax) / negSum;
    return negMax + std::log(negSum) + posMax + std::log(posSum);
}

double microF1(const std::vector<double> &logits, const std::vector<int> &labels) {
    std::int64_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        const bool predicted = logits[i] > 0;
        tp += predicted && labels[i];
        fp += predicted && !labels[i];
        fn += !predicted && labels[i];
    }
    return tp ? 2.0 * double(tp) / double(2 * tp + fp + fn) : 0.0;
}

bool trainRDrop(const RDropSettings &s, RDropCurves &out, const std::function<bool()> &stop) {
    const int logEvery = std::max(1, s.steps / 60);
    const auto alphas = static_cast<std::int64_t>(s.alphas.size());
    std::vector<Data> data(static_cast<std::size_t>(s.seeds));
    for (int r = 0; r < s.seeds; ++r)
        data[std::size_t(r)] = makeData(streamSeed(s.seed, std::uint64_t(r)));
    std::vector<std::vector<double>> runs(static_cast<std::size_t>(alphas * s.seeds));
    std::vector<char> stopped(runs.size(), 0);
    forEachChunk(
        static_cast<std::int64_t>(runs.size()), s.threads,
        [&](std::int64_t job) {
            const auto a = static_cast<std::size_t>(job / s.seeds);
            const auto r = static_cast<std::size_t>(job % s.seeds);
            bool halted = false;
            // Dropout masks from a stream of their own; α shares the seed's data and masks.
            runs[std::size_t(job)] = trainOne(data[r], s.alphas[a], s.dropout, s.steps, logEvery,
                                              streamSeed(s.seed, 1000 + r), stop, halted);
            stopped[std::size_t(job)] = halted;
        },
        stop);
    if (stop && stop())
        return false;
    if (std::find(stopped.begin(), stopped.end(), 1) != stopped.end())
        return false;
    out = {};
    out.alphas = s.alphas;
    for (int step = 0; step <= s.steps; ++step)
        if (step % logEvery == 0 || step == s.steps)
            out.steps.push_back(step);
    out.f1.assign(s.alphas.size(), {});
    for (std::size_t a = 0; a < s.alphas.size(); ++a) {
        double final = 0;
        for (int r = 0; r < s.seeds; ++r) {
            out.f1[a].push_back(runs[a * std::size_t(s.seeds) + std::size_t(r)]);
            final += out.f1[a].back().back() / s.seeds;
        }
        out.finalF1.push_back(final);
    }
    return true;
}

} // namespace dimscope::logit_kl
