// SPDX-License-Identifier: MIT
// Su's meta-learned per-coordinate learning rate (gradients.md §2.2): gains ν ≥ 0 learned by EGU
// on the same loss, whose hypergradient is −η g_{t−1} ⊙ g_t:
//   ν_{t+1} = clip(ν_t ⊙ exp(γ g_{t−1} ⊙ g_t)),   θ_{t+1} = θ_t − η ν_{t+1} ⊙ g_t,   ν_0 = 1,
// or with sign(g_{t−1} ⊙ g_t) in the exponent (the sign variant, free of the gradients' scale).
#include "optimizers/kinds.h"

namespace dimscope::optim::detail {

namespace {

template <class T>
class MetaLr final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    MetaLr(const OptimizerSettings &s, Eigen::Index n)
        : m_lr(T(s.lr)), m_gamma(T(s.gamma)), m_min(T(s.nuMin)), m_max(T(s.nuMax)),
          m_sign(s.metaVariant == MetaLrVariant::Sign), m_nu(Array::Ones(n)),
          m_previous(Array::Zero(n)) {}

    void step(Array &theta, const Array &grad) override {
        // g_{−1} = 0: the first step leaves ν at 1. An overflowing exp gives +inf, which the clip
        // turns into nuMax.
        if (m_sign)
            m_nu = (m_nu * (m_gamma * (m_previous * grad).sign()).exp()).max(m_min).min(m_max);
        else
            m_nu = (m_nu * (m_gamma * m_previous * grad).exp()).max(m_min).min(m_max);
        theta -= m_lr * m_nu * grad;
        m_previous = grad;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index i) const override { return m_lr * m_nu(i); }
    const Array *state(StateVector v) const override {
        if (v == StateVector::Gain)
            return &m_nu;
        return v == StateVector::PreviousGradient ? &m_previous : nullptr;
    }

private:
    T m_lr, m_gamma, m_min, m_max;
    bool m_sign;
    Array m_nu, m_previous;
};

} // namespace

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeMetaLr(const OptimizerSettings &s, Eigen::Index size) {
    return std::make_unique<MetaLr<T>>(s, size);
}

template std::unique_ptr<BasicOptimizer<float>> makeMetaLr<float>(const OptimizerSettings &,
                                                                  Eigen::Index);
template std::unique_ptr<BasicOptimizer<double>> makeMetaLr<double>(const OptimizerSettings &,
                                                                    Eigen::Index);

} // namespace dimscope::optim::detail
