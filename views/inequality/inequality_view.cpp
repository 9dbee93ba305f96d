// SPDX-License-Identifier: MIT
#include "inequality_view.h"

#include <algorithm>
#include <cmath>

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include "atomic_file.h"
#include "common/param_form.h"
#include "inequality.h"
#include "inequality_plots.h"

namespace dimscope::views {

using namespace dimscope::inequality;

namespace {

QString loadExplanation() {
    QFile file(QStringLiteral(":/explanations/inequality.html"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString widthsText(const std::vector<int> &widths) {
    QStringList parts;
    for (int w : widths)
        parts << QString::number(w);
    return parts.join(QStringLiteral("→"));
}

std::int64_t parameterCount(const std::vector<int> &w) {
    std::int64_t n = 0;
    for (std::size_t k = 0; k + 1 < w.size(); ++k)
        n += std::int64_t(w[k] + 1) * w[k + 1];
    return n;
}

/// Median R of 2000 random nets from gradients.md §1.4 (tanh-like init, bias std 0.3, f = uᵀh).
QString typicalMedian(const std::vector<int> &widths, Norm norm) {
    struct Row {
        std::vector<int> widths;
        const char *spectral, *frobenius;
    };
    static const Row rows[] = {{{4, 16, 16, 1}, "0.05–0.10", "0.02–0.05"},
                               {{8, 32, 32, 32, 4}, "0.03–0.05", "0.002–0.007"},
                               {{2, 64, 1}, "0.011–0.020", "≈ 0.01"},
                               {{3, 3, 3, 3}, "0.10–0.21", "0.06–0.08"}};
    for (const Row &r : rows)
        if (r.widths == widths) {
            if (norm == Norm::Spectral)
                return QString::fromUtf8(r.spectral);
            if (norm == Norm::Frobenius)
                return QString::fromUtf8(r.frobenius);
        }
    return {};
}

QString medianOf(std::vector<double> values) {
    if (values.empty())
        return QStringLiteral("–");
    auto mid = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return shortNumber(*mid);
}

QString violationMeaning() {
    return InequalityView::tr(
        "Inputs with R > 1 + 10⁻¹²: the left side exceeds the right, so (1.1) fails there. Always "
        "0 with "
        "spectral or Frobenius norms, biases included and no skip connections; max-abs and rms "
        "norms, "
        "leaving the biases out, or residual layers with a small branch gain make it climb.");
}

QString rangeMeaning() {
    return InequalityView::tr("Smallest and largest R seen. With spectral or Frobenius norms (1.1) "
                              "guarantees 0 ≤ R ≤ 1; R = 1 "
                              "only when every step of the derivation is tight (width-1 nets). "
                              "Max-abs and rms are smaller than "
                              "the spectral norm, so R can exceed 1.");
}

QList<Readout> singleReadouts(const InequalityResult &r) {
    const auto tr = [](const char *text) { return InequalityView::tr(text); };
    QList<Readout> rows;
    rows << Readout{
        tr("net"),
        tr("%1\n%2 parameters").arg(widthsText(r.widths), groupedNumber(parameterCount(r.widths))),
        tr("Layer widths d₀→…→d_L and the number of weights and biases.")};
    if (!r.lhs.empty()) {
        rows << Readout{tr("‖∇ₓf‖², input 1"), shortNumber(r.gradXSq.front(), 4),
                        tr("Squared length of the input gradient of f at the first input: the "
                           "input-gradient penalty (the Dirichlet-energy integrand).")};
        rows << Readout{
            tr("‖∇θf‖², input 1"), shortNumber(r.gradThetaSq.front(), 4),
            tr("Squared length of the gradient with respect to all weights and biases: "
               "the parameter-gradient penalty that SGD implicitly applies (IGR). This is "
               "the right side of (1.1).")};
        rows << Readout{
            tr("LHS, input 1"), shortNumber(r.lhs.front(), 4),
            tr("‖∇ₓf‖² Σₜ (1 + ‖h⁽ᵗ⁾‖²)/(‖W⁽ᵗ⁾‖² ‖Jₜ‖²): the input-gradient penalty scaled "
               "by layer factors. The bars of the layers plot add up to it.")};
        rows << Readout{tr("RHS, input 1"), shortNumber(r.rhs.front(), 4),
                        tr("‖∇θf‖² = Σₜ (‖∇_W f‖²_F + ‖∇_b f‖²): the sum of the right-hand bars.")};
        rows << Readout{
            tr("R, input 1"), shortNumber(r.ratio.front(), 4),
            tr("R = LHS/RHS. In [0, 1] for valid norms; close to 1 means (1.1) is tight at "
               "this input, close to 0 that it is loose.")};
    }
    std::vector<double> ratios = r.ratio;
    const auto [mn, mx] = std::minmax_element(ratios.begin(), ratios.end());
    rows << Readout{
        tr("median R"), medianOf(ratios),
        tr("Median of R over the %1 inputs: how loose the bound typically is for this net.")
            .arg(groupedNumber(std::int64_t(ratios.size())))};
    if (!ratios.empty())
        rows << Readout{tr("R range"),
                        tr("%1 … %2\nvalid norms: 0 … 1").arg(shortNumber(*mn), shortNumber(*mx)),
                        rangeMeaning()};
    rows << Readout{
        tr("violations"),
        tr("%1 of %2 inputs")
            .arg(groupedNumber(r.violations), groupedNumber(std::int64_t(ratios.size()))),
        violationMeaning()};
    const QString typical =
        r.params.model.empty() ? typicalMedian(r.widths, r.params.norm) : QString();
    if (!typical.isEmpty())
        rows << Readout{
            tr("typical median R"), typical,
            tr("Median R for this shape over 2000 random nets from the reference (§1.4): "
               "W ~ N(0, gain²/d_in), b ~ N(0, 0.09), x ~ N(0, I), f = uᵀh. Other gains, "
               "activations or outputs move it.")};
    return rows;
}

QList<Readout> stressReadouts(std::int64_t netsDone, std::int64_t netsTotal,
                              std::int64_t samplesPerNet, const Histogram &h,
                              std::int64_t violations, double maxRatio, const QString &median) {
    const auto tr = [](const char *text) { return InequalityView::tr(text); };
    QList<Readout> rows;
    rows << Readout{
        tr("nets"), tr("%1 of %2").arg(groupedNumber(netsDone), groupedNumber(netsTotal)),
        tr("Independent random nets evaluated so far, each with fresh weights, biases and u.")};
    rows << Readout{tr("inputs"), groupedNumber(h.total()),
                    tr("Inputs evaluated: %1 per net.").arg(groupedNumber(samplesPerNet))};
    const double share = h.total() > 0 ? 100.0 * double(violations) / double(h.total()) : 0.0;
    rows << Readout{tr("violations"),
                    violations > 0
                        ? tr("%1 (%2 %)").arg(groupedNumber(violations), shortNumber(share, 3))
                        : QStringLiteral("0"),
                    violationMeaning()};
    rows << Readout{tr("max R"), shortNumber(maxRatio, 4), rangeMeaning()};
    rows << Readout{
        tr("median R"), median,
        tr("Median of R over all inputs of all nets (from the histogram while running, exact "
           "at the end).")};
    if (h.underflow + h.overflow > 0)
        rows << Readout{
            tr("off the plot"),
            tr("%1 with R = 0 or < 10⁻⁸\n%2 with R ≥ 100")
                .arg(groupedNumber(h.underflow), groupedNumber(h.overflow)),
            tr("Inputs outside the histogram's range. R = 0 comes from a zero input gradient "
               "(for example dead ReLUs); it is no violation.")};
    return rows;
}

} // namespace

InequalityView::InequalityView(QWidget *parent)
    : ExplorerView(inequality::explorerInfo(), parent),
      m_plots(std::make_unique<InequalityPlots>()) {
    auto *singlePage = new QWidget;
    auto *grid = new QGridLayout(singlePage);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->addWidget(m_plots->layers(), 0, 0, 1, 2);
    grid->addWidget(m_plots->lhsRhs(), 1, 0);
    grid->addWidget(m_plots->ratio(), 1, 1);
    grid->setRowStretch(0, 2);
    grid->setRowStretch(1, 3);
    auto *stressPage = new QWidget;
    auto *stressLayout = new QVBoxLayout(stressPage);
    stressLayout->setContentsMargins(4, 4, 4, 4);
    stressLayout->addWidget(m_plots->stress());

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(singlePage, tr("One net (Random nets = 1)"));
    m_tabs->addTab(stressPage, tr("Stress test (Random nets > 1)"));

    auto *loadModel = new QPushButton(tr("Load model folder…"));
    loadModel->setToolTip(
        tr("A folder with model.json and the weight/bias .npy files (PyTorch's "
           "nn.Linear layout, (out, in)). Replaces the random net; sets Random nets = 1."));
    auto *loadInputsButton = new QPushButton(tr("Load inputs (.npy)…"));
    loadInputsButton->setToolTip(tr("An N × d .npy file of inputs; replaces the random inputs."));
    auto *random = new QPushButton(tr("Random net"));
    random->setToolTip(
        tr("Forget the model folder and the inputs file; draw random nets and inputs."));
    m_source = new QLabel;
    m_source->setObjectName(QStringLiteral("source"));
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_saveCertificate = new QPushButton(tr("Save certificate…"));
    m_saveCertificate->setObjectName(QStringLiteral("saveCertificate"));
    m_saveCertificate->setToolTip(
        tr("Writes the worst case of the adversarial search (weights, f, input, "
           "LHS, RHS, R) as JSON that reproduces it. Set Search steps > 0."));
    m_saveCertificate->setEnabled(false);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(loadModel);
    bar->addWidget(loadInputsButton);
    bar->addWidget(random);
    bar->addSpacing(8);
    bar->addWidget(m_source, 1);
    bar->addWidget(m_saveCertificate);

    auto *area = new QWidget;
    auto *areaLayout = new QVBoxLayout(area);
    areaLayout->setContentsMargins(0, 0, 0, 0);
    areaLayout->addLayout(bar);
    areaLayout->addWidget(m_tabs, 1);
    setPlotArea(area);
    setExplanation(loadExplanation());

    connect(loadModel, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Model folder (with model.json)"),
                                              QString::fromStdString(params().text("model")));
        if (!folder.isEmpty())
            loadModelFolder(folder);
    });
    connect(loadInputsButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Inputs, N × d"), QString::fromStdString(params().text("inputs")),
            tr("NumPy arrays (*.npy);;All files (*)"));
        if (!path.isEmpty())
            loadInputs(path);
    });
    connect(random, &QPushButton::clicked, this, &InequalityView::useRandomNet);
    connect(m_saveCertificate, &QPushButton::clicked, this, &InequalityView::chooseCertificatePath);

