// SPDX-License-Identifier: MIT
#include "common/export/export_dialog.h"

#include "common/export/colour_check.h"
#include "common/export/figure_preview.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace dimscope::views {
namespace {

struct Preset {
    const char *label;
    double widthMm;
    double heightMm;
    double fontPt;
};

// Typical journal column widths (~85 mm single, ~175 mm double) and a 16:9 slide at 254 mm.
constexpr Preset kPresets[] = {
    {"One column (85×60 mm, 8 pt)", 85, 60, 8},
    {"Two columns (175×90 mm, 9 pt)", 175, 90, 9},
    {"Slide (254×143 mm, 18 pt)", 254, 143, 18},
    {"Beamer frame (110×70 mm, 9 pt)", 110, 70, 9},
    {"Poster panel (380×250 mm, 28 pt)", 380, 250, 28},
};
constexpr int kCustomPreset = int(std::size(kPresets));

constexpr double kMmPerInch = 25.4;
enum Unit { kMillimetres = 0, kInches = 1 };

const QString kFilters = QStringLiteral("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");

QString settingsKey(const char *name) {
    return QStringLiteral("figureExport/") + QLatin1String(name);
}

QDoubleSpinBox *makeSpin(double lo, double hi, double step, int decimals, const QString &suffix) {
    auto *spin = new QDoubleSpinBox;
    spin->setRange(lo, hi);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    spin->setSuffix(suffix);
    return spin;
}

bool hasFigureSuffix(const QString &path) {
    return figureSuffixes().contains(QFileInfo(path).suffix().toLower());
}

} // namespace

QString csvPathFor(const QString &path) {
    // Plain string surgery keeps the folder exactly as the user typed it (relative or not).
    const QString suffix = QFileInfo(path).suffix();
    const QString base = suffix.isEmpty() ? path : path.left(path.size() - suffix.size() - 1);
    return base + QStringLiteral(".csv");
}

ExportDialog::ExportDialog(const QStringList &plotNames, const QList<QCustomPlot *> &plots,
                           QWidget *parent)
    : QDialog(parent), m_plots(plots) {
    setWindowTitle(tr("Export figure"));

    m_plot = new QComboBox;
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->addItems(plotNames);
    m_plot->setEnabled(plotNames.size() > 1);

    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setPlaceholderText(tr("figure.pdf, .svg or .png"));
    auto *browseButton = new QPushButton(tr("Browse…"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);

    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("preset"));
    for (const Preset &preset : kPresets)
        m_preset->addItem(QString::fromUtf8(preset.label));
    m_preset->addItem(tr("Custom"));
    m_unit = new QComboBox;
    m_unit->setObjectName(QStringLiteral("unit"));
    m_unit->addItems({tr("mm"), tr("inches")});
    m_unit->setAccessibleName(tr("Unit of width and height"));
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(m_preset, 1);
    presetRow->addWidget(m_unit);

    // Ranges are validate()'s, so an out-of-range value cannot be typed at all.
    m_width = makeSpin(10, 1000, 1, 1, tr(" mm"));
    m_width->setObjectName(QStringLiteral("width"));
    m_height = makeSpin(10, 1000, 1, 1, tr(" mm"));
    m_height->setObjectName(QStringLiteral("height"));
    m_font = makeSpin(4, 48, 0.5, 1, tr(" pt"));
    m_font->setObjectName(QStringLiteral("font"));
    m_dpi = new QSpinBox;
    m_dpi->setObjectName(QStringLiteral("dpi"));
    m_dpi->setRange(50, 2400);
    m_dpi->setSingleStep(50);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setToolTip(tr("Used for PNG only; PDF and SVG are vector graphics."));

    m_title = new QCheckBox(tr("Title above the plot"));
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setToolTip(tr("Leave it out when the paper's caption says what the plot shows."));
    m_strokes = new QCheckBox(tr("Dashes and markers that tell series apart in print"));
    m_strokes->setObjectName(QStringLiteral("distinctStrokes"));
    m_strokes->setToolTip(tr("Series that would look alike in greyscale or to a colour-blind "
                             "reader get a dash, marker or hatching of their own."));
    m_csv = new QCheckBox(tr("Also write the plotted data as CSV"));
    m_csv->setObjectName(QStringLiteral("alsoCsv"));
    m_csvPath = new QLabel;
    m_csvPath->setObjectName(QStringLiteral("csvPath"));
    m_csvPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_colourNote = new QLabel;
    m_colourNote->setObjectName(QStringLiteral("colourNote"));
    m_colourNote->setStyleSheet(QStringLiteral("color: #8a5300"));
    m_colourNote->setWordWrap(true);
    m_colourNote->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Plot:"), m_plot);
    form->addRow(QString(), m_colourNote);
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("Size preset:"), presetRow);
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Height:"), m_height);
    form->addRow(tr("Font size:"), m_font);
    form->addRow(tr("Resolution:"), m_dpi);
    form->addRow(m_title);
    form->addRow(m_strokes);
    form->addRow(m_csv);
    form->addRow(QString(), m_csvPath);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    QPushButton *previewButton =
        buttons->addButton(tr("Preview at actual size…"), QDialogButtonBox::ActionRole);
    previewButton->setObjectName(QStringLiteral("preview"));
    previewButton->setEnabled(!m_plots.isEmpty());
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    loadSettings();

    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_preset, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ExportDialog::applyPreset);
    // Each spin box sets only its own size, so the other keeps its exact millimetres.
    connect(m_width, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [this](double value) { takeSizeFromSpin(m_widthMm, value); });
    connect(m_height, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [this](double value) { takeSizeFromSpin(m_heightMm, value); });
    connect(m_font, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            &ExportDialog::syncPresetToValues);
    connect(m_unit, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ExportDialog::showSizesIn);
    connect(m_plot, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ExportDialog::checkColours);
    connect(previewButton, &QPushButton::clicked, this, &ExportDialog::preview);
    connect(m_strokes, &QCheckBox::toggled, this, &ExportDialog::checkColours);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateDependents);
    connect(m_csv, &QCheckBox::toggled, this, &ExportDialog::updateDependents);
    syncPresetToValues();
    updateDependents();
    checkColours();
}

