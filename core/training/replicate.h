// SPDX-License-Identifier: MIT
#pragma once
// One seed replicate of a training run: its task (data and θ₀ from its own stream), its optimizer,
// its parameters, and everything it has logged. Replicates share nothing mutable, so any number
// can advance in parallel, each on one thread, and give the same numbers whatever the thread
// count. Internal to training/.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/run_control.h"
#include "optimizers/optimizer.h"
#include "tasks/task.h"
#include "training/training.h"

namespace dimscope::training::detail {

/// The series a run logs, in the order of TrainingCurves::series; the same for every replicate.
struct SeriesPlan {
    std::vector<std::string> keys, groups;
    bool testLoss = false, accuracy = false, underflow = false, scales = false;
    std::size_t metrics = 0; ///< the task's, after gradient_norm
    std::size_t size() const { return keys.size(); }
};

SeriesPlan planSeries(const tasks::Task &task, optim::OptimizerKind kind,
                      const ParamLayout &layout);

/// Everything one replicate has logged, one entry per logged point.
struct ReplicateLog {
    std::vector<std::int64_t> steps;
    std::vector<std::vector<double>> series; ///< [series of the plan][point]
    std::vector<std::vector<float>> fan;     ///< [fan coordinate][point]
    std::vector<std::vector<double>> path;   ///< [point][coordinate], small tasks only
    std::vector<double> wallSeconds;         ///< [point]
};

class Replicate {
public:
    enum class Status { Running, Finished, Stopped, Diverged };

    /// Builds the task and optimizer of replicate `index`. Throws std::invalid_argument when the
    /// task cannot be made (a malformed data file).
    Replicate(const TrainingParams &params, int index, const Stopwatch &clock);

    /// The plan of the series; call once, after choosing the fan's coordinates.
    void start(const SeriesPlan &plan, const std::vector<Eigen::Index> &fanCoordinates);

    /// Trains up to step `until` (at most the run's steps), logging on the way. `stop` is polled
    /// before every step.
    Status advance(std::int64_t until, const std::function<bool()> &stop);

    std::int64_t stepsDone() const { return m_step; }
    /// The step whose training loss was not finite, when advance said Diverged.
    std::int64_t divergedAt() const { return m_divergedAt; }
    const ReplicateLog &log() const { return m_log; }
    const tasks::Task &task() const { return *m_task; }
    const optim::Optimizer &optimizer() const { return *m_optimizer; }
    const Eigen::ArrayXf &parameters() const { return m_theta; }
    tasks::TaskPicture picture() { return m_task->picture(m_theta, m_step); }

private:
    void record(); ///< logs the point at m_step (θ and the gradient of that step)

    std::int64_t m_steps, m_logEvery;
    const Stopwatch &m_clock;
    std::unique_ptr<tasks::Task> m_task;
    std::unique_ptr<optim::Optimizer> m_optimizer;
    Eigen::ArrayXf m_theta, m_grad;
    double m_loss = 0;
    std::int64_t m_step = 0, m_divergedAt = -1;
    bool m_finalLogged = false;
    SeriesPlan m_plan;
    std::vector<Eigen::Index> m_fan;
    ReplicateLog m_log;
};

} // namespace dimscope::training::detail
