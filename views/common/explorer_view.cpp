// SPDX-License-Identifier: MIT
#include "common/explorer_view.h"

#include <algorithm>

#include <QApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <nlohmann/json.hpp>

#include "common/borrowed_widget.h"
#include "common/data_file_digest.h"
#include "common/explanation_browser.h"
#include "common/param_form.h"
#include "common/reflow_grid.h"
#include "io/param_file.h"

namespace dimscope::views {

namespace {

/// The parameter panel. It starts wide enough for the form without a horizontal scroll bar. On a
/// small screen it may be squeezed to the form with its fields under their labels (ParamForm wraps
/// them), and no further: narrower, it would scroll sideways and hide the fields' right edge. The
/// minimum follows the form, so a theme with larger text (the projector's) widens it too.
class PanelScrollArea : public QScrollArea {
public:
    QSize minimumSizeHint() const override {
        const QWidget *content = widget();
        if (!content)
            return QScrollArea::minimumSizeHint();
        const int bar = verticalScrollBar()->sizeHint().width() + 4;
        const int wide = content->sizeHint().width() + bar;
        return {std::min(wide, std::max(240, content->minimumSizeHint().width() + bar)), 70};
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            updateGeometry(); // the form's needs changed: tell the splitter
        return QScrollArea::eventFilter(watched, event);
    }
};

/// A readout's value wraps between its parts, never inside one: the narrow panel broke
/// "± 0.0055" after its sign, "0.1|%", "α|= 0.5", and "L₂|2866" from its one-letter name. Only
/// those joins: longer unbreakable runs ("8 points × 3 seeds", "0.5706 ± 0.0055", "softmax
/// 0.190902") were wider than the pane at 200 %.
QString keptTogether(QString value) {
    static const QRegularExpression breakable(
        QStringLiteral("(?<=[±=≈<>≤≥]) (?=[-−+\\d.])| (?=[%=≈])|(?<=\\d) (?=\\d)|"
                       "(?<=(?<!\\p{L})\\p{L}|(?<!\\p{L})\\p{L}[₀-₉]) (?=[-−+]?\\d)"));
    // A power of ten may go to the next line before its "×" (numberText joins it with a
    // narrow no-break space): "−3.624 × 10⁻⁵⁰" whole was wider than the projector's pane.
    value.replace(QStringLiteral("\u202F×"), QStringLiteral(" ×"));
    return value.replace(breakable, QStringLiteral("\u00A0"));
}

/// A readout value whose minimum is its widest unbreakable part, measured here between plain
/// spaces and after hyphens: QLabel's own minimum let a line break inside a number ("0.|9454").
/// The form puts it under its label when even that does not fit beside it.
class ReadoutValue : public QLabel {
public:
    ReadoutValue(const QString &text, const QFormLayout *form) : QLabel(text), m_form(form) {
        setWordWrap(true);
    }
    QSize minimumSizeHint() const override {
        const QSize qt = QLabel::minimumSizeHint();
        if (Qt::mightBeRichText(text()))
            return qt;
        int widest = 0;
        static const QRegularExpression breaks(QStringLiteral("[ \\n]|(?<=-)")); // "lightning-|csv"
        for (const QString &part : text().split(breaks, Qt::SkipEmptyParts))
            widest = std::max(widest, fontMetrics().horizontalAdvance(part));
        const QMargins m = contentsMargins();
        // QFormLayout keeps a value beside its label while the value's minimum fits after the
        // label column, but forgets the spacing between them: the value got that much less than
        // its minimum ("0.242 ± 0.01|1", cut). Asking for the spacing too puts it under its label.
        const int spacing = std::max(0, m_form->horizontalSpacing());
        return {widest + m.left() + m.right() + 2 * margin() + 1 + spacing, qt.height()};
    }
    QSize sizeHint() const override {
        return {minimumSizeHint().width(), QLabel::sizeHint().height()};
    }

private:
    const QFormLayout *m_form;
};

} // namespace

ExplorerView::ExplorerView(const ExplorerInfo &info, QWidget *parent)
    : QWidget(parent), m_info(info), m_pending(info.specs()), m_shown(info.specs()) {
    m_form = new ParamForm(info.specs(), this);
    connect(m_form, &ParamForm::changed, this,
            [this](const ParamSet &values) { startRun(values); });

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    auto *paramBox = new QGroupBox(tr("Parameters"));
    auto *paramLayout = new QVBoxLayout(paramBox);
    paramLayout->addWidget(m_form);
    leftLayout->addWidget(paramBox);
    leftLayout->addStretch(1);
    auto *scroll = new PanelScrollArea;
    scroll->setObjectName(QStringLiteral("parameterPanel"));
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    const int formWidth =
        left->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 4;

    // The readouts in a pane of their own under the parameters, scrolled apart from them: below
    // a long form, on a 720 px screen, they were out of sight. fitReadoutPane sizes it.
    auto *readoutBox = new QGroupBox(tr("Readouts"));
    m_readouts = new QFormLayout(readoutBox);
    // A value that does not fit beside its label goes under it: in the projector's text at
    // 200 %, "normalized" beside "L₁ 0.000437, L₂ 4640" was wider than the pane.
    m_readouts->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_readouts->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *readoutPage = new QWidget;
    auto *readoutLayout = new QVBoxLayout(readoutPage);
    readoutLayout->addWidget(readoutBox);
    readoutLayout->addStretch(1);
    m_readoutPane = new QScrollArea;
    m_readoutPane->setObjectName(QStringLiteral("readoutPane"));
    m_readoutPane->setWidget(readoutPage);
    m_readoutPane->setWidgetResizable(true);
    m_readoutPane->setFrameShape(QFrame::NoFrame);
    // The values wrap to the pane's width; a sideways scroll bar hid their ends instead.
    m_readoutPane->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_panel = new QSplitter(Qt::Vertical);
    m_panel->addWidget(scroll);
    m_panel->addWidget(m_readoutPane);
    m_panel->setStretchFactor(0, 1);
    m_panel->setStretchFactor(1, 0);
    m_panel->setCollapsible(0, false);
    connect(m_panel, &QSplitter::splitterMoved, this, [this] { m_readoutPaneMoved = true; });

    m_explanation = new ExplanationBrowser(QString::fromStdString(info.name));
    m_explanation->setOpenExternalLinks(true);
    m_explanation->setMinimumWidth(160);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_panel);
    m_splitter->addWidget(new QWidget); // plot area placeholder, replaced by setPlotArea
    m_splitter->addWidget(m_explanation);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setSizes({formWidth, 900, 300});
    // The side panels collapse when dragged shut (the plots never do), for a projector's 1280 px.
    m_splitter->setCollapsible(0, true);
    m_splitter->setCollapsible(1, false);
    m_splitter->setCollapsible(2, true);

