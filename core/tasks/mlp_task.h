// SPDX-License-Identifier: MIT
#pragma once
// What the tasks that train a net share (occam, shift, moons, spirals, digits): the float MLP, its
// training and test data (samples in columns), mini-batches drawn epoch by epoch from a seeded
// shuffle, the loss and gradient of a step without heap allocations once the batch size is known,
// and the evaluation (train and test loss, and accuracy for classifiers). Internal to tasks/.

#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <boost/random/mersenne_twister.hpp>

#include "nets/float_mlp.h"
#include "tasks/task.h"

namespace dimscope::tasks::detail {

class MlpTask : public Task {
public:
    double lossAndGradient(const Eigen::ArrayXf &theta, std::int64_t step,
                           Eigen::ArrayXf &grad) override;
    Evaluation evaluate(const Eigen::ArrayXf &theta, std::int64_t step) override;
    bool hasTestSet() const override { return true; }
    bool classifies() const override { return m_loss == mlp::Loss::CrossEntropy; }
    double stepsPerEpoch() const override;

    const mlp::FloatMlp &net() const { return m_net; }

protected:
    /// hidden: the widths between input and output; the engine is seeded from `seed` (data is
    /// drawn by the subclass from engine() before it calls initialise()).
    MlpTask(const TaskSettings &s, int inputs, int outputs, mlp::Loss loss, std::uint64_t seed);

    /// Draws θ₀ (PyTorch's default initialisation) once the data is in place; the last line of
    /// every subclass constructor.
    void initialise();

    /// The regression targets in force at `step` (shift changes them).
    virtual const Eigen::MatrixXf &trainTargets(std::int64_t) const { return m_y; }
    virtual const Eigen::MatrixXf &testTargets(std::int64_t) const { return m_testY; }

    boost::random::mt19937_64 &engine() { return m_engine; }
    /// Outputs of the net on x (d_0 × N), in a workspace of its own (pictures, metrics).
    const Eigen::MatrixXf &outputs(const Eigen::ArrayXf &theta, const Eigen::MatrixXf &x);

    mlp::FloatMlp m_net;
    mlp::Loss m_loss;
    int m_batchSize;                            ///< 0: full batch
    Eigen::MatrixXf m_x, m_y, m_testX, m_testY; ///< inputs d_0 × N; regression targets d_L × N
    std::vector<int> m_labels, m_testLabels;    ///< classifiers

private:
    void nextBatch(std::int64_t step);

    boost::random::mt19937_64 m_engine;
    std::vector<int> m_order;
    std::size_t m_next = 0;
    Eigen::MatrixXf m_batchX, m_batchY;
    std::vector<int> m_batchLabels;
    mlp::FloatWorkspace m_trainWs, m_evalWs, m_testWs, m_pictureWs;
};

} // namespace dimscope::tasks::detail
