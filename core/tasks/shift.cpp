// SPDX-License-Identifier: MIT
// A distribution shift mid-training (gradients.md §2.5, the paper's claim in a cheap version):
// 1-D regression of 128 points x ~ U[−2, 2] with a 1-32-32-1 tanh net; the target is sin 2x until
// the shift step and −sin 2x + 0.5 from it on. The test loss is MSE/2 against the target in force,
// on a grid over [−2, 2]. EGDD's scale and gains react to the shift; fixed-step momentum does not.
#include <cmath>

#include <boost/random/uniform_real_distribution.hpp>

#include "tasks/kinds.h"
#include "tasks/mlp_task.h"

namespace dimscope::tasks::detail {

namespace {

constexpr int kShiftGridPoints = 256;
constexpr double kRange = 2.0;

double before(double x) { return std::sin(2.0 * x); }
double after(double x) { return -std::sin(2.0 * x) + 0.5; }

class Shift final : public MlpTask {
public:
    Shift(const TaskSettings &s, std::uint64_t seed)
        : MlpTask(s, 1, 1, mlp::Loss::Mse, seed), m_shiftStep(s.shiftStep) {
        const int n = trainingPoints(s);
        boost::random::uniform_real_distribution<double> uniform(-kRange, kRange);
        m_x.resize(1, n);
        for (int i = 0; i < n; ++i)
            m_x(0, i) = float(uniform(engine()));
        m_testX.resize(1, kShiftGridPoints);
        for (int i = 0; i < kShiftGridPoints; ++i)
            m_testX(0, i) = float(-kRange + 2.0 * kRange * i / (kShiftGridPoints - 1));
        m_y = targets(m_x, before);
        m_yAfter = targets(m_x, after);
        m_testY = targets(m_testX, before);
        m_testYAfter = targets(m_testX, after);
        initialise();
    }

    TaskPicture picture(const Eigen::ArrayXf &theta, std::int64_t step) override {
        TaskPicture p;
        CurvePicture &c = p.curve.emplace();
        const Eigen::MatrixXf &f = outputs(theta, m_testX);
        const Eigen::MatrixXf &truth = testTargets(step), &y = trainTargets(step);
        c.x.assign(m_testX.data(), m_testX.data() + m_testX.size());
        c.fit.assign(f.data(), f.data() + f.size());
        c.truth.assign(truth.data(), truth.data() + truth.size());
        c.dataX.assign(m_x.data(), m_x.data() + m_x.size());
        c.dataY.assign(y.data(), y.data() + y.size());
        return p;
    }

protected:
    const Eigen::MatrixXf &trainTargets(std::int64_t step) const override {
        return step >= m_shiftStep ? m_yAfter : m_y;
    }
    const Eigen::MatrixXf &testTargets(std::int64_t step) const override {
        return step >= m_shiftStep ? m_testYAfter : m_testY;
    }

private:
    static Eigen::MatrixXf targets(const Eigen::MatrixXf &x, double (*f)(double)) {
        Eigen::MatrixXf y(1, x.cols());
        for (Eigen::Index i = 0; i < x.cols(); ++i)
            y(0, i) = float(f(double(x(0, i))));
        return y;
    }

    std::int64_t m_shiftStep;
    Eigen::MatrixXf m_yAfter, m_testYAfter;
};

} // namespace

std::unique_ptr<Task> makeShift(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<Shift>(s, seed);
}

} // namespace dimscope::tasks::detail