FigureExportChoice ExportDialog::choice() const {
    FigureExportChoice c;
    c.plotIndex = qMax(0, m_plot->currentIndex());
    c.path = m_path->text().trimmed();
    c.format.widthMm = m_widthMm;
    c.format.heightMm = m_heightMm;
    c.format.fontPt = m_font->value();
    c.format.dpi = m_dpi->value();
    c.format.title = m_title->isChecked();
    c.format.distinctStrokes = m_strokes->isChecked();
    c.alsoCsv = m_csv->isChecked();
    if (c.alsoCsv && !c.path.isEmpty())
        c.csvPath = csvPathFor(c.path);
    return c;
}

std::optional<FigureExportChoice> ExportDialog::ask(const QStringList &plotNames,
                                                    const QList<QCustomPlot *> &plots,
                                                    QWidget *parent) {
    ExportDialog dialog(plotNames, plots, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.choice();
}

std::optional<QString> ExportDialog::askDataPath(QWidget *parent) {
    QSettings settings;
    const QString start = settings.value(settingsKey("dataPath")).toString();
    QString path =
        QFileDialog::getSaveFileName(parent, tr("Export data"), start, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return std::nullopt;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".csv");
    settings.setValue(settingsKey("dataPath"), path);
    return path;
}

void ExportDialog::accept() {
    const FigureExportChoice c = choice();
    QString problem;
    if (c.path.isEmpty())
        problem = tr("Choose a file to export to.");
    else if (!hasFigureSuffix(c.path))
        problem = tr("The file name must end in .pdf, .svg or .png.");
    else if (const auto formatProblem = validate(c.format))
        problem = *formatProblem;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return;
    saveSettings();
    QDialog::accept();
}

void ExportDialog::applyPreset(int index) {
    if (index < 0 || index >= kCustomPreset)
        return;
    // Guarded so the spin boxes' change signals do not flip the combo back to "Custom" midway.
    m_applyingPreset = true;
    m_widthMm = kPresets[index].widthMm;
    m_heightMm = kPresets[index].heightMm;
    m_font->setValue(kPresets[index].fontPt);
    m_applyingPreset = false;
    showSizesIn(m_unit->currentIndex());
}

void ExportDialog::showSizesIn(int unitIndex) {
    // The spin boxes show the sizes kept in mm; their own rounding (0.01 in) never feeds back.
    const bool inches = unitIndex == kInches;
    const double perMm = inches ? 1 / kMmPerInch : 1.0;
    const bool applying = m_applyingPreset;
    m_applyingPreset = true;
    for (QDoubleSpinBox *spin : {m_width, m_height}) {
        spin->setDecimals(inches ? 2 : 1);
        spin->setSingleStep(inches ? 0.1 : 1);
        spin->setSuffix(inches ? tr(" in") : tr(" mm"));
        // validate()'s 10…1000 mm, kept inside after the display's rounding.
        spin->setRange(inches ? 0.40 : 10.0, inches ? 39.37 : 1000.0);
    }
    m_width->setValue(m_widthMm * perMm);
    m_height->setValue(m_heightMm * perMm);
    m_applyingPreset = applying;
}

void ExportDialog::takeSizeFromSpin(double &sizeMm, double shown) {
    if (m_applyingPreset)
        return;
    sizeMm = shown * (m_unit->currentIndex() == kInches ? kMmPerInch : 1.0);
    syncPresetToValues();
}

void ExportDialog::checkColours() {
    const int index = m_plot->currentIndex();
    m_colourWarnings = index >= 0 && index < m_plots.size()
                           ? views::colourWarnings(m_plots.at(index), m_strokes->isChecked())
                           : QStringList();
    m_colourNote->setVisible(!m_colourWarnings.isEmpty());
    m_colourNote->setText(tr("Hard to tell apart in print or for some readers: %1.%2")
                              .arg(m_colourWarnings.join(QStringLiteral("; ")),
                                   m_strokes->isChecked()
                                       ? QString()
                                       : tr(" Dashes and markers (below) tell them apart.")));
}

void ExportDialog::preview() {
    const int index = m_plot->currentIndex();
    if (index < 0 || index >= m_plots.size())
        return;
    FigureFormat format = choice().format;
    if (const auto problem = validate(format)) {
        m_problem->setText(*problem);
        m_problem->show();
        return;
    }
    showPhysicalPreview(this, m_plots.at(index), format);
}

void ExportDialog::syncPresetToValues() {
    if (m_applyingPreset)
        return;
    int match = kCustomPreset;
    for (int i = 0; i < kCustomPreset; ++i) {
        if (qAbs(m_widthMm - kPresets[i].widthMm) < 0.05 &&
            qAbs(m_heightMm - kPresets[i].heightMm) < 0.05 &&
            qFuzzyCompare(m_font->value(), kPresets[i].fontPt))
            match = i;
    }
    const QSignalBlocker block(m_preset);
    m_preset->setCurrentIndex(match);
}

void ExportDialog::updateDependents() {
    const QString path = m_path->text().trimmed();
    // DPI means something for PNG only; an empty path keeps it usable for a not-yet-typed name.
    m_dpi->setEnabled(path.isEmpty() || QFileInfo(path).suffix().toLower() == QLatin1String("png"));
    m_csvPath->setVisible(m_csv->isChecked() && !path.isEmpty());
    m_csvPath->setText(tr("→ %1").arg(QDir::toNativeSeparators(csvPathFor(path))));
    m_problem->hide();
}

void ExportDialog::browse() {
    QString selectedFilter;
    const QString suffix = QFileInfo(m_path->text()).suffix().toLower();
    const QStringList filters = kFilters.split(QStringLiteral(";;"));
    for (const QString &filter : filters) {
        if (!suffix.isEmpty() && filter.contains(QStringLiteral("*.") + suffix))
            selectedFilter = filter;
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), m_path->text(), kFilters,
                                                &selectedFilter);
    if (path.isEmpty())
        return;
    if (!hasFigureSuffix(path)) {
        // Dialogs on some platforms do not append the filter's suffix themselves.
        const int star = selectedFilter.indexOf(QStringLiteral("*."));
        path += star >= 0 ? selectedFilter.mid(star + 1, 4) : QStringLiteral(".pdf");
    }
    m_path->setText(QDir::toNativeSeparators(path));
}