    // Presentation: a page of its own, the presented plot lent to it over its caption.
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("presentationCaption"));
    m_caption->setWordWrap(true);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setContentsMargins(12, 6, 12, 10);
    m_presentationPage = new QWidget;
    auto *presentation = new QVBoxLayout(m_presentationPage);
    presentation->setContentsMargins(4, 4, 4, 0);
    presentation->addWidget(m_caption); // the plot goes above it, stretched
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_splitter);
    m_pages->addWidget(m_presentationPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    m_statusTimer.setInterval(200);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        updateStatus(tr("Running… %1 s").arg(m_runner.elapsedSeconds(), 0, 'f', 1) +
                     (m_progress.isEmpty() ? QString() : QStringLiteral(" — ") + m_progress));
    });
    connect(&m_runner, &JobRunner::failed, this, [this](const QString &message) {
        m_statusTimer.stop();
        m_form->showProblem(tr("The computation failed: %1").arg(message));
        updateStatus(tr("Failed: %1").arg(message));
        m_lastEnd = Termination::Failed;
        emit runEnded(Termination::Failed);
    });
}

ExplorerView::~ExplorerView() {
    // Closing a view mid-run: make the job stale and wait, so no worker outlives the view.
    m_runner.cancel();
    m_runner.waitForIdle();
}

const ParamSet &ExplorerView::params() const { return m_form->values(); }

void ExplorerView::setParams(const ParamSet &values) {
    m_form->setValues(values);
    startRun(m_form->values());
}

void ExplorerView::restart() { startRun(m_form->values()); }

QJsonObject ExplorerView::provenance() const {
    // The core's one record, carried into Qt's JSON for the export code.
    const std::string record = dimscope::provenance(m_info, m_shown)
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(record)).object();
    const QJsonObject dataFiles = dataFileDigests(m_shown, m_shownFiles);
    if (!dataFiles.isEmpty())
        o.insert(QStringLiteral("data_files"), dataFiles);
    return o;
}