    connect(runner(), &JobRunner::snapshotReady, this, [this](const std::any &a) {
        if (const auto *s = std::any_cast<InequalitySnapshot>(&a))
            drawSnapshot(*s);
    });
    onFinished<InequalityResult>([this](const InequalityResult &r) { drawResult(r); });
    showMode(paramsFrom(params()));
}

InequalityView::~InequalityView() = default;

QList<PlotEntry> InequalityView::plots() const {
    return m_plots->entries();
}

void InequalityView::startRun(const ParamSet &values) {
    const InequalityParams params = paramsFrom(values);
    if (auto problem = validate(params)) {
        rejectParams(QString::fromStdString(*problem));
        return;
    }
    showMode(params);
    startTyped<InequalitySnapshot, InequalityResult>(
        [params](const RunControl<InequalitySnapshot> &control) {
            return computeInequality(params, control);
        });
}

RunOutcome InequalityView::runBlocking(const ParamSet &values) {
    form()->blockSignals(true);
    form()->setValues(values);
    form()->blockSignals(false);
    const InequalityParams params = paramsFrom(values);
    if (auto problem = validate(params))
        return RunOutcome{Termination::InvalidInput, *problem};
    showMode(params);
    const InequalityResult result = computeInequality(params);
    if (result.ok())
        drawResult(result);
    return result;
}

