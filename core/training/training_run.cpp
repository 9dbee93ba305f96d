// SPDX-License-Identifier: MIT
// computeTraining: R seed replicates advance in waves of steps, in parallel, one replicate per
// chunk of forEachChunk; between waves the calling thread checks for divergence and stop requests
// and publishes a snapshot. A wave is sized to last about one snapshot interval (50 ms), or is the
// whole run when nobody watches. Replicates never share state, so neither the waves nor the
// thread count change a number.
#include "training/training.h"

#include <algorithm>
#include <memory>
#include <new>
#include <numeric>
#include <stdexcept>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "common/parallel.h"
#include "training/replicate.h"

namespace dimscope::training {

namespace {

using detail::Replicate;
using Status = Replicate::Status;

/// The stream of the fan's coordinates: apart from the replicates' streams 0…63.
constexpr std::uint64_t kFanStream = std::uint64_t(1) << 32;

/// `count` distinct coordinates of 0…size−1 (all of them when count ≥ size), increasing.
std::vector<Eigen::Index> sampleCoordinates(Eigen::Index size, int count, std::uint64_t seed) {
    std::vector<Eigen::Index> all(static_cast<std::size_t>(size));
    std::iota(all.begin(), all.end(), Eigen::Index(0));
    const auto take = std::min<std::size_t>(all.size(), static_cast<std::size_t>(count));
    boost::random::mt19937_64 engine(seed);
    for (std::size_t i = 0; i < take; ++i) {
        boost::random::uniform_int_distribution<std::size_t> pick(i, all.size() - 1);
        std::swap(all[i], all[pick(engine)]);
    }
    all.resize(take);
    std::sort(all.begin(), all.end());
    return all;
}

class Run {
public:
    Run(const TrainingParams &params, const RunControl<TrainingSnapshot> &control)
        : m_params(params), m_control(control),
          m_stop([&control] { return control.stopRequested(); }) {}

    TrainingResult run() {
        TrainingResult result;
        result.params = m_params;
        if (!build(result))
            return result;
        ProgressClock clock(m_control.progressIntervalSeconds);
        // Waves of about one interval, but of at least a millisecond: each wave starts threads.
        const double interval = std::max(m_control.progressIntervalSeconds, 1e-3);
        std::int64_t wave = m_control.wantsProgress() ? 1 : m_params.steps;
        std::int64_t until = 0;
        std::vector<Status> status(m_replicates.size(), Status::Running);
        for (;;) {
            until = std::min(m_params.steps, until + wave);
            const Stopwatch watch;
            forEachChunk(
                std::int64_t(m_replicates.size()), m_params.threads,
                [&](std::int64_t r) {
                    status[std::size_t(r)] = m_replicates[std::size_t(r)]->advance(until, m_stop);
                },
                m_stop);
            if (diverged(status, result))
                return result;
            if (m_stop()) {
                gather(result.curves);
                return cancelled(result);
            }
            const bool done = std::all_of(status.begin(), status.end(),
                                          [](Status s) { return s == Status::Finished; });
            if (m_control.wantsProgress() && (done || clock.due()))
                publish();
            if (done)
                break;
            if (watch.seconds() < 0.5 * interval && wave < m_params.steps)
                wave *= 2;
            else if (watch.seconds() > 2 * interval && wave > 1)
                wave /= 2;
        }
        gather(result.curves);
        result.stepsDone = m_params.steps;
        result.stepsPerEpoch = m_replicates.front()->task().stepsPerEpoch();
        for (auto &r : m_replicates)
            result.pictures.push_back(r->picture());
        return result;
    }

private:
    /// Makes every replicate (in parallel: digits reads its file in each) and the shared plan.
    bool build(TrainingResult &result) {
        m_replicates.resize(std::size_t(m_params.seeds));
        std::vector<std::string> errors(m_replicates.size());
        forEachChunk(
            std::int64_t(m_replicates.size()), m_params.threads,
            [&](std::int64_t r) {
                try {
                    m_replicates[std::size_t(r)] =
                        std::make_unique<Replicate>(m_params, int(r), m_clock);
                } catch (const std::invalid_argument &e) {
                    errors[std::size_t(r)] = e.what();
                }
            },
            m_stop);
        for (const auto &e : errors)
            if (!e.empty()) {
                result.termination = Termination::InvalidInput;
                result.message = e;
                return false;
            }
        const bool built = std::all_of(m_replicates.begin(), m_replicates.end(),
                                       [](const auto &r) { return r != nullptr; });
        if (!built || m_stop()) {
            cancelled(result);
            return false;
        }
        const tasks::Task &task = m_replicates.front()->task();
        m_plan = detail::planSeries(task, m_params.optimizer, task.layout());
        m_fan = sampleCoordinates(task.layout().size(), m_params.fanSize,
                                  streamSeed(m_params.seed, kFanStream));
        for (auto &r : m_replicates)
            r->start(m_plan, m_fan);
        return true;
    }

