// SPDX-License-Identifier: MIT
// The Occam lab (gradients.md §1.8): 12 points x evenly spaced in [−1, 1], y = sin(2.5x) + 0.3ε,
// a 1-64-64-1 tanh net trained full batch on MSE/2. Besides the losses (the test loss is MSE/2
// against the noiseless sin(2.5x) on a fine grid), every evaluation measures the fitted function's
// geometric complexity and the two sides of the input/parameter-gradient inequality (1.1):
//   arc_length        ∫ √(1 + f′²) dx over [−1, 1]
//   dirichlet_energy  ∫ f′² dx over [−1, 1]
//   grad_theta_sq     the mean over the data of ‖∇_θ ℓ_i‖², ℓ_i = ½(f(x_i) − y_i)²
//   inequality_lhs    the mean over the data of (1.1)'s left side for f = ℓ_i, spectral norms,
//                     computed by the inequality explorer's own code (inequality_terms.h)
// §1.8 warns that the trend of the complexity with the learning rate is confounded by the fit:
// show the train loss beside it.
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "inequality/inequality_terms.h"
#include "tasks/kinds.h"
#include "tasks/mlp_task.h"

namespace dimscope::tasks::detail {

namespace {

constexpr int kOccamGridPoints = 256;
constexpr double kNoise = 0.3;
constexpr double kFrequency = 2.5;

/// ∫ over an even grid by the trapezoid rule.
double trapezoid(const Eigen::RowVectorXd &v, double dx) {
    const Eigen::Index n = v.size();
    return n < 2 ? 0.0 : dx * (v.sum() - 0.5 * (v(0) + v(n - 1)));
}

class Occam final : public MlpTask {
public:
    Occam(const TaskSettings &s, std::uint64_t seed) : MlpTask(s, 1, 1, mlp::Loss::Mse, seed) {
        const int n = trainingPoints(s);
        boost::random::normal_distribution<double> normal;
        m_x.resize(1, n);
        m_y.resize(1, n);
        for (int i = 0; i < n; ++i) {
            const double x = n > 1 ? -1.0 + 2.0 * i / (n - 1) : 0.0;
            m_x(0, i) = float(x);
            m_y(0, i) = float(std::sin(kFrequency * x) + kNoise * normal(engine()));
        }
        m_testX.resize(1, kOccamGridPoints);
        m_testY.resize(1, kOccamGridPoints);
        for (int i = 0; i < kOccamGridPoints; ++i) {
            const double x = -1.0 + 2.0 * i / (kOccamGridPoints - 1);
            m_testX(0, i) = float(x);
            m_testY(0, i) = float(std::sin(kFrequency * x));
        }
        m_objective.kind = mlp::Objective::Kind::Mse;
        m_objective.targets = m_y.cast<double>();
        m_xDouble = m_x.cast<double>();
        initialise();
    }

    Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t step) override {
        Evaluation e = MlpTask::evaluate(theta, step);
        Eigen::MatrixXf value, slope;
        mlp::forwardWithInputSlope(m_net, theta.data(), m_testX, value, slope);
        const Eigen::RowVectorXd s = slope.row(0).cast<double>();
        const double dx = 2.0 / (kOccamGridPoints - 1);
        const double arc = trapezoid((1.0 + s.array().square()).sqrt().matrix(), dx);
        const double dirichlet = trapezoid(s.array().square().matrix(), dx);
        const mlp::Network net = mlp::toNetwork(m_net, theta.data());
        const inequality::BatchTerms terms =
            inequality::evaluateBatch(net, m_objective, m_xDouble, inequality::TermOptions{});
        e.metrics = {arc, dirichlet, terms.gradThetaSq.mean(), terms.lhs.mean()};
        return e;
    }

    std::vector<std::string> metricNames() const override {
        return {"arc_length", "dirichlet_energy", "grad_theta_sq", "inequality_lhs"};
    }

    TaskPicture picture(const Eigen::ArrayXf &theta, std::int64_t) override {
        TaskPicture p;
        CurvePicture &c = p.curve.emplace();
        const Eigen::MatrixXf &f = outputs(theta, m_testX);
        c.x.assign(m_testX.data(), m_testX.data() + m_testX.size());
        c.fit.assign(f.data(), f.data() + f.size());
        c.truth.assign(m_testY.data(), m_testY.data() + m_testY.size());
        c.dataX.assign(m_x.data(), m_x.data() + m_x.size());
        c.dataY.assign(m_y.data(), m_y.data() + m_y.size());
        return p;
    }

private:
    mlp::Objective m_objective; ///< ℓ_i = ½(f(x_i) − y_i)² for the inequality's terms
    Eigen::MatrixXd m_xDouble;
};

} // namespace

std::unique_ptr<Task> makeOccam(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<Occam>(s, seed);
}

} // namespace dimscope::tasks::detail
