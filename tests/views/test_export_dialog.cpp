// SPDX-License-Identifier: MIT
// The "Export figure" dialog: presets and units that keep exact millimetres, the choices it
// remembers, and its warning of series a printed or colour-blind reader cannot tell apart.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/export/export_dialog.h"
#include "view_test_support.h"

using namespace dimscope::views;

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void dialogPresetsAndDpi();
    void dialogSizesInInchesStayExactInMm();
    void dialogWarnsOfSeriesHardToTellApart();

private:
    QTemporaryDir m_dir;
};

void TestExportDialog::initTestCase() {
    QVERIFY(m_dir.isValid());
    testing::keepSettingsIn(m_dir, "test_export_dialog");
}

void TestExportDialog::dialogPresetsAndDpi() {
    QSettings().clear();
    ExportDialog dialog({"histogram", "scatter"});
    auto *preset = dialog.findChild<QComboBox *>("preset");
    auto *width = dialog.findChild<QDoubleSpinBox *>("width");
    auto *font = dialog.findChild<QDoubleSpinBox *>("font");
    auto *dpi = dialog.findChild<QSpinBox *>("dpi");
    auto *path = dialog.findChild<QLineEdit *>("path");
    auto *csv = dialog.findChild<QCheckBox *>("alsoCsv");
    QVERIFY(preset && width && font && dpi && path && csv);

    preset->setCurrentIndex(0);
    QCOMPARE(width->value(), 85.0);
    QCOMPARE(font->value(), 8.0);
    width->setValue(90);
    QCOMPARE(preset->currentText(), QString("Custom"));
    width->setValue(85);
    QCOMPARE(preset->currentIndex(), 0);

    path->setText("/tmp/out/fig.pdf");
    QVERIFY(!dpi->isEnabled());
    path->setText("/tmp/out/fig.png");
    QVERIFY(dpi->isEnabled());
    csv->setChecked(true);
    dialog.findChild<QComboBox *>("plot")->setCurrentIndex(1);
    const FigureExportChoice c = dialog.choice();
    QCOMPARE(c.plotIndex, 1);
    QCOMPARE(c.csvPath, QString("/tmp/out/fig.csv"));
    QCOMPARE(c.format.widthMm, 85.0);

    path->setText("/tmp/out/fig.eps");
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // refused inline, dialog stays open
    path->setText("/tmp/out/fig.png");
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    ExportDialog again({"histogram"});
    QCOMPARE(again.choice().path, QString("/tmp/out/fig.png"));
    QCOMPARE(again.choice().format.fontPt, 8.0);
    QVERIFY(again.choice().alsoCsv);
}

void TestExportDialog::dialogSizesInInchesStayExactInMm() {
    QSettings().clear();
    ExportDialog dialog({"histogram"});
    auto *preset = dialog.findChild<QComboBox *>("preset");
    auto *unit = dialog.findChild<QComboBox *>("unit");
    auto *width = dialog.findChild<QDoubleSpinBox *>("width");
    auto *height = dialog.findChild<QDoubleSpinBox *>("height");
    QVERIFY(preset && unit && width && height);
    preset->setCurrentIndex(0); // one column, 85 × 60 mm
    unit->setCurrentIndex(1);
    QCOMPARE(width->suffix(), QString(" in"));
    QCOMPARE(width->value(), 3.35);                 // shown to 0.01 in …
    QCOMPARE(dialog.choice().format.widthMm, 85.0); // … kept exact
    QCOMPARE(preset->currentIndex(), 0);
    width->setValue(3.5); // typed in inches
    QCOMPARE(dialog.choice().format.widthMm, 3.5 * 25.4);
    QCOMPARE(preset->currentText(), QString("Custom"));
    QCOMPARE(dialog.choice().format.heightMm, 60.0);
    unit->setCurrentIndex(0);
    QCOMPARE(width->value(), 88.9);
    QCOMPARE(height->value(), 60.0);
    // The unit is remembered with the sizes.
    unit->setCurrentIndex(1);
    dialog.findChild<QLineEdit *>("path")->setText(m_dir.filePath("inches.pdf"));
    dialog.accept();
    ExportDialog again({"histogram"});
    QCOMPARE(again.findChild<QComboBox *>("unit")->currentIndex(), 1);
    QCOMPARE(again.choice().format.widthMm, 3.5 * 25.4);
}

void TestExportDialog::dialogWarnsOfSeriesHardToTellApart() {
    QSettings().clear();
    QCustomPlot alike, apart;
    for (QCustomPlot *plot : {&alike, &apart}) {
        plot->legend->setVisible(true);
        for (const char *name : {"simulation", "theory"}) {
            QCPGraph *graph = plot->addGraph();
            graph->setName(QLatin1String(name));
            graph->addData(0, 1);
        }
    }
    alike.graph(0)->setPen(QPen(QColor("#cc0000"))); // the same grey when printed
    alike.graph(1)->setPen(QPen(QColor("#008800")));
    apart.graph(0)->setPen(QPen(QColor("#1f77b4")));
    apart.graph(1)->setPen(QPen(QColor("#ff7f0e")));
    ExportDialog dialog({"alike", "apart"}, {&alike, &apart});
    auto *note = dialog.findChild<QLabel *>("colourNote");
    QVERIFY(note);
    QCOMPARE(dialog.colourWarnings().size(), 1);
    QVERIFY2(note->text().contains("greyscale"), qPrintable(note->text()));
    QVERIFY(!note->isHidden());
    if (const QString dir = qEnvironmentVariable("DIMSCOPE_EXPORT_REVIEW_DIR"); !dir.isEmpty())
        QVERIFY(dialog.grab().save(QDir(dir).filePath("export_dialog.png")));
    dialog.findChild<QCheckBox *>("distinctStrokes")->setChecked(true);
    QVERIFY(dialog.colourWarnings().isEmpty());
    QVERIFY(note->isHidden());
    QVERIFY(dialog.choice().format.distinctStrokes);
    dialog.findChild<QCheckBox *>("distinctStrokes")->setChecked(false);
    dialog.findChild<QComboBox *>("plot")->setCurrentIndex(1);
    QVERIFY(dialog.colourWarnings().isEmpty());
    QVERIFY(note->isHidden());
}

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
