// SPDX-License-Identifier: MIT
// Multiplicative updates (gradients.md §2.1): EGU θ ← θ ⊙ exp(−ηg) for θ > 0, the exact
// reparametrised GD θ ← θ ⊙ exp(−ηθ ⊙ g), and EG± with θ = θ⁺ − θ⁻. Every exponent is clamped to
// ±exponentClamp, so that one step never overflows exp; weights that still underflow to exactly 0
// stay there (0 is absorbing) and are counted by underflowCount.
#include <algorithm>
#include <stdexcept>

#include "optimizers/kinds.h"

namespace dimscope::optim::detail {

namespace {

/// Entries of `v` that are exactly 0. Every multiplicative weight starts > 0, so these are the
/// ones an update drove there.
template <class T>
std::int64_t zeros(const ArrayT<T> &v) {
    return std::int64_t((v == T(0)).count());
}

template <class T>
class Egu final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    Egu(const OptimizerSettings &s, const Array &theta)
        : m_lr(T(s.lr)), m_clamp(T(s.exponentClamp)), m_theta(theta) {}
    void step(Array &theta, const Array &grad) override {
        theta *= (-m_lr * grad).max(-m_clamp).min(m_clamp).exp();
        m_theta = theta;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index i) const override { return m_lr * m_theta(i); }
    std::int64_t underflowCount() const override { return zeros<T>(m_theta); }

private:
    T m_lr, m_clamp;
    Array m_theta; ///< θ after the last step, for effectiveStep and the count
};

template <class T>
class ReparamGd final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    ReparamGd(const OptimizerSettings &s, const Array &theta)
        : m_lr(T(s.lr)), m_clamp(T(s.exponentClamp)), m_theta(theta) {}
    void step(Array &theta, const Array &grad) override {
        // GD on φ = log θ: φ ← φ − η θ ⊙ ∇_θL, the factor θ that EGU drops (§2.1).
        theta *= (-m_lr * theta * grad).max(-m_clamp).min(m_clamp).exp();
        m_theta = theta;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index i) const override { return m_lr * m_theta(i) * m_theta(i); }
    std::int64_t underflowCount() const override { return zeros<T>(m_theta); }

private:
    T m_lr, m_clamp;
    Array m_theta;
};

template <class T>
class EgPm final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    EgPm(const OptimizerSettings &s, const ParamLayout &layout, Array &theta)
        : m_layout(layout), m_totalWeight(s.totalWeight),
          m_perNeuron(s.normalisation == EgNormalisation::Neuron), m_clamp(T(s.exponentClamp)) {
        // KW97's normalised EG± moves weights that sum to U: the gradient with respect to their
        // shares is U·g, hence the exponent η·U·g (§2.4 check 3).
        m_exponentLr = T(m_totalWeight > 0 ? s.lr * s.totalWeight : s.lr);
        const auto scale = T(s.initScale);
        m_plus = scale + theta.max(T(0));
        m_minus = scale - theta.min(T(0));
        if (m_totalWeight > 0)
            normalise();
        theta = m_plus - m_minus;
    }

    void step(Array &theta, const Array &grad) override {
        m_ratio = (-m_exponentLr * grad).max(-m_clamp).min(m_clamp).exp();
        m_plus *= m_ratio;
        m_minus /= m_ratio;
        if (m_totalWeight > 0)
            normalise();
        theta = m_plus - m_minus;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index i) const override {
        return m_exponentLr * (m_plus(i) + m_minus(i));
    }
    const Array *state(StateVector v) const override {
        if (v == StateVector::Plus)
            return &m_plus;
        return v == StateVector::Minus ? &m_minus : nullptr;
    }
    std::int64_t underflowCount() const override { return zeros<T>(m_plus) + zeros<T>(m_minus); }

private:
    /// θ± ← U θ± / Σ(θ⁺ + θ⁻) over each tensor, or over each neuron (a weight's row and its bias
    /// entry). Sums in double: a tensor can hold 10⁵ weights.
    void normalise() {
        using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
        for (const TensorBlock &t : m_layout.tensors) {
            if (t.isBias && m_perNeuron)
                continue; // rescaled with the neurons of its weight
            auto plus = Eigen::Map<Matrix>(m_plus.data() + t.offset, t.rows, t.cols).array();
            auto minus = Eigen::Map<Matrix>(m_minus.data() + t.offset, t.rows, t.cols).array();
            if (!m_perNeuron || t.isBias) {
                const double z = (plus + minus).template cast<double>().sum();
                if (z > 0) { // else every weight of the set underflowed: nothing to rescale
                    plus *= T(m_totalWeight / z);
                    minus *= T(m_totalWeight / z);
                }
                continue;
            }
            // Row r of a weight is neuron r's incoming weights; its bias entry joins the sum.
            Eigen::ArrayXd z = (plus + minus).template cast<double>().rowwise().sum();
            if (t.bias >= 0) {
                const TensorBlock &b = m_layout.tensors[std::size_t(t.bias)];
                z += (m_plus.segment(b.offset, b.rows) + m_minus.segment(b.offset, b.rows))
                         .template cast<double>();
            }
            const Eigen::Array<T, Eigen::Dynamic, 1> factor =
                (z > 0).select(m_totalWeight / z, 1.0).template cast<T>();
            plus.colwise() *= factor;
            minus.colwise() *= factor;
            if (t.bias >= 0) {
                const TensorBlock &b = m_layout.tensors[std::size_t(t.bias)];
                m_plus.segment(b.offset, b.rows) *= factor;
                m_minus.segment(b.offset, b.rows) *= factor;
            }
        }
    }

    ParamLayout m_layout;
    double m_totalWeight;
    bool m_perNeuron;
    T m_clamp;
    T m_exponentLr = 0;
    Array m_plus, m_minus, m_ratio;
};

} // namespace

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgu(const OptimizerSettings &s, const ArrayT<T> &theta) {
    return std::make_unique<Egu<T>>(s, theta);
}

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeReparamGd(const OptimizerSettings &s,
                                                 const ArrayT<T> &theta) {
    return std::make_unique<ReparamGd<T>>(s, theta);
}

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeEgPm(const OptimizerSettings &s, const ParamLayout &layout,
                                            ArrayT<T> &theta) {
    return std::make_unique<EgPm<T>>(s, layout, theta);
}

template std::unique_ptr<BasicOptimizer<float>> makeEgu<float>(const OptimizerSettings &,
                                                               const ArrayT<float> &);
template std::unique_ptr<BasicOptimizer<double>> makeEgu<double>(const OptimizerSettings &,
                                                                 const ArrayT<double> &);
template std::unique_ptr<BasicOptimizer<float>> makeReparamGd<float>(const OptimizerSettings &,
                                                                     const ArrayT<float> &);
template std::unique_ptr<BasicOptimizer<double>> makeReparamGd<double>(const OptimizerSettings &,
                                                                       const ArrayT<double> &);
template std::unique_ptr<BasicOptimizer<float>>
makeEgPm<float>(const OptimizerSettings &, const ParamLayout &, ArrayT<float> &);
template std::unique_ptr<BasicOptimizer<double>>
makeEgPm<double>(const OptimizerSettings &, const ParamLayout &, ArrayT<double> &);

} // namespace dimscope::optim::detail