void ExportDialog::loadSettings() {
    const QSettings settings;
    const FigureFormat defaults;
    m_path->setText(settings.value(settingsKey("path")).toString());
    m_widthMm = std::clamp(settings.value(settingsKey("widthMm"), defaults.widthMm).toDouble(),
                           10.0, 1000.0);
    m_heightMm = std::clamp(settings.value(settingsKey("heightMm"), defaults.heightMm).toDouble(),
                            10.0, 1000.0);
    {
        const QSignalBlocker block(m_unit);
        m_unit->setCurrentIndex(
            settings.value(settingsKey("unit")).toString() == QLatin1String("in") ? kInches
                                                                                  : kMillimetres);
    }
    showSizesIn(m_unit->currentIndex());
    m_font->setValue(settings.value(settingsKey("fontPt"), defaults.fontPt).toDouble());
    m_dpi->setValue(settings.value(settingsKey("dpi"), defaults.dpi).toInt());
    m_csv->setChecked(settings.value(settingsKey("alsoCsv"), false).toBool());
    m_title->setChecked(settings.value(settingsKey("title"), true).toBool());
    m_strokes->setChecked(settings.value(settingsKey("distinctStrokes"), false).toBool());
}

void ExportDialog::saveSettings() const {
    QSettings settings;
    settings.setValue(settingsKey("path"), m_path->text().trimmed());
    settings.setValue(settingsKey("widthMm"), m_widthMm);
    settings.setValue(settingsKey("heightMm"), m_heightMm);
    settings.setValue(settingsKey("unit"), m_unit->currentIndex() == kInches
                                               ? QStringLiteral("in")
                                               : QStringLiteral("mm"));
    settings.setValue(settingsKey("fontPt"), m_font->value());
    settings.setValue(settingsKey("dpi"), m_dpi->value());
    settings.setValue(settingsKey("alsoCsv"), m_csv->isChecked());
    settings.setValue(settingsKey("title"), m_title->isChecked());
    settings.setValue(settingsKey("distinctStrokes"), m_strokes->isChecked());
}

} // namespace dimscope::views
