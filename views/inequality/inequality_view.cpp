// SPDX-License-Identifier: MIT
#include "inequality/inequality_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include "common/flow_layout.h"
#include "common/param_form.h"
#include "common/reflow_grid.h"
#include "inequality/inequality.h"
#include "inequality/inequality_plots.h"
#include "inequality/percent_text.h"
#include "inequality/ratio_histogram.h"
#include "io/atomic_file.h"

namespace dimscope::views {

using namespace dimscope::inequality;

namespace {

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
/// §1.4's median R for this shape, when the run is §1.4's setting: random nets and inputs,
/// b ~ N(0, 0.09), f = uᵀh, biases counted, no skips. Empty otherwise.
QString typicalMedian(const InequalityParams &p, const std::vector<int> &widths) {
    const bool referenceSetting = p.model.empty() && p.certificate.empty() && p.inputs.empty() &&
                                  p.biasStd == 0.3 && p.output == "u" && p.includeBiases &&
                                  !p.residual;
    if (!referenceSetting)
        return {};
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
            if (p.norm == Norm::Spectral)
                return QString::fromUtf8(r.spectral);
            if (p.norm == Norm::Frobenius)
                return QString::fromUtf8(r.frobenius);
        }
    return {};
}

std::optional<double> medianValue(std::vector<double> values) {
    if (values.empty())
        return std::nullopt;
    auto mid = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

QString medianOf(const std::vector<double> &values) {
    const auto median = medianValue(values);
    return median ? numberText(*median, 3) : QStringLiteral("–");
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
        tr("Layer widths d₀ → d₁ → … and the number of weights and biases.")};
    if (!r.lhs.empty()) {
        rows << Readout{tr("‖∇ₓf‖², input 1"), numberText(r.gradXSq.front(), 4),
                        tr("Squared length of the input gradient of f at the first input: the "
                           "input-gradient penalty (the Dirichlet-energy integrand).")};
        rows << Readout{
            tr("‖∇θf‖², input 1"), numberText(r.gradThetaSq.front(), 4),
            tr("Squared length of the gradient with respect to all weights and biases: "
               "the parameter-gradient penalty that SGD implicitly applies (IGR). This is "
               "the right side of (1.1).")};
        rows << Readout{
            tr("LHS, input 1"), numberText(r.lhs.front(), 4),
            tr("‖∇ₓf‖² Σₜ (1 + ‖h⁽ᵗ⁾‖²)/(‖W⁽ᵗ⁾‖² ‖Jₜ‖²): the input-gradient penalty scaled "
               "by layer factors. The bars of the layers plot add up to it.")};
        rows << Readout{tr("RHS, input 1"), numberText(r.rhs.front(), 4),
                        tr("‖∇θf‖² = Σₜ (‖∇_W f‖²_F + ‖∇_b f‖²): the sum of the right-hand bars.")};
        rows << Readout{
            tr("R, input 1"), numberText(r.ratio.front(), 4),
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
        rows << Readout{
            tr("R range"),
            tr("%1 … %2\nvalid norms: 0 … 1").arg(numberText(*mn, 3), numberText(*mx, 3)),
            rangeMeaning()};
    rows << Readout{
        tr("violations"),
        tr("%1 of %2 inputs")
            .arg(groupedNumber(r.violations), groupedNumber(std::int64_t(ratios.size()))),
        violationMeaning()};
    const QString typical = typicalMedian(r.params, r.widths);
    if (!typical.isEmpty())
        rows << Readout{
            tr("typical median R"), typical,
            tr("Median R for this shape over 2000 random nets from the reference (§1.4): "
               "W ~ N(0, gain²/d_in), b ~ N(0, 0.09), x ~ N(0, I), f = uᵀh. Shown only in "
               "that setting; gains and activations move it within the band.")};
    return rows;
}

QList<Readout> stressReadouts(std::int64_t netsDone, std::int64_t netsTotal,
                              std::int64_t samplesPerNet, const Histogram &h,
                              std::int64_t violations, std::int64_t netsViolating, double maxRatio,
                              const QString &median) {
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
                        ? tr("%1 (%2 %)").arg(groupedNumber(violations), numberText(share, 3))
                        : QStringLiteral("0"),
                    violationMeaning()};
    rows << Readout{
        tr("nets violating"),
        netsViolating > 0
            ? tr("%1 of %2 (%3 %)")
                  .arg(groupedNumber(netsViolating), groupedNumber(netsDone),
                       numberText(netsDone > 0 ? 100.0 * double(netsViolating) / double(netsDone)
                                               : 0.0,
                                  3))
            : tr("0 of %1").arg(groupedNumber(netsDone)),
        tr("Nets with at least one input where (1.1) fails; the reference (§1.3) quotes shares of "
           "nets, for example 12–89 % of random nets with the max-abs norm.")};
    rows << Readout{tr("max R"), numberText(maxRatio, 4), rangeMeaning()};
    rows << Readout{
        tr("median R"), median,
        tr("Median of R over all inputs of all nets (from the histogram while running, exact "
           "at the end).")};
    QStringList offScale;
    if (h.underflow > 0)
        offScale << tr("%1 with R = 0 or < 10⁻⁸").arg(groupedNumber(h.underflow));
    if (h.overflow > 0)
        offScale << tr("%1 with R ≥ 100").arg(groupedNumber(h.overflow));
    if (!offScale.isEmpty())
        rows << Readout{
            tr("off the scale"), offScale.join(QLatin1Char('\n')),
            tr("Inputs outside the histogram's range (10⁻⁸ ≤ R < 100), drawn as the bars set "
               "apart at its ends. R = 0 comes from a zero input gradient (for example dead "
               "ReLUs); it is no violation. R ≥ 100 is.")};
    return rows;
}

/// The shape of §1.8's "Inequality lab": `depth` layers, the hidden ones `width` wide, one output.
struct Shape {
    int depth = 3, width = 16, input = 4;
};

constexpr int kMaxDepth = 8;         ///< §1.8: depth 1–8
constexpr int kMaxShapeWidth = 4096; ///< the core's largest width

/// What the shape row can show of `widths`: depth and input dim of any valid widths, the width
/// when the hidden layers share one (0 otherwise, and for a single layer); `regular` when the row
/// reproduces the widths exactly (d₀, w, …, w, 1).
struct ShapeReading {
    Shape shape;
    bool regular = false;
};

std::optional<ShapeReading> readShape(const std::string &widths) {
    const auto w = parseWidths(widths);
    if (!w || int(w->size()) - 1 > kMaxDepth)
        return std::nullopt;
    bool sameHidden = true;
    for (std::size_t k = 1; k + 1 < w->size(); ++k)
        sameHidden = sameHidden && (*w)[k] == (*w)[1];
    ShapeReading r;
    r.shape = Shape{int(w->size()) - 1, w->size() > 2 && sameHidden ? (*w)[1] : 0, w->front()};
    r.regular = sameHidden && w->back() == 1;
    return r;
}

std::string widthsOf(const Shape &shape) {
    std::string text = std::to_string(shape.input);
    for (int k = 1; k < shape.depth; ++k)
        text += "," + std::to_string(shape.width);
    return text + ",1";
}

QString searchMeaning(const InequalityParams &p) {
    const QString net = !p.model.empty() ? InequalityView::tr("the model")
                        : p.nets == 1    ? InequalityView::tr("the net")
                                         : InequalityView::tr("net 1");
    const QString what =
        p.searchOver == SearchOver::InputAndWeights
            ? InequalityView::tr("moving the input and every weight and bias of %1").arg(net)
            : InequalityView::tr("moving the input of %1 (its weights fixed)").arg(net);
    const QString saved = p.searchOver == SearchOver::InputAndWeights
                              ? InequalityView::tr("the changed net and the input")
                              : InequalityView::tr("the net and the input");
    return InequalityView::tr("The largest R the adversarial search found by %1 (%2 steps of "
                              "hill climbing). It stays ≤ 1 for valid norms however hard it "
                              "pushes; Save certificate… writes %3 to reproduce it.")
        .arg(what, groupedNumber(p.searchSteps), saved);
}

} // namespace

InequalityView::InequalityView(QWidget *parent)
    : TypedExplorerView(inequality::explorer(), parent),
      m_plots(std::make_unique<InequalityPlots>()) {
    auto *singlePage = new ReflowGrid;
    singlePage->setWideOrOneColumn({{m_plots->layers(), 0, 0, 1, 2, {}, 2},
                                    {m_plots->lhsRhs(), 1, 0, 1, 1, {}, 3},
                                    {m_plots->ratio(), 1, 1, 1, 1, {}, 3}});
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
    auto *openCertificateButton = new QPushButton(tr("Open certificate…"));
    openCertificateButton->setToolTip(tr(
        "A certificate from Save certificate… (or a compute output with result.worst): shows its "
        "net, f and input with its norm, and checks that they give the R it states."));
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
    // Both rows wrap on a narrow screen (FlowLayout) instead of widening the view.
    auto *bar = new FlowLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    for (QWidget *widget :
         std::initializer_list<QWidget *>{loadModel, loadInputsButton, openCertificateButton,
                                          random, m_source, m_saveCertificate})
        bar->addWidget(widget);

    // The shape row of §1.8: a regular net (input dim, depth − 1 hidden layers of one width, one
    // output) set with three spin boxes that write the Widths field, which stays for any shape.
    const auto spin = [this](const char *name, int lo, int hi, const QString &tip) {
        auto *box = new QSpinBox;
        box->setObjectName(QString::fromLatin1(name));
        box->setRange(lo, hi);
        box->setKeyboardTracking(false); // typing 128 runs 128, not 1 and 12 first
        box->setToolTip(tip);
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &InequalityView::applyShape);
        return box;
    };
    m_depth = spin("shapeDepth", 1, kMaxDepth,
                   tr("Depth l: the number of layers (weight matrices), 1–8. Writes the Widths "
                      "field: input dim, l − 1 hidden layers of the width, one output."));
    m_width = spin("shapeWidth", 1, kMaxShapeWidth, tr("Width of every hidden layer."));
    m_inputDim = spin("shapeInputDim", 1, kMaxShapeWidth, tr("Input dimension d₀."));
    m_shapeNote = new QLabel;
    m_shapeNote->setObjectName(QStringLiteral("shapeNote"));
    m_sampleNets = new QPushButton(tr("Sample %1 nets").arg(groupedNumber(kSampleNets)));
    m_sampleNets->setObjectName(QStringLiteral("sampleNets"));
    connect(m_sampleNets, &QPushButton::clicked, this, &InequalityView::sampleNets);
    auto *shapeBar = new FlowLayout;
    shapeBar->setContentsMargins(4, 2, 4, 0);
    shapeBar->addWidget(new QLabel(tr("Shape:")));
    for (const auto &[text, box] :
         {std::pair{tr("depth l"), m_depth}, std::pair{tr("width"), m_width},
          std::pair{tr("input dim"), m_inputDim}}) {
        auto *label = new QLabel(text);
        label->setBuddy(box);
        shapeBar->addGroup({label, box});
    }
    shapeBar->addWidget(m_shapeNote);
    shapeBar->addWidget(m_sampleNets);