    /// Failed, "diverged at step n", for the earliest step at which a replicate's loss was not
    /// finite (the lowest replicate on a tie): the same message whatever the waves were.
    bool diverged(const std::vector<Status> &status, TrainingResult &result) {
        std::int64_t step = -1;
        std::size_t which = 0;
        for (std::size_t r = 0; r < status.size(); ++r)
            if (status[r] == Status::Diverged &&
                (step < 0 || m_replicates[r]->divergedAt() < step)) {
                step = m_replicates[r]->divergedAt();
                which = r;
            }
        if (step < 0)
            return false;
        gather(result.curves);
        result.stepsDone = step;
        result.termination = Termination::Failed;
        result.message = "diverged at step " + std::to_string(step) +
                         ": the training loss of seed replicate " + std::to_string(which) +
                         " is not finite; try a smaller learning rate";
        return true;
    }

    TrainingResult &cancelled(TrainingResult &result) {
        std::int64_t done = m_params.steps;
        for (const auto &r : m_replicates)
            if (r)
                done = std::min(done, r->stepsDone());
        result.stepsDone = m_replicates.front() ? done : 0; // stopped while building
        result.termination = Termination::Cancelled;
        result.message = "cancelled at step " + std::to_string(result.stepsDone) + " of " +
                         std::to_string(m_params.steps);
        return result;
    }

    /// Every replicate's log so far, as curves (a copy: the replicates keep training).
    void gather(TrainingCurves &curves) const {
        curves = TrainingCurves();
        std::size_t longest = 0;
        for (std::size_t r = 0; r < m_replicates.size(); ++r)
            if (m_replicates[r]->log().steps.size() > m_replicates[longest]->log().steps.size())
                longest = r;
        curves.steps = m_replicates[longest]->log().steps;
        for (std::size_t s = 0; s < m_plan.size(); ++s) {
            Series series;
            series.key = m_plan.keys[s];
            series.group = m_plan.groups[s];
            for (const auto &r : m_replicates)
                series.perSeed.push_back(r->log().series[s]);
            curves.series.push_back(std::move(series));
        }
        const ParamLayout &layout = m_replicates.front()->task().layout();
        curves.fan.coordinates = m_fan;
        for (Eigen::Index i : m_fan)
            curves.fan.labels.push_back(layout.label(i));
        for (const auto &r : m_replicates) {
            curves.fan.perSeed.push_back(r->log().fan);
            if (!r->log().path.empty())
                curves.path.push_back(r->log().path);
            curves.wallSeconds.push_back(r->log().wallSeconds);
        }
    }

    void publish() {
        TrainingSnapshot snapshot;
        snapshot.stepsTotal = m_params.steps;
        snapshot.stepsPerEpoch = m_replicates.front()->task().stepsPerEpoch();
        snapshot.stepsDone = m_params.steps;
        for (const auto &r : m_replicates) {
            snapshot.stepsDone = std::min(snapshot.stepsDone, r->stepsDone());
            snapshot.pictures.push_back(r->picture());
        }
        gather(snapshot.curves);
        m_control.onProgress(snapshot);
    }

    const TrainingParams &m_params;
    const RunControl<TrainingSnapshot> &m_control;
    const std::function<bool()> m_stop;
    Stopwatch m_clock;
    std::vector<std::unique_ptr<Replicate>> m_replicates;
    detail::SeriesPlan m_plan;
    std::vector<Eigen::Index> m_fan;
};

} // namespace

TrainingResult computeTraining(const TrainingParams &params,
                               const RunControl<TrainingSnapshot> &control) {
    const Stopwatch watch;
    TrainingResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    try {
        result = Run(params, control).run();
    } catch (const std::bad_alloc &) {
        result = TrainingResult();
        result.params = params;
        result.termination = Termination::Failed;
        result.message = "out of memory: use fewer seeds, fewer logged points or a smaller net";
    } catch (const std::exception &e) {
        result = TrainingResult();
        result.params = params;
        result.termination = Termination::Failed;
        result.message = e.what();
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

} // namespace dimscope::training
