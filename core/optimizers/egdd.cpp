// SPDX-License-Identifier: MIT
// EGDD, "Exponentiated Gradient Delta-Delta", as tensorflow/lingvo's lingvo/core/egdd.py applies
// it (gradients.md §2.3): heavy-ball momentum with per-coordinate gains p inside and a scale s per
// tensor outside, both updated by unnormalised EG. Per tensor, for a gradient g:
//   c ← c + 1
//   s ← clip(s · exp(γ_s ⟨ĝ_dir, m̂_dir⟩))   directions: g/(‖g‖+1e-10), m/(‖m‖+1e-10); or g, m
//   ĝ ← ḡ / (1 − β^max(c−1, 1))
//   p ← clip(p ⊙ exp(γ_p sign(g) ⊙ sign(ḡ)))   or exp(γ_p g ⊙ ĝ) without use_signs
//   m ← μ m + η p ⊙ g;   ḡ ← β ḡ + (1−β) g;   θ ← θ − s m
// The scale and gains use the old m and ḡ, as the TensorFlow graph reads them before assigning.
#include <algorithm>
#include <cmath>

#include "optimizers/kinds.h"

namespace dimscope::optim::detail {

namespace {

template <class T>
class Egdd final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    Egdd(const OptimizerSettings &s, const ParamLayout &layout)
        : m_s(s), m_layout(layout), m_momentum(Array::Zero(layout.size())),
          m_gbar(Array::Zero(layout.size())),
          m_gain(Array::Constant(layout.size(), T(s.initialGain))),
          m_scale(layout.tensors.size(), T(s.initialScale)) {}

    void step(Array &theta, const Array &grad) override {
        const std::int64_t c = ++this->m_steps;
        // The bias correction of the old EMA; β^max(c−1, 1) keeps it finite at c = 1, where ḡ = 0.
        const auto correction =
            T(1.0 - std::pow(m_s.egddBeta, double(std::max<std::int64_t>(c - 1, 1))));
        const auto beta = T(m_s.egddBeta), mu = T(m_s.momentum), lr = T(m_s.lr);
        const auto gainLr = T(m_s.gainLr), gainMin = T(m_s.gainMin), gainMax = T(m_s.gainMax);
        for (std::size_t t = 0; t < m_layout.tensors.size(); ++t) {
            const TensorBlock &block = m_layout.tensors[t];
            const auto g = grad.segment(block.offset, block.size());
            auto m = m_momentum.segment(block.offset, block.size());
            auto gbar = m_gbar.segment(block.offset, block.size());
            auto p = m_gain.segment(block.offset, block.size());
            auto th = theta.segment(block.offset, block.size());

            const double inner = (g * m).template cast<double>().sum();
            double exponent = inner;
            if (m_s.useDirections) {
                const double gNorm = std::sqrt(g.template cast<double>().square().sum());
                const double mNorm = std::sqrt(m.template cast<double>().square().sum());
                exponent = inner / ((gNorm + 1e-10) * (mNorm + 1e-10));
            }
            m_scale[t] = T(std::clamp(double(m_scale[t]) * std::exp(m_s.scaleLr * exponent),
                                      m_s.scaleMin, m_s.scaleMax));
            if (m_s.useSigns)
                p = (p * (gainLr * g.sign() * gbar.sign()).exp()).max(gainMin).min(gainMax);
            else
                p = (p * (gainLr * g * gbar / correction).exp()).max(gainMin).min(gainMax);
            m = mu * m + lr * p * g;
            gbar = beta * gbar + (T(1) - beta) * g;
            th -= m_scale[t] * m;
        }
    }
    T effectiveStep(Eigen::Index i) const override {
        return m_scale[tensorOf(i)] * T(m_s.lr) * m_gain(i);
    }
    const Array *state(StateVector v) const override {
        switch (v) {
        case StateVector::Momentum: return &m_momentum;
        case StateVector::Gain: return &m_gain;
        case StateVector::GradientEma: return &m_gbar;
        default: return nullptr;
        }
    }
    std::vector<T> scales() const override { return m_scale; }

private:
    std::size_t tensorOf(Eigen::Index i) const {
        for (std::size_t t = 0; t < m_layout.tensors.size(); ++t)
            if (i < m_layout.tensors[t].offset + m_layout.tensors[t].size())
                return t;
        return m_layout.tensors.size() - 1;
    }

    OptimizerSettings m_s;
    ParamLayout m_layout;
    Array m_momentum, m_gbar, m_gain;
    std::vector<T> m_scale;
};

} // namespace

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgdd(const OptimizerSettings &s, const ParamLayout &layout) {
    return std::make_unique<Egdd<T>>(s, layout);
}

template std::unique_ptr<BasicOptimizer<float>> makeEgdd<float>(const OptimizerSettings &,
                                                                const ParamLayout &);
template std::unique_ptr<BasicOptimizer<double>> makeEgdd<double>(const OptimizerSettings &,
                                                                  const ParamLayout &);

} // namespace dimscope::optim::detail
