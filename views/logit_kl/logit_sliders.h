// SPDX-License-Identifier: MIT
#pragma once
// The logit-kl view's sliders: one pair (sᵢ, tᵢ) per class in [−6, 6] and the shift c of every
// sᵢ. Dragging one emits edited() with the whole new vectors; the view turns them into parameters
// (the form's text fields show the same lists, for typing).

#include <vector>

#include <QWidget>

class QGridLayout;
class QLabel;
class QSlider;

namespace dimscope::views {

class LogitSliders : public QWidget {
    Q_OBJECT
public:
    explicit LogitSliders(QWidget *parent = nullptr);

    /// Shows the values without emitting edited(); rebuilds the rows when the class count
    /// changes. Values beyond ±6 sit at the slider's end (their text stays exact in the form).
    void setValues(const std::vector<double> &s, const std::vector<double> &t, double shift);

signals:
    void edited(const std::vector<double> &s, const std::vector<double> &t, double shift);

private:
    void rebuild(std::size_t classes);
    void emitEdited();
    void updateLabels();

    QGridLayout *m_grid = nullptr;
    std::vector<QSlider *> m_s, m_t;
    std::vector<QLabel *> m_sText, m_tText;
    std::vector<QWidget *> m_rowWidgets;
    QSlider *m_shift = nullptr;
    QLabel *m_shiftText = nullptr, *m_shiftLabel = nullptr;
    std::vector<double> m_sValues, m_tValues; ///< exact values, kept for untouched sliders
};

} // namespace dimscope::views
