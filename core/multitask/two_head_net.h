// SPDX-License-Identifier: MIT
#pragma once
// The multi-task training of gradients.md §3.4: a shared trunk 1-w-w tanh with two linear heads,
// trained on x ∈ [−π, π] for y₁ = sin x and y₂ = scale·cos 2x. Each task's loss is its mean squared
// error; each task's gradient over every parameter comes from its own backward pass, so a
// weighting method (pareto/pareto_tasks.h) can combine them.

#include <cstdint>

#include <Eigen/Core>

namespace dimscope::multitask {

struct TwoHeadData {
    Eigen::RowVectorXd x; ///< 1 × N, evenly spaced over [−π, π]
    Eigen::MatrixXd y;    ///< 2 × N: sin x and scale·cos 2x
};
TwoHeadData makeData(int points, double scale2);

/// Parameters in one flat vector: W₁ (w×1), b₁, W₂ (w×w), b₂, W₃ (2×w), b₃, each column-major.
class TwoHeadNet {
public:
    explicit TwoHeadNet(int width);
    int width() const { return m_width; }
    Eigen::Index size() const { return m_size; }

    /// W ~ N(0, 1/fan_in), biases 0, from `seed`.
    Eigen::VectorXd initialParameters(std::uint64_t seed) const;

    struct Evaluation {
        Eigen::Vector2d loss;     ///< each head's mean squared error
        Eigen::MatrixXd gradient; ///< size() × 2: column i is ∇θ Lᵢ
    };
    Evaluation evaluate(const Eigen::VectorXd &theta, const TwoHeadData &data) const;

private:
    int m_width;
    Eigen::Index m_size;
};

} // namespace dimscope::multitask
