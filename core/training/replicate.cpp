// SPDX-License-Identifier: MIT
#include "training/replicate.h"

#include <algorithm>
#include <cmath>

#include "common/parallel.h"

namespace dimscope::training::detail {

namespace {

/// Tasks with at most this many parameters log θ itself at every logged point (their path).
constexpr Eigen::Index kPathParameters = 3;

bool exponentiated(optim::OptimizerKind kind) {
    return kind == optim::OptimizerKind::Egu || kind == optim::OptimizerKind::EgPm ||
           kind == optim::OptimizerKind::ReparamGd;
}

} // namespace

SeriesPlan planSeries(const tasks::Task &task, optim::OptimizerKind kind,
                      const ParamLayout &layout) {
    SeriesPlan plan;
    const auto add = [&plan](std::string key, std::string group = {}) {
        plan.keys.push_back(std::move(key));
        plan.groups.push_back(std::move(group));
    };
    add("train_loss");
    plan.testLoss = task.hasTestSet();
    if (plan.testLoss)
        add("test_loss");
    plan.accuracy = task.classifies();
    if (plan.accuracy) {
        add("accuracy");
        add("train_accuracy");
    }
    add("gradient_norm");
    const auto metrics = task.metricNames();
    plan.metrics = metrics.size();
    for (const auto &m : metrics)
        add(m);
    plan.underflow = exponentiated(kind);
    if (plan.underflow)
        add("underflow_count");
    plan.scales = kind == optim::OptimizerKind::Egdd;
    if (plan.scales)
        for (const TensorBlock &t : layout.tensors)
            add(t.name, "egdd_scale");
    return plan;
}

Replicate::Replicate(const TrainingParams &params, int index, const Stopwatch &clock)
    : m_steps(params.steps), m_logEvery(logInterval(params)), m_clock(clock) {
    m_task = tasks::makeTask(taskSettings(params),
                             streamSeed(params.seed, static_cast<std::uint64_t>(index)));
    m_theta = m_task->initialParameters();
    m_optimizer = optim::makeOptimizer(optimizerSettings(params), m_task->layout(), m_theta);
}

void Replicate::start(const SeriesPlan &plan, const std::vector<Eigen::Index> &fanCoordinates) {
    m_plan = plan;
    m_fan = fanCoordinates;
    m_log.series.assign(plan.size(), {});
    m_log.fan.assign(m_fan.size(), {});
}

Replicate::Status Replicate::advance(std::int64_t until, const std::function<bool()> &stop) {
    until = std::min(until, m_steps);
    while (m_step < until) {
        if (stop && stop())
            return Status::Stopped;
        m_loss = m_task->lossAndGradient(m_theta, m_step, m_grad);
        if (!std::isfinite(m_loss)) {
            m_divergedAt = m_step;
            return Status::Diverged;
        }
        if (m_step % m_logEvery == 0)
            record();
        m_optimizer->step(m_theta, m_grad);
        ++m_step;
    }
    if (m_step < m_steps)
        return Status::Running;
    if (!m_finalLogged) {
        // The last point: the loss and gradient at the final θ, which no step uses.
        if (stop && stop())
            return Status::Stopped;
        m_loss = m_task->lossAndGradient(m_theta, m_step, m_grad);
        if (!std::isfinite(m_loss)) {
            m_divergedAt = m_step;
            return Status::Diverged;
        }
        record();
        m_finalLogged = true;
    }
    return Status::Finished;
}

void Replicate::record() {
    const tasks::Evaluation e = m_task->evaluate(m_theta, m_step);
    std::size_t s = 0;
    const auto push = [&](double v) { m_log.series[s++].push_back(v); };
    push(e.trainLoss);
    if (m_plan.testLoss)
        push(e.testLoss);
    if (m_plan.accuracy) {
        push(e.accuracy);
        push(e.trainAccuracy);
    }
    push(std::sqrt(m_grad.cast<double>().square().sum()));
    for (std::size_t m = 0; m < m_plan.metrics; ++m)
        push(m < e.metrics.size() ? e.metrics[m] : std::nan(""));
    if (m_plan.underflow)
        push(double(m_optimizer->underflowCount()));
    if (m_plan.scales)
        for (float v : m_optimizer->scales())
            push(double(v));
    for (std::size_t c = 0; c < m_fan.size(); ++c)
        m_log.fan[c].push_back(m_optimizer->effectiveStep(m_fan[c]));
    if (m_theta.size() <= kPathParameters)
        m_log.path.emplace_back(m_theta.data(), m_theta.data() + m_theta.size());
    m_log.steps.push_back(m_step);
    m_log.wallSeconds.push_back(m_clock.seconds());
}

} // namespace dimscope::training::detail