void ExplorerView::setExplanationVisible(bool visible) {
    m_explanationWanted = visible;
    m_explanation->setVisible(visible);
    if (visible && m_explanationFolded) // asked for: unfold it, whatever the width
        unfoldExplanation(std::min(m_splitter->sizes()[1] / 2, 300));
}

void ExplorerView::unfoldExplanation(int width) {
    QList<int> sizes = m_splitter->sizes();
    sizes[1] -= width;
    sizes[2] = width;
    m_splitter->setSizes(sizes);
    m_explanationFolded = false;
}

void ExplorerView::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    if (event->size().height() != event->oldSize().height())
        QMetaObject::invokeMethod(this, &ExplorerView::fitReadoutPane, Qt::QueuedConnection);
    // Queued: the splitter takes its new width after this event, and shares it out first.
    QMetaObject::invokeMethod(this, &ExplorerView::fitExplanation, Qt::QueuedConnection);
}

void ExplorerView::fitExplanation() {
    const auto *plots = qobject_cast<QScrollArea *>(m_splitter->widget(1));
    if (!plots || !plots->widget() || !m_explanationWanted)
        return;
    QList<int> sizes = m_splitter->sizes();
    // What the plots need to be comfortable: not their one-column fallback, which large text on a
    // small screen needs, but the arrangement before it. Below that the explanation folds away.
    int plotsNeed = plots->widget()->minimumSizeHint().width();
    QList<ReflowGrid *> grids = plots->widget()->findChildren<ReflowGrid *>();
    if (auto *grid = qobject_cast<ReflowGrid *>(plots->widget()))
        grids.append(grid);
    for (const ReflowGrid *grid : grids)
        plotsNeed = std::max(plotsNeed, grid->comfortableWidth());
    const int explanationNeed = 2 * m_explanation->minimumWidth();
    const bool roomy = m_splitter->width() >=
                       sizes[0] + plotsNeed + explanationNeed + 2 * m_splitter->handleWidth();
    if (int(roomy) == m_lastRoomy)
        return;
    m_lastRoomy = int(roomy);
    if (!roomy && sizes[2] > 0) {
        sizes[1] += sizes[2];
        sizes[2] = 0; // collapsed: its handle stays at the edge, to be dragged open
        m_splitter->setSizes(sizes);
        m_explanationFolded = true;
    } else if (roomy && m_explanationFolded) {
        unfoldExplanation(std::min(300, sizes[1] - plotsNeed));
    }
}

void ExplorerView::setPresentationCaption(const QString &caption) {
    m_captionOverride = caption;
    if (m_presenting)
        setPresentation(true, m_presented);
}

void ExplorerView::setPresentation(bool on, int plotIndex) {
    const QList<PlotEntry> entries = plots();
    const int count = int(entries.size());
    m_presenting = on && count > 0;
    m_presented = count > 0 ? ((plotIndex % count) + count) % count : 0;
    m_presentedPlot.reset(); // the plot shown before goes back to its place
    if (!m_presenting) {
        m_pages->setCurrentIndex(0);
        return;
    }
    QCustomPlot *plot = entries[m_presented].plot;
    m_presentedPlot = std::make_unique<BorrowedWidget>(plot);
    if (m_presentedPlot->taken())
        static_cast<QVBoxLayout *>(m_presentationPage->layout())->insertWidget(0, plot, 1);
    plot->show();
    m_pages->setCurrentIndex(1);
    // Larger than the window's text (which follows the theme's zoom), read from the back row.
    QFont captionFont = QApplication::font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 1.3);
    m_caption->setFont(captionFont);
    if (!m_captionOverride.isEmpty())
        m_caption->setText(m_captionOverride);
    else
        m_caption->setText(tr("<b>%1</b> — %2 (plot %3 of %4)<br>%5")
                               .arg(entries[m_presented].title.toHtmlEscaped(),
                                    QString::fromStdString(m_info.title).toHtmlEscaped())
                               .arg(m_presented + 1)
                               .arg(count)
                               .arg(QString::fromStdString(m_info.summary).toHtmlEscaped()));
}