void InequalityView::loadModelFolder(const QString &folder) {
    ParamSet p = params();
    p.set("model", folder.toStdString());
    p.set("nets", std::int64_t(1)); // a model replaces the random nets
    setParams(p);
}

void InequalityView::loadInputs(const QString &path) {
    ParamSet p = params();
    p.set("inputs", path.toStdString());
    setParams(p);
}

void InequalityView::useRandomNet() {
    ParamSet p = params();
    p.set("model", std::string());
    p.set("inputs", std::string());
    setParams(p);
}

std::optional<QString> InequalityView::saveCertificate(const QString &path) const {
    if (!m_worst)
        return tr("No certificate yet: set Search steps > 0 and let the search finish.");
    const std::string text = certificateToJson(*m_worst).dump(2) + "\n";
    if (auto error = writeFileAtomically(path.toStdString(), text))
        return QString::fromStdString(*error);
    return std::nullopt;
}

void InequalityView::chooseCertificatePath() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save certificate"),
                                                      QStringLiteral("inequality-certificate.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (auto error = saveCertificate(path))
        QMessageBox::warning(this, tr("Save certificate"), *error);
}

void InequalityView::showMode(const InequalityParams &params) {
    const bool single = params.nets == 1;
    if (single != m_singleShown)
        m_tabs->setCurrentIndex(single ? 0 : 1);
    m_singleShown = single;
    const QString widths =
        QString::fromStdString(params.widths).replace(QLatin1Char(','), QStringLiteral("→"));
    QString source;
    if (!params.model.empty())
        source = tr("Model: %1").arg(QFileInfo(QString::fromStdString(params.model)).fileName());
    else if (single)
        source = tr("Random net %1").arg(widths);
    else
        source = tr("%1 random nets %2").arg(groupedNumber(params.nets), widths);
    source +=
        params.inputs.empty()
            ? tr(", %1 random inputs").arg(groupedNumber(params.samples))
            : tr(", inputs: %1").arg(QFileInfo(QString::fromStdString(params.inputs)).fileName());
    m_source->setText(source);
    m_source->setToolTip(QString::fromStdString(
        params.model.empty() ? params.inputs : params.model + "\n" + params.inputs));
}

