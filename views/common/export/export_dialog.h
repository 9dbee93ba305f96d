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
    explicit ExportDialog(const QStringList &plotNames, QWidget *parent = nullptr);

    FigureExportChoice choice() const;

    /// Shows the dialog modally; nullopt when cancelled.
    static std::optional<FigureExportChoice> ask(const QStringList &plotNames, QWidget *parent);

    /// Asks for a CSV path only (data export without a figure); nullopt when cancelled. Remembers
    /// the folder. The suffix .csv is added when missing.
    static std::optional<QString> askDataPath(QWidget *parent);

public slots:
    void accept() override;

private:
    void applyPreset(int index);
    void syncPresetToValues();
    void updateDependents();
    void browse();
    void loadSettings();
    void saveSettings() const;

    QComboBox *m_plot = nullptr;
    QComboBox *m_preset = nullptr;
    QLineEdit *m_path = nullptr;
    QDoubleSpinBox *m_width = nullptr;
    QDoubleSpinBox *m_height = nullptr;
    QDoubleSpinBox *m_font = nullptr;
    QSpinBox *m_dpi = nullptr;
    QCheckBox *m_title = nullptr;
    QCheckBox *m_csv = nullptr;
    QLabel *m_csvPath = nullptr;
    QLabel *m_problem = nullptr;
    bool m_applyingPreset = false;
};

} // namespace dimscope::views
