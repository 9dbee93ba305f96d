// SPDX-License-Identifier: MIT
#pragma once
// The frame every explorer shares: parameter form and readouts on the left, plots in the middle,
// the explanation (":/explanations/<explorer>.html") on the right; a job runner that restarts on
// every parameter change; a status text for the main window. Views derive from
// TypedExplorerView (typed_explorer_view.h), which starts runs and draws what they deliver.

#include <functional>
#include <memory>

#include <QJsonObject>
#include <QList>
#include <QTimer>
#include <QWidget>

#include "common/explorer.h"
#include "common/job_runner.h"
#include "common/param_spec.h"
#include "common/run_control.h"

class QCustomPlot;
class QFormLayout;
class QLabel;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTextBrowser;

namespace dimscope::views {

class BorrowedWidget;
class ParamForm;

/// A plot the explorer shows; `name` is what `dimscope export --plot NAME` and the export dialog
/// use.
struct PlotEntry {
    QString name;
    QString title;
    QCustomPlot *plot = nullptr;
};

/// One line of the readout table: what, the value, and what it means (tooltip).
struct Readout {
    QString label;
    QString value;
    QString meaning;
};

class ExplorerView : public QWidget {
    Q_OBJECT
public:
    explicit ExplorerView(const ExplorerInfo &info, QWidget *parent = nullptr);
    ~ExplorerView() override;

    const ExplorerInfo &info() const { return m_info; }
    const ParamSet &params() const;
    /// Shows `values` in the form and restarts the computation.
    void setParams(const ParamSet &values);
    /// Restarts with the current parameters (first show, "Run again").
    void restart();

    /// The explorer's plots, the main one first.
    virtual QList<PlotEntry> plots() const = 0;
    /// Shows `values` in the form, computes on the calling thread and draws the result
    /// (command-line export, tests).
    virtual RunOutcome runBlocking(const ParamSet &values) = 0;
    /// The parameters of the completed run the plots show (the defaults before any).
    const ParamSet &shownParams() const { return m_shown; }

    /// The provenance record (io/param_file.h) of the run the plots show, plus data_files (size
    /// and SHA-256 of the user's files that path parameters name): travels with every export.
    QJsonObject provenance() const;
    /// The status line: run state, elapsed time, progress or the last message.
    QString statusText() const { return m_status; }
    JobRunner *runner() { return &m_runner; }
    /// True when the plots show a completed run of the parameters in the form: what an export
    /// records as its provenance must be what it draws.
    bool showsCurrentParams() const {
        return !m_runner.isRunning() && m_lastEnd == Termination::Completed;
    }
    ParamForm *form() { return m_form; }
    void setExplanationVisible(bool visible);
    /// Presentation: one plot (`plotIndex`, wrapping around) under its caption, without the
    /// form, readouts or explanation, for a projector. Off restores the frame as it was.
    void setPresentation(bool on, int plotIndex = 0);
    bool inPresentation() const { return m_presenting; }
    /// The caption presentation shows (rich text); empty: the plot's title and the explorer's
    /// summary. A lesson sets each step's text here.
    void setPresentationCaption(const QString &caption);
    int presentedPlot() const { return m_presented; }

signals:
    void statusChanged(const QString &text);
    /// A run of the current parameters ended (completed, cancelled, invalid or failed).
    void runEnded(dimscope::Termination termination);
    /// The plots now show a completed run of shownParams().
    void resultShown();

protected:
    /// Called on every parameter change. Check the parameters; then startJob() or rejectParams().
    virtual void startRun(const ParamSet &values) = 0;

    void setPlotArea(QWidget *area);
    void setReadouts(const QList<Readout> &rows);
    /// Shows why the parameters cannot run; the last good plot stays.
    void rejectParams(const QString &message);
    /// Progress detail shown after "Running…" ("120 000 of 1 000 000 pairs").
    void setProgressText(const QString &text);
    /// Call from the finished handler with the result's outcome.
    void reportOutcome(const RunOutcome &outcome, double elapsedSeconds);

    /// Starts `work` on the worker for `values`; what it returns arrives as JobRunner::finished.
    void startJob(const ParamSet &values, JobRunner::Work work);
    /// Puts `values` in the form without starting a run (the blocking run draws them itself).
    void showInForm(const ParamSet &values);
    /// The plots now show the run of the values last started or shown: records them as
    /// shownParams(), with the user's files that run read (their digests go into provenance()),
    /// and emits resultShown().
    void markShown(const std::vector<FileRead> &filesRead);

    void resizeEvent(QResizeEvent *event) override;

private:
    /// On a window too narrow for the plots beside the explanation (a projector's 1280 px in the
    /// projector theme, or 200 % scale), the explanation folds away, and it comes back when the
    /// window widens again. Acts only when the width crosses that line, so the user's own
    /// dragging of the panels or F1 holds until then.
    void fitExplanation();
    /// Gives the folded explanation `width` pixels, taken from the plots.
    void unfoldExplanation(int width);
    /// Gives the readout pane the height of its rows, up to 45 % of the panel or what the
    /// parameters leave, until the user moves the handle between it and the parameters.
    void fitReadoutPane();
    void clearProblem();
    void setRunning();
    void updateStatus(const QString &text);

    const ExplorerInfo &m_info;
    JobRunner m_runner;
    ParamForm *m_form = nullptr;
    QFormLayout *m_readouts = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_panel = nullptr;         ///< the parameters over the readouts
    QScrollArea *m_readoutPane = nullptr; ///< the readouts, scrolled apart from the parameters
    bool m_readoutPaneMoved = false;      ///< the user set the division: fitReadoutPane leaves it
    QTextBrowser *m_explanation = nullptr;
    QStackedWidget *m_pages = nullptr; ///< the frame, or the presentation page
    QWidget *m_presentationPage = nullptr;
    std::unique_ptr<BorrowedWidget> m_presentedPlot; ///< the plot lent to the presentation page
    QLabel *m_caption = nullptr; ///< the presented plot's caption, shown in presentation only
    QString m_captionOverride;
    bool m_explanationWanted = true;
    bool m_explanationFolded = false; ///< folded by fitExplanation, not by the user
    int m_lastRoomy = -1;             ///< fitExplanation's last verdict: -1 none yet, 0 or 1
    bool m_presenting = false;
    int m_presented = 0;
    QTimer m_statusTimer;
    QString m_progress;
    QString m_status;
    Termination m_lastEnd =
        Termination::Cancelled; ///< how the last run ended; Cancelled until one completes
    ParamSet m_pending;         ///< the values of the run under way (or last drawn by runBlocking)
    ParamSet m_shown;           ///< the values of the run the plots show
    std::vector<FileRead> m_shownFiles; ///< the user's files that run read, as it read them
};

} // namespace dimscope::views
