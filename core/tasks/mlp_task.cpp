// SPDX-License-Identifier: MIT
#include "tasks/mlp_task.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/random/uniform_int_distribution.hpp>

namespace dimscope::tasks::detail {

MlpTask::MlpTask(const TaskSettings &s, int inputs, int outputs, mlp::Loss loss, std::uint64_t seed)
    : m_loss(loss), m_batchSize(s.batchSize), m_engine(seed) {
    const int width = hiddenWidth(s);
    m_net.widths = {inputs, width, width, outputs};
    m_net.hidden =
        s.activation == HiddenActivation::Relu ? mlp::Activation::Relu : mlp::Activation::Tanh;
    m_net.output = mlp::Activation::Identity;
}

void MlpTask::initialise() {
    m_layout = m_net.layout();
    m_initial = mlp::defaultInitialisation(m_net, m_engine);
    m_order.resize(std::size_t(m_x.cols()));
    std::iota(m_order.begin(), m_order.end(), 0);
    m_next = m_order.size(); // the first batch shuffles
}

double MlpTask::stepsPerEpoch() const {
    const auto n = double(m_x.cols());
    return m_batchSize > 0 && m_batchSize < m_x.cols() ? std::floor(n / m_batchSize) : 1.0;
}

void MlpTask::nextBatch(std::int64_t step) {
    const auto b = std::size_t(m_batchSize);
    // Epochs without replacement: a fresh shuffle when fewer than a batch remain (the remainder
    // is dropped, as PyTorch's drop_last does).
    if (m_next + b > m_order.size()) {
        for (std::size_t i = m_order.size() - 1; i > 0; --i) {
            boost::random::uniform_int_distribution<std::size_t> pick(0, i);
            std::swap(m_order[i], m_order[pick(m_engine)]);
        }
        m_next = 0;
    }
    m_batchX.resize(m_x.rows(), m_batchSize);
    const bool regression = m_loss == mlp::Loss::Mse;
    const Eigen::MatrixXf &y = trainTargets(step);
    if (regression)
        m_batchY.resize(y.rows(), m_batchSize);
    else
        m_batchLabels.resize(b);
    for (std::size_t k = 0; k < b; ++k) {
        const int i = m_order[m_next + k];
        m_batchX.col(Eigen::Index(k)) = m_x.col(i);
        if (regression)
            m_batchY.col(Eigen::Index(k)) = y.col(i);
        else
            m_batchLabels[k] = m_labels[std::size_t(i)];
    }
    m_next += b;
}

double MlpTask::lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t step,
                                Eigen::ArrayXf &grad) {
    grad.resize(theta.size());
    mlp::FloatTargets targets;
    targets.loss = m_loss;
    const bool full = m_batchSize <= 0 || m_batchSize >= m_x.cols();
    if (full) {
        targets.values = &trainTargets(step);
        targets.classes = m_labels.data();
        return mlp::lossAndGradient(m_net, theta.data(), m_x, targets, grad.data(), m_trainWs);
    }
    nextBatch(step);
    targets.values = &m_batchY;
    targets.classes = m_batchLabels.data();
    return mlp::lossAndGradient(m_net, theta.data(), m_batchX, targets, grad.data(), m_trainWs);
}

Evaluation MlpTask::evaluate(const Eigen::ArrayXf &theta, std::int64_t step) {
    Evaluation e;
    mlp::FloatTargets train, test;
    train.loss = test.loss = m_loss;
    train.values = &trainTargets(step);
    train.classes = m_labels.data();
    test.values = &testTargets(step);
    test.classes = m_testLabels.data();
    const Eigen::MatrixXf &f = mlp::forward(m_net, theta.data(), m_x, m_evalWs);
    e.trainLoss = mlp::lossOf(f, train);
    const Eigen::MatrixXf &ft = mlp::forward(m_net, theta.data(), m_testX, m_testWs);
    e.testLoss = mlp::lossOf(ft, test);
    if (classifies()) {
        e.trainAccuracy = mlp::accuracyOf(f, m_labels.data());
        e.accuracy = mlp::accuracyOf(ft, m_testLabels.data());
    }
    return e;
}

const Eigen::MatrixXf &MlpTask::outputs(const Eigen::ArrayXf &theta, const Eigen::MatrixXf &x) {
    return mlp::forward(m_net, theta.data(), x, m_pictureWs);
}

} // namespace dimscope::tasks::detail