void ExplorerView::setPlotArea(QWidget *area) {
    // Plots shrink to their minimum, then scroll: their minimum never widens the window, and
    // nothing is clipped on a small screen.
    auto *scroll = new QScrollArea;
    scroll->setWidget(area);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumSize(200, 150);
    QWidget *old = m_splitter->replaceWidget(1, scroll);
    delete old;
}

void ExplorerView::setReadouts(const QList<Readout> &rows) {
    while (m_readouts->rowCount() > 0)
        m_readouts->removeRow(0); // deletes the row's labels
    for (const auto &row : rows) {
        auto *label = new QLabel(row.label);
        auto *value = new ReadoutValue(keptTogether(row.value), m_readouts); // wraps, never cut
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setToolTip(row.meaning);
        value->setToolTip(row.meaning);
        m_readouts->addRow(label, value);
    }
    // After the rows have their sizes (the wrapped values' heights follow the pane's width).
    QMetaObject::invokeMethod(this, &ExplorerView::fitReadoutPane, Qt::QueuedConnection);
}

void ExplorerView::fitReadoutPane() {
    const int total = m_panel->height();
    if (m_readoutPaneMoved || total <= 0) // the user's own division holds
        return;
    // The rows' height at the pane's width: wrapped values are taller than their size hint says.
    const QWidget *readouts = m_readoutPane->widget();
    const int width = m_readoutPane->viewport()->width();
    const int wanted = (readouts->hasHeightForWidth() ? readouts->heightForWidth(width)
                                                      : readouts->sizeHint().height()) +
                       2;
    // Up to 45 % of the panel, or all that a short parameter list leaves.
    const int parameters = m_panel->widget(0)->sizeHint().height();
    const int shown = std::min(wanted, std::max(total * 45 / 100, total - parameters));
    m_panel->setSizes({total - shown, shown});
}

void ExplorerView::rejectParams(const QString &message) {
    m_runner.cancel();
    m_statusTimer.stop();
    m_form->showProblem(message);
    updateStatus(tr("Invalid parameters: %1").arg(message));
    m_lastEnd = Termination::InvalidInput;
    emit runEnded(Termination::InvalidInput);
}

void ExplorerView::setProgressText(const QString &text) { m_progress = text; }

void ExplorerView::reportOutcome(const RunOutcome &outcome, double elapsedSeconds) {
    m_statusTimer.stop();
    switch (outcome.termination) {
    case Termination::Completed:
        // "Done in 0.00 s" read as "nothing happened": short runs are given in milliseconds.
        updateStatus((elapsedSeconds < 0.1
                          ? tr("Done in %1 ms").arg(std::max(1.0, elapsedSeconds * 1000), 0, 'f', 0)
                          : tr("Done in %1 s").arg(elapsedSeconds, 0, 'f', 2)) +
                     (m_progress.isEmpty() ? QString() : QStringLiteral(" — ") + m_progress));
        break;
    case Termination::Cancelled: updateStatus(tr("Cancelled")); break;
    case Termination::InvalidInput:
        m_form->showProblem(QString::fromStdString(outcome.message));
        updateStatus(tr("Invalid parameters: %1").arg(QString::fromStdString(outcome.message)));
        break;
    case Termination::Failed:
        m_form->showProblem(QString::fromStdString(outcome.message));
        updateStatus(tr("Failed: %1").arg(QString::fromStdString(outcome.message)));
        break;
    }
    m_lastEnd = outcome.termination;
    emit runEnded(outcome.termination);
}

void ExplorerView::startJob(const ParamSet &values, JobRunner::Work work) {
    clearProblem();
    m_pending = values;
    m_runner.start(std::move(work));
    setRunning();
}

void ExplorerView::showInForm(const ParamSet &values) {
    m_form->blockSignals(true);
    m_form->setValues(values);
    m_form->blockSignals(false);
    m_pending = m_form->values();
}

void ExplorerView::markShown(const std::vector<FileRead> &filesRead) {
    m_shown = m_pending;
    m_shownFiles = filesRead;
    emit resultShown();
}

void ExplorerView::clearProblem() { m_form->showProblem(QString()); }

void ExplorerView::setRunning() {
    m_lastEnd = Termination::Cancelled;
    m_progress.clear();
    updateStatus(tr("Running…"));
    m_statusTimer.start();
}

void ExplorerView::updateStatus(const QString &text) {
    if (text == m_status)
        return;
    m_status = text;
    emit statusChanged(text);
}

} // namespace dimscope::views
