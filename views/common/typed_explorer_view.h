// SPDX-License-Identifier: MIT
#pragma once
// The typed base of every explorer view: starting a run, the blocking run, and the snapshot and
// result connections are written here once, from the explorer's record (core/common/explorer.h).
// A view supplies its plots and three drawing steps:
//   prepare(params)        after the parameters passed validation, before the worker starts
//                          (titles, theory curves that need no sample);
//   drawSnapshot(snapshot) on the GUI thread, at most ~30 times a second while the run goes on;
//   drawResult(result)     once, for a completed run of the parameters shown in the form.
// and optionally showParams(params), called on every edit, valid or not (enable the controls
// that apply). Stale runs never reach these: the job runner drops them.

#include <any>
#include <memory>

#include "common/explorer.h"
#include "common/explorer_view.h"
#include "registry.h"

namespace dimscope::views {

template <class Definition>
class TypedExplorerView : public ExplorerView {
public:
    using Params = typename Definition::Params;
    using Snapshot = typename Definition::Snapshot;
    using Result = typename Definition::Result;

    explicit TypedExplorerView(const Definition &definition, QWidget *parent = nullptr)
        : ExplorerView(registeredExplorer(definition.name), parent), m_definition(definition) {
        connect(runner(), &JobRunner::snapshotReady, this, [this](const std::any &a) {
            if (const auto *snapshot = std::any_cast<Snapshot>(&a))
                drawSnapshot(*snapshot);
        });
        connect(runner(), &JobRunner::finished, this, [this](const std::any &a, double elapsed) {
            if (const auto *result = std::any_cast<std::shared_ptr<const Result>>(&a))
                finish(*result, elapsed);
        });
    }

    RunOutcome runBlocking(const ParamSet &values) final {
        showInForm(values);
        const Params params = m_definition.table().read(values);
        showParams(params);
        if (auto problem = m_definition.validate(params))
            return RunOutcome{Termination::InvalidInput, *problem, {}};
        m_params = params;
        prepare(params);
        const Stopwatch clock;
        const auto result = std::make_shared<const Result>(m_definition.run(params, {}));
        finish(result, clock.seconds());
        return *result;
    }

protected:
    /// The parameters of the run on screen (set before prepare).
    const Params &shown() const { return m_params; }
    const Definition &definition() const { return m_definition; }

    virtual void showParams(const Params &) {}
    virtual void prepare(const Params &) {}
    virtual void drawSnapshot(const Snapshot &) {}
    virtual void drawResult(const Result &result) = 0;
    /// The same, for a view that keeps the result (shared, never copied: at a million points it
    /// holds hundreds of megabytes) after drawing it.
    virtual void drawSharedResult(const std::shared_ptr<const Result> &result) {
        drawResult(*result);
    }

private:
    void startRun(const ParamSet &values) final {
        const Params params = m_definition.table().read(values);
        showParams(params);
        if (auto problem = m_definition.validate(params)) {
            rejectParams(QString::fromStdString(*problem));
            return;
        }
        m_params = params;
        prepare(params);
        const Definition &definition = m_definition;
        startJob(values, [&definition, params](JobControl &job) -> std::any {
            RunControl<Snapshot> control;
            control.shouldStop = [&job] { return job.shouldStop(); };
            control.onProgress = [&job](const Snapshot &s) { job.publish(std::any(s)); };
            // Shared: the queued signal and its receivers then copy a pointer, not the result.
            return std::any(std::make_shared<const Result>(definition.run(params, control)));
        });
    }

    void finish(const std::shared_ptr<const Result> &result, double elapsedSeconds) {
        if (result->ok()) {
            drawSharedResult(result);
            markShown(result->filesRead);
        }
        reportOutcome(*result, elapsedSeconds);
    }

    const Definition &m_definition;
    Params m_params;
};

} // namespace dimscope::views