    auto *area = new QWidget;
    auto *areaLayout = new QVBoxLayout(area);
    areaLayout->setContentsMargins(0, 0, 0, 0);
    areaLayout->addLayout(shapeBar);
    areaLayout->addLayout(bar);
    areaLayout->addWidget(m_tabs, 1);
    setPlotArea(area);

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
    connect(openCertificateButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open certificate"), QString::fromStdString(params().text("certificate")),
            tr("Certificates (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto error = openCertificate(path))
            QMessageBox::warning(this, tr("Open certificate"), *error);
    });
    connect(random, &QPushButton::clicked, this, &InequalityView::useRandomNet);
    connect(m_saveCertificate, &QPushButton::clicked, this, &InequalityView::chooseCertificatePath);

    prepare(paramTable().read(params()));
    showParams(paramTable().read(params()));
}

InequalityView::~InequalityView() = default;

QList<PlotEntry> InequalityView::plots() const { return m_plots->entries(); }

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

std::optional<QString> InequalityView::openCertificate(const QString &path) {
    // Its norm and include-biases must be set in the form: the core refuses a certificate
    // evaluated under other settings rather than overriding them. The run reads and checks the
    // rest.
    CertificateSettings certificate;
    try {
        certificate = loadCertificateSettings(path.toStdString());
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    ParamSet p = params();
    for (const char *name : {"model", "inputs"})
        p.set(name, std::string());
    p.set("certificate", path.toStdString());
    p.set("norm", nameOf(certificate.norm));
    p.set("include-biases", certificate.includeBiases);
    p.set("nets", std::int64_t(1));
    p.set("search-steps", std::int64_t(0));
    setParams(p);
    return std::nullopt;
}

void InequalityView::useRandomNet() {
    ParamSet p = params();
    p.set("model", std::string());
    p.set("inputs", std::string());
    if (p.spec("certificate"))
        p.set("certificate", std::string());
    setParams(p);
}

void InequalityView::sampleNets() {
    ParamSet p = params();
    p.set("nets", kSampleNets);
    // §1.8 wants the histogram in well under a second: 2000 nets × 1000 inputs would take ~10 s.
    p.set("samples", std::min(p.integer("samples"), kSampleInputs));
    setParams(p);
}

void InequalityView::showParams(const InequalityParams &params) {
    const std::string &widths = params.widths;
    // A model folder or a certificate brings its own net.
    const bool model = !params.model.empty() || !params.certificate.empty();
    const std::optional<ShapeReading> reading = readShape(widths);
    const bool shape = reading && reading->regular;
    if (reading) {
        const QSignalBlocker blockDepth(m_depth), blockWidth(m_width), blockInput(m_inputDim);
        m_depth->setValue(reading->shape.depth);
        if (reading->shape.width > 0)
            m_width->setValue(reading->shape.width);
        m_inputDim->setValue(reading->shape.input);
    }
    for (QSpinBox *box : {m_depth, m_width, m_inputDim})
        box->setEnabled(!model);
    m_width->setEnabled(!model && m_depth->value() > 1); // one layer has no hidden width
    m_sampleNets->setEnabled(!model);
    const QString arrows =
        QString::fromStdString(widths).replace(QLatin1Char(','), QStringLiteral("→"));
    if (model) {
        m_shapeNote->setText(tr("(the loaded net's own shape)"));
        m_shapeNote->setToolTip(tr("A model folder or certificate is loaded: Random net goes back "
                                   "to random nets of a chosen shape."));
        m_sampleNets->setToolTip(tr("Random nets only: press Random net first."));
        return;
    }
    m_sampleNets->setToolTip(
        tr("The stress test: %1 independent random nets of this shape, each on %2 random inputs of "
           "its own (sets Random nets = %1 and Inputs per net to at most %3, so it takes about a "
           "second). The histogram of log₁₀ R and the violation counter stream as the nets "
           "complete. Random nets = 1 goes back to one net.")
            .arg(groupedNumber(kSampleNets), groupedNumber(std::min(params.samples, kSampleInputs)),
                 groupedNumber(kSampleInputs)));
    if (shape) {
        m_shapeNote->setText(QStringLiteral("= %1").arg(arrows));
        m_shapeNote->setToolTip(tr("The Widths field (d₀, d₁, …) that the shape writes."));
    } else {
        m_shapeNote->setText(tr("custom widths %1").arg(arrows));
        m_shapeNote->setToolTip(tr("The Widths field holds a shape the row cannot show exactly "
                                   "(more than one output, or hidden layers of different widths); "
                                   "changing the row replaces it with a regular shape: input dim, "
                                   "depth − 1 hidden layers of the width, one output."));
    }
}

void InequalityView::applyShape() {
    m_width->setEnabled(m_depth->value() > 1);
    const Shape shape{m_depth->value(), m_width->value(), m_inputDim->value()};
    const std::string widths = widthsOf(shape);
    if (widths == params().text("widths"))
        return;
    ParamSet p = params();
    p.set("widths", widths);
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

void InequalityView::prepare(const InequalityParams &params) {
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
    const auto median = stressMedianEstimate(s.logRatio, s.violations, s.maxRatio);
    m_plots->drawStress(
        StressData{&s.logRatio, s.violations, s.netsViolating, s.netsDone, s.maxRatio, median});
    const auto samples = s.netsDone > 0 ? s.logRatio.total() / s.netsDone : 0;
    setReadouts(stressReadouts(s.netsDone, s.netsTotal, samples, s.logRatio, s.violations,
                               s.netsViolating, s.maxRatio,
                               median ? QStringLiteral("≈ ") + numberText(*median, 3) : tr("–")));
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
        // Every ratio is known now: the exact median, not the histogram's estimate.
        const std::optional<double> median = medianValue(result.ratio);
        m_plots->drawStress(StressData{&result.logRatio, result.violations, result.netsViolating,
                                       result.netsDone, result.maxRatio, median});
        rows = stressReadouts(result.netsDone, result.params.nets, result.samplesPerNet,
                              result.logRatio, result.violations, result.netsViolating,
                              result.maxRatio, median ? numberText(*median, 3) : tr("–"));
        setProgressText(tr("%1 nets").arg(groupedNumber(result.netsDone)));
    }
    if (result.worst) {
        m_worst = std::make_unique<Certificate>(*result.worst);
        rows << Readout{tr("worst R (search)"),
                        tr("%1\nLHS %2, RHS %3")
                            .arg(numberText(m_worst->ratio, 5), numberText(m_worst->lhs, 3),
                                 numberText(m_worst->rhs, 3)),
                        searchMeaning(result.params)};
    } else {
        m_worst.reset();
    }
    m_plots->markWorst(m_worst.get(), single);
    m_saveCertificate->setEnabled(static_cast<bool>(m_worst));
    setReadouts(rows);
}

} // namespace dimscope::views
