// SPDX-License-Identifier: MIT
#include "loss_scaling/scaler_training.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "common/parallel.h"
#include "numerics/constants.h"
#include "optimizers/optimizer.h"

namespace dimscope::loss_scaling {

namespace {

optim::OptimizerSettings adam(double lr, double epsilon) {
    optim::OptimizerSettings s;
    s.kind = optim::OptimizerKind::Adam;
    s.lr = lr;
    s.epsilon = epsilon;
    return s;
}

/// One seed: the fp32 run and the run in the format, advanced together.
class ScaledReplicate {
public:
    ScaledReplicate(const ScalerSettings &s, int index)
        : m_s(s), m_seed(streamSeed(s.seed, static_cast<std::uint64_t>(index))),
          m_data(regressionData(s.shape, m_seed)), m_layout(layoutOf(s.shape)) {
        m_theta32 = initialParameters(s.shape, m_seed);
        m_theta = m_theta32;
        m_adam32 = optim::makeOptimizer<float>(adam(s.lr, s.epsilon), m_layout, m_theta32);
        m_adam = optim::makeOptimizer<float>(adam(s.lr, s.epsilon), m_layout, m_theta);
        m_scale = s.scaler == ScalerKind::None    ? 1.0
                  : s.scaler == ScalerKind::Fixed ? s.fixedScale
                                                  : s.initialScale;
    }

    /// Steps up to `until`, logging every `every` steps into the seed's rows of the trace.
    bool advance(std::int64_t until, std::int64_t every, std::vector<double> &fp32,
                 std::vector<double> &loss, std::vector<double> &scale,
                 std::vector<double> &skipped, const std::function<bool()> &stop) {
        for (; m_step < until; ++m_step) {
            if (stop && stop())
                return false;
            const double l32 =
                lossAndScaledGradient(m_s.shape, m_theta32, m_data, 1.0f, std::nullopt, m_grad);
            m_adam32->step(m_theta32, m_grad);
            double l = kNaN;
            const double usedScale = m_scale;
            if (!m_diverged) {
                l = lossAndScaledGradient(m_s.shape, m_theta, m_data, float(m_scale), m_s.format,
                                          m_grad);
                stepFormat();
                if (!std::isfinite(l))
                    m_diverged = true;
            }
            if (m_step % every == 0 || m_step + 1 == m_s.steps) {
                fp32.push_back(l32);
                loss.push_back(m_diverged ? kNaN : l);
                scale.push_back(usedScale);
                skipped.push_back(double(m_skipped));
            }
        }
        return true;
    }

    std::int64_t skippedSteps() const { return m_skipped; }

private:
    void stepFormat() {
        const bool finite = m_grad.isFinite().all();
        if (!finite && m_s.scaler == ScalerKind::Dynamic) {
            ++m_skipped; // GradScaler: skip optimizer.step, back off, start counting again
            m_scale *= 0.5;
            m_cleanSteps = 0;
            return;
        }
        // Unscale in fp32, as GradScaler.unscale_ does; an inf without the dynamic scaler reaches
        // Adam and poisons θ, and the next loss is NaN.
        m_grad /= static_cast<float>(m_scale);
        m_adam->step(m_theta, m_grad);
        if (!m_theta.isFinite().all())
            m_diverged = true;
        if (m_s.scaler == ScalerKind::Dynamic && ++m_cleanSteps >= m_s.growthInterval) {
            m_scale *= 2.0;
            m_cleanSteps = 0;
        }
    }

    const ScalerSettings &m_s;
    std::uint64_t m_seed;
    DeepNetData m_data;
    ParamLayout m_layout;
    Eigen::ArrayXf m_theta32, m_theta, m_grad;
    std::unique_ptr<optim::Optimizer> m_adam32, m_adam;
    double m_scale = 1;
    std::int64_t m_step = 0, m_skipped = 0, m_cleanSteps = 0;
    bool m_diverged = false;
};

} // namespace

std::int64_t logIntervalFor(std::int64_t steps) { return std::max<std::int64_t>(1, steps / 300); }

bool trainWithScaler(const ScalerSettings &s, TrainingTrace &trace,
                     const std::function<bool()> &stop,
                     const std::function<void(const TrainingTrace &, std::int64_t)> &onBlock) {
    const std::size_t seeds = static_cast<std::size_t>(s.seeds);
    const std::int64_t every = logIntervalFor(s.steps);
    trace = {};
    trace.fp32Loss.assign(seeds, {});
    trace.loss.assign(seeds, {});
    trace.scale.assign(seeds, {});
    trace.skipped.assign(seeds, {});
    std::vector<std::unique_ptr<ScaledReplicate>> replicates;
    for (int r = 0; r < s.seeds; ++r)
        replicates.push_back(std::make_unique<ScaledReplicate>(s, r));
    // Blocks of steps between snapshots; a block is a whole number of logging intervals, so every
    // seed logs the same steps.
    const std::int64_t block = every * std::max<std::int64_t>(1, 100 / every);
    for (std::int64_t done = 0; done < s.steps;) {
        const std::int64_t until = std::min(s.steps, done + block);
        std::vector<char> finished(seeds, 0);
        forEachChunk(
            s.seeds, s.threads,
            [&](std::int64_t r) {
                const auto i = static_cast<std::size_t>(r);
                finished[i] = replicates[i]->advance(until, every, trace.fp32Loss[i], trace.loss[i],
                                                     trace.scale[i], trace.skipped[i], stop);
            },
            stop);
        if (std::find(finished.begin(), finished.end(), 0) != finished.end())
            return false;
        for (std::int64_t step = done; step < until; ++step)
            if (step % every == 0 || step + 1 == s.steps)
                trace.steps.push_back(step);
        done = until;
        trace.skippedTotal.clear();
        for (const auto &r : replicates)
            trace.skippedTotal.push_back(r->skippedSteps());
        if (onBlock)
            onBlock(trace, done);
    }
    return true;
}

AdamScaleCheck adamScaleCheck(const DeepNetShape &shape, double k, double epsilon, double lr,
                              int steps, std::uint64_t seed) {
    AdamScaleCheck c;
    c.k = k;
    c.epsilon = epsilon;
    c.steps = steps;
    const DeepNetData data = regressionData(shape, seed);
    const ParamLayout layout = layoutOf(shape);
    const Eigen::ArrayXf start = initialParameters(shape, seed);
    const auto run = [&](double lossFactor, double eps) {
        Eigen::ArrayXf theta = start, grad;
        auto opt = optim::makeOptimizer<float>(adam(lr, eps), layout, theta);
        for (int i = 0; i < steps; ++i) {
            lossAndScaledGradient(shape, theta, data, float(lossFactor), std::nullopt, grad);
            opt->step(theta, grad);
        }
        return theta;
    };
    const Eigen::ArrayXf scaled = run(k, epsilon), epsOverK = run(1.0, epsilon / k),
                         plain = run(1.0, epsilon);
    c.movement = (scaled - start).abs().maxCoeff();
    c.scaledVsEpsOverK = (scaled - epsOverK).abs().maxCoeff();
    c.scaledVsPlain = (scaled - plain).abs().maxCoeff();
    return c;
}

} // namespace dimscope::loss_scaling
