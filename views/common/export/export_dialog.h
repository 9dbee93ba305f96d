// SPDX-License-Identifier: MIT
#pragma once
// "Export figure": collects the user's choices only. The caller runs exportFigure/exportCsv and
// shows errors, so the menu and the command line share one export path.

#include "common/export/figure_export.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <optional>

class QCheckBox;
class QCustomPlot;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace dimscope::views {

struct FigureExportChoice {
    int plotIndex = 0;   ///< index into the plot names the dialog was given
    QString path;        ///< figure file; its suffix (.pdf/.svg/.png) picks the format
    FigureFormat format; ///< already valid (the spin boxes carry validate()'s ranges)
    bool alsoCsv = false;
    QString csvPath; ///< path with the suffix replaced by .csv; empty unless alsoCsv
};

/// `path` with its suffix replaced by ".csv" (same folder, same base name).
QString csvPathFor(const QString &path);

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `plotNames` fills the plot combo; values start from the last accepted export (QSettings).
    /// With `plots` (one per name) the dialog also warns of series that are hard to tell apart
    /// in print and offers a preview at actual size.
    explicit ExportDialog(const QStringList &plotNames, const QList<QCustomPlot *> &plots = {},
                          QWidget *parent = nullptr);

    FigureExportChoice choice() const;

    /// The warnings shown for the chosen plot (colour_check.h); empty when there are none.
    QStringList colourWarnings() const { return m_colourWarnings; }

    /// Shows the dialog modally; nullopt when cancelled.
    static std::optional<FigureExportChoice>
    ask(const QStringList &plotNames, const QList<QCustomPlot *> &plots, QWidget *parent);

    /// Asks for a CSV path only (data export without a figure); nullopt when cancelled. Remembers
    /// the folder. The suffix .csv is added when missing.
    static std::optional<QString> askDataPath(QWidget *parent);

public slots:
    void accept() override;

private:
    void applyPreset(int index);
    void syncPresetToValues();
    void showSizesIn(int unitIndex);
    void takeSizeFromSpin(double &sizeMm, double shown);
    void checkColours();
    void preview();
    void updateDependents();
    void browse();
    void loadSettings();
    void saveSettings() const;

    QComboBox *m_plot = nullptr;
    QComboBox *m_preset = nullptr;
    QComboBox *m_unit = nullptr; ///< mm or in; the sizes are kept in mm (m_widthMm, m_heightMm)
    QLineEdit *m_path = nullptr;
    QDoubleSpinBox *m_width = nullptr;
    QDoubleSpinBox *m_height = nullptr;
    QDoubleSpinBox *m_font = nullptr;
    QSpinBox *m_dpi = nullptr;
    QCheckBox *m_title = nullptr;
    QCheckBox *m_strokes = nullptr;
    QCheckBox *m_csv = nullptr;
    QLabel *m_csvPath = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_colourNote = nullptr;
    QList<QCustomPlot *> m_plots;
    QStringList m_colourWarnings;
    double m_widthMm = 0;
    double m_heightMm = 0;
    bool m_applyingPreset = false;
};

} // namespace dimscope::views
