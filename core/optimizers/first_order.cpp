// SPDX-License-Identifier: MIT
// SGD, momentum (PyTorch's: b ← μb + g, θ ← θ − ηb) and Adam (PyTorch's, bias-corrected).
#include <algorithm>
#include <cmath>

#include "optimizers/kinds.h"

namespace dimscope::optim::detail {

namespace {

template <class T>
class Sgd final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    explicit Sgd(T lr) : m_lr(lr) {}
    void step(Array &theta, const Array &grad) override {
        theta -= m_lr * grad;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index) const override { return m_lr; }

private:
    T m_lr;
};

template <class T>
class Momentum final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    Momentum(T lr, T mu, Eigen::Index n) : m_lr(lr), m_mu(mu), m_buffer(Array::Zero(n)) {}
    void step(Array &theta, const Array &grad) override {
        m_buffer = m_mu * m_buffer + grad;
        theta -= m_lr * m_buffer;
        ++this->m_steps;
    }
    T effectiveStep(Eigen::Index) const override { return m_lr; }
    const Array *state(StateVector v) const override {
        return v == StateVector::Momentum ? &m_buffer : nullptr;
    }

private:
    T m_lr, m_mu;
    Array m_buffer;
};

template <class T>
class Adam final : public BasicOptimizer<T> {
public:
    using typename BasicOptimizer<T>::Array;
    Adam(const OptimizerSettings &s, Eigen::Index n)
        : m_lr(s.lr), m_beta1(s.beta1), m_beta2(s.beta2), m_epsilon(T(s.epsilon)),
          m_m(Array::Zero(n)), m_v(Array::Zero(n)) {}
    void step(Array &theta, const Array &grad) override {
        const auto t = double(++this->m_steps);
        const auto b1 = T(m_beta1), b2 = T(m_beta2);
        // θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m / c1 and v̂ = v / c2, as PyTorch computes it.
        const auto c1 = T(1.0 - std::pow(m_beta1, t));
        const auto c2 = T(1.0 - std::pow(m_beta2, t));
        const T stepSize = T(m_lr) / c1, invSqrtC2 = T(1) / std::sqrt(c2);
        // Block by block, so that the three statements' passes over a block hit L1 instead of
        // memory (a 270k-weight net's state is 4 MB). Eigen's vectorised sqrt: a plain loop with
        // std::sqrt stays scalar (errno), which made this step 0.8 ms of a 2.5 ms Adam step.
        constexpr Eigen::Index kBlock = 2048;
        const Eigen::Index n = theta.size();
        for (Eigen::Index i = 0; i < n; i += kBlock) {
            const Eigen::Index k = std::min(kBlock, n - i);
            auto m = m_m.segment(i, k), v = m_v.segment(i, k);
            const auto g = grad.segment(i, k);
            m = b1 * m + (T(1) - b1) * g;
            v = b2 * v + (T(1) - b2) * g.square();
            theta.segment(i, k) -= stepSize * m / (v.sqrt() * invSqrtC2 + m_epsilon);
        }
    }
    /// η / (√v̂ + ε): the step per unit of m̂.
    T effectiveStep(Eigen::Index i) const override {
        const auto t = double(this->m_steps);
        const double c2 = t > 0 ? 1.0 - std::pow(m_beta2, t) : 1.0;
        return T(m_lr / (std::sqrt(double(m_v(i)) / c2) + double(m_epsilon)));
    }
    const Array *state(StateVector v) const override {
        if (v == StateVector::FirstMoment)
            return &m_m;
        return v == StateVector::SecondMoment ? &m_v : nullptr;
    }

private:
    double m_lr, m_beta1, m_beta2;
    T m_epsilon;
    Array m_m, m_v;
};

} // namespace

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeSgd(const OptimizerSettings &s, Eigen::Index) {
    return std::make_unique<Sgd<T>>(T(s.lr));
}

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeMomentum(const OptimizerSettings &s, Eigen::Index size) {
    return std::make_unique<Momentum<T>>(T(s.lr), T(s.momentum), size);
}

template <class T>
std::unique_ptr<BasicOptimizer<T>> makeAdam(const OptimizerSettings &s, Eigen::Index size) {
    return std::make_unique<Adam<T>>(s, size);
}

template std::unique_ptr<BasicOptimizer<float>> makeSgd<float>(const OptimizerSettings &,
                                                               Eigen::Index);
template std::unique_ptr<BasicOptimizer<double>> makeSgd<double>(const OptimizerSettings &,
                                                                 Eigen::Index);
template std::unique_ptr<BasicOptimizer<float>> makeMomentum<float>(const OptimizerSettings &,
                                                                    Eigen::Index);
template std::unique_ptr<BasicOptimizer<double>> makeMomentum<double>(const OptimizerSettings &,
                                                                      Eigen::Index);
template std::unique_ptr<BasicOptimizer<float>> makeAdam<float>(const OptimizerSettings &,
                                                                Eigen::Index);
template std::unique_ptr<BasicOptimizer<double>> makeAdam<double>(const OptimizerSettings &,
                                                                  Eigen::Index);

} // namespace dimscope::optim::detail
