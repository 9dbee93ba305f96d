// SPDX-License-Identifier: MIT
// The classification tasks, softmax cross-entropy on a tanh MLP with two hidden layers:
//  - moons: scikit-learn's make_moons drawn at random angles (noise sd 0.1), 2-32-32-2;
//  - spirals: C arms r = t, angle = 2πc/C + 4t + 0.2ε for t ~ U(0, 1), 2-32-32-C;
//  - digits: the UCI optical digits (tasks/digits_data.h), 64-64-64-10, with a seeded test split.
// The 2-D tasks test on 1024 fresh points of the same law and draw their decision surface.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "numerics/constants.h"
#include "tasks/digits_data.h"
#include "tasks/kinds.h"
#include "tasks/mlp_task.h"

namespace dimscope::tasks::detail {

namespace {

constexpr int kTestPoints = 1024;
constexpr int kSurfaceCells = 64;
constexpr double kMoonsNoise = 0.1;
constexpr double kSpiralNoise = 0.2;

enum class Shape { Moons, Spirals };

/// `n` points of the law, classes as balanced as n allows, into x (2 × n) and labels.
void drawPoints(Shape shape, int classes, int n, boost::random::mt19937_64 &engine,
                Eigen::MatrixXf &x, std::vector<int> &labels) {
    boost::random::uniform_01<double> uniform;
    boost::random::normal_distribution<double> normal;
    x.resize(2, n);
    labels.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        const int c = i % classes;
        labels[std::size_t(i)] = c;
        double px = 0, py = 0;
        if (shape == Shape::Moons) {
            const double t = kPi * uniform(engine);
            px = c == 0 ? std::cos(t) : 1.0 - std::cos(t);
            py = c == 0 ? std::sin(t) : 0.5 - std::sin(t);
            px += kMoonsNoise * normal(engine);
            py += kMoonsNoise * normal(engine);
        } else {
            const double t = uniform(engine);
            const double angle = 2.0 * kPi * c / classes + 4.0 * t + kSpiralNoise * normal(engine);
            px = t * std::sin(angle);
            py = t * std::cos(angle);
        }
        x(0, i) = float(px);
        x(1, i) = float(py);
    }
}

class PlaneClassifier final : public MlpTask {
public:
    PlaneClassifier(Shape shape, int classes, const TaskSettings &s, std::uint64_t seed)
        : MlpTask(s, 2, classes, mlp::Loss::CrossEntropy, seed), m_classes(classes) {
        drawPoints(shape, classes, trainingPoints(s), engine(), m_x, m_labels);
        drawPoints(shape, classes, kTestPoints, engine(), m_testX, m_testLabels);
        const Eigen::Vector2f lo = m_x.rowwise().minCoeff(), hi = m_x.rowwise().maxCoeff();
        const Eigen::Vector2f margin = 0.1f * (hi - lo);
        m_lo = lo - margin;
        m_hi = hi + margin;
        m_grid.resize(2, kSurfaceCells * kSurfaceCells);
        for (int r = 0; r < kSurfaceCells; ++r)
            for (int c = 0; c < kSurfaceCells; ++c) {
                m_grid(0, r * kSurfaceCells + c) = cellCentre(0, c);
                m_grid(1, r * kSurfaceCells + c) = cellCentre(1, r);
            }
        initialise();
    }

    TaskPicture picture(const Eigen::ArrayXf &theta, std::int64_t) override {
        TaskPicture p;
        SurfacePicture &s = p.surface.emplace();
        s.columns = s.rows = kSurfaceCells;
        s.xMin = m_lo(0);
        s.xMax = m_hi(0);
        s.yMin = m_lo(1);
        s.yMax = m_hi(1);
        s.classes = m_classes;
        const Eigen::MatrixXf &f = outputs(theta, m_grid);
        for (Eigen::Index i = 0; i < f.cols(); ++i) {
            Eigen::Index best = 0;
            const float top = f.col(i).maxCoeff(&best);
            s.predicted.push_back(int(best));
            s.confidence.push_back(1.0f / (f.col(i).array() - top).exp().sum());
        }
        s.pointsX.assign(m_x.row(0).begin(), m_x.row(0).end());
        s.pointsY.assign(m_x.row(1).begin(), m_x.row(1).end());
        s.labels = m_labels;
        return p;
    }

private:
    float cellCentre(int axis, int cell) const {
        return m_lo(axis) + (m_hi(axis) - m_lo(axis)) * (float(cell) + 0.5f) / kSurfaceCells;
    }

    int m_classes;
    Eigen::Vector2f m_lo, m_hi;
    Eigen::MatrixXf m_grid;
};

class Digits final : public MlpTask {
public:
    Digits(const TaskSettings &s, std::uint64_t seed)
        : MlpTask(s, 64, 10, mlp::Loss::CrossEntropy, seed) {
        const std::string path = s.dataPath.empty() ? shippedDigitsPath() : s.dataPath;
        if (path.empty())
            throw std::invalid_argument("the shipped digits file is not installed; give one with "
                                        "--data");
        DigitsData data;
        if (auto error = loadDigits(path, data))
            throw std::invalid_argument(*error);
        const auto n = int(data.labels.size());
        const int test = std::clamp(int(std::lround(s.testFraction * n)), 1, std::max(1, n - 1));
        if (n < 2)
            throw std::invalid_argument("the digits file '" + path +
                                        "' holds fewer than 2 images: nothing to split");
        std::vector<int> order(std::size_t(n), 0);
        std::iota(order.begin(), order.end(), 0);
        for (int i = n - 1; i > 0; --i) {
            boost::random::uniform_int_distribution<int> pick(0, i);
            std::swap(order[std::size_t(i)], order[std::size_t(pick(engine()))]);
        }
        m_testX.resize(64, test);
        m_x.resize(64, n - test);
        for (int k = 0; k < n; ++k) {
            const int i = order[std::size_t(k)];
            if (k < test) {
                m_testX.col(k) = data.images.col(i);
                m_testLabels.push_back(data.labels[std::size_t(i)]);
            } else {
                m_x.col(k - test) = data.images.col(i);
                m_labels.push_back(data.labels[std::size_t(i)]);
            }
        }
        initialise();
    }

    TaskPicture picture(const Eigen::ArrayXf &, std::int64_t) override { return {}; }
};

} // namespace

std::unique_ptr<Task> makeMoons(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<PlaneClassifier>(Shape::Moons, 2, s, seed);
}

std::unique_ptr<Task> makeSpirals(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<PlaneClassifier>(Shape::Spirals, s.classes, s, seed);
}

std::unique_ptr<Task> makeDigits(const TaskSettings &s, std::uint64_t seed) {
    return std::make_unique<Digits>(s, seed);
}

} // namespace dimscope::tasks::detail