void InequalityView::drawSnapshot(const InequalitySnapshot &s) {
    if (s.netsTotal <= 1)
        return; // a single net is drawn when it is done
    m_plots->drawStress(s.logRatio, s.violations, s.netsDone);
    const auto median = histogramQuantile(s.logRatio, 0.5);
    const auto samples = s.netsDone > 0 ? s.logRatio.total() / s.netsDone : 0;
    setReadouts(stressReadouts(
        s.netsDone, s.netsTotal, samples, s.logRatio, s.violations, s.maxRatio,
        median ? QStringLiteral("≈ ") + shortNumber(std::pow(10.0, *median)) : tr("–")));
    setProgressText(tr("%1 of %2 nets").arg(groupedNumber(s.netsDone), groupedNumber(s.netsTotal)));
}

void InequalityView::drawResult(const InequalityResult &result) {
    const bool single = result.params.nets == 1;
    QList<Readout> rows;
    if (single) {
        m_plots->drawSingle(result);
        rows = singleReadouts(result);
        setProgressText(tr("%1 inputs").arg(groupedNumber(std::int64_t(result.ratio.size()))));
    } else {
        m_plots->drawStress(result.logRatio, result.violations, result.netsDone);
        rows = stressReadouts(result.netsDone, result.params.nets, result.samplesPerNet,
                              result.logRatio, result.violations, result.maxRatio,
                              medianOf(result.ratio));
        setProgressText(tr("%1 nets").arg(groupedNumber(result.netsDone)));
    }
    if (result.worst) {
        m_worst = std::make_unique<Certificate>(*result.worst);
        rows << Readout{
            tr("worst R (search)"),
            tr("%1\nLHS %2, RHS %3")
                .arg(shortNumber(m_worst->ratio, 5), shortNumber(m_worst->lhs, 3),
                     shortNumber(m_worst->rhs, 3)),
            tr("The largest R the adversarial search found by moving the input of net 1 "
               "(%1 steps of hill climbing). It stays ≤ 1 for valid norms however hard it "
               "pushes; Save certificate… writes the net and the input to reproduce it.")
                .arg(groupedNumber(result.params.searchSteps))};
    } else {
        m_worst.reset();
    }
    m_plots->markWorst(m_worst.get(), single);
    m_saveCertificate->setEnabled(static_cast<bool>(m_worst));
    setReadouts(rows);
}

} // namespace dimscope::views
