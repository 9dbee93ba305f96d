// SPDX-License-Identifier: MIT
#include "logit_kl/logit_sliders.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include "logit_kl/logit_kl.h"

namespace dimscope::views {

namespace {

/// Slider steps per unit of logit: 0.05 resolution.
constexpr int kStepsPerUnit = 20;

int position(double v) {
    const double limit = logit_kl::kSliderLogit;
    return static_cast<int>(std::lround(std::clamp(v, -limit, limit) * kStepsPerUnit));
}
double valueAt(int position) { return double(position) / kStepsPerUnit; }

QSlider *makeSlider() {
    auto *slider = new QSlider(Qt::Horizontal);
    const int end = static_cast<int>(logit_kl::kSliderLogit * kStepsPerUnit);
    slider->setRange(-end, end);
    slider->setMinimumWidth(90);
    return slider;
}

} // namespace

LogitSliders::LogitSliders(QWidget *parent) : QWidget(parent) {
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(4, 2, 4, 2);
    m_grid->setHorizontalSpacing(6);
    m_grid->setVerticalSpacing(0);
    m_grid->addWidget(new QLabel(tr("class")), 0, 0);
    m_grid->addWidget(new QLabel(tr("logit sᵢ")), 0, 1, 1, 2);
    m_grid->addWidget(new QLabel(tr("logit tᵢ")), 0, 3, 1, 2);
    m_shift = makeSlider();
    m_shift->setToolTip(tr("Adds c to every sᵢ: the softmax form does not move."));
    m_shiftText = new QLabel;
    m_shiftLabel = new QLabel(tr("shift c"));
    connect(m_shift, &QSlider::valueChanged, this, [this] { emitEdited(); });
}

void LogitSliders::rebuild(std::size_t classes) {
    for (QWidget *w : m_rowWidgets)
        delete w;
    m_rowWidgets.clear();
    m_s.clear();
    m_t.clear();
    m_sText.clear();
    m_tText.clear();
    // Two columns of classes side by side when there are many, so 20 classes stay short.
    const std::size_t perColumn = classes > 10 ? (classes + 1) / 2 : classes;
    for (std::size_t i = 0; i < classes; ++i) {
        const int row = 1 + int(i % perColumn), base = i < perColumn ? 0 : 5;
        if (i == perColumn && base == 5) {
            auto *head = new QLabel(tr("class")), *sHead = new QLabel(tr("logit sᵢ")),
                 *tHead = new QLabel(tr("logit tᵢ"));
            m_grid->addWidget(head, 0, 5);
            m_grid->addWidget(sHead, 0, 6, 1, 2);
            m_grid->addWidget(tHead, 0, 8, 1, 2);
            for (QWidget *w : {head, sHead, tHead})
                m_rowWidgets.push_back(w);
        }
        auto *name = new QLabel(QString::number(i + 1));
        auto *s = makeSlider(), *t = makeSlider();
        auto *sText = new QLabel, *tText = new QLabel;
        sText->setMinimumWidth(36);
        tText->setMinimumWidth(36);
        m_grid->addWidget(name, row, base + 0);
        m_grid->addWidget(s, row, base + 1);
        m_grid->addWidget(sText, row, base + 2);
        m_grid->addWidget(t, row, base + 3);
        m_grid->addWidget(tText, row, base + 4);
        for (QWidget *w : {static_cast<QWidget *>(name), static_cast<QWidget *>(s),
                           static_cast<QWidget *>(sText), static_cast<QWidget *>(t),
                           static_cast<QWidget *>(tText)})
            m_rowWidgets.push_back(w);
        const std::size_t index = i;
        connect(s, &QSlider::valueChanged, this, [this, index](int pos) {
            m_sValues[index] = valueAt(pos);
            emitEdited();
        });
        connect(t, &QSlider::valueChanged, this, [this, index](int pos) {
            m_tValues[index] = valueAt(pos);
            emitEdited();
        });
        m_s.push_back(s);
        m_t.push_back(t);
        m_sText.push_back(sText);
        m_tText.push_back(tText);
    }
    // The shift row moves below the class rows: out of the grid, then back at its new row.
    const int shiftRow = 1 + int(perColumn);
    for (QWidget *w : {static_cast<QWidget *>(m_shiftLabel), static_cast<QWidget *>(m_shift),
                       static_cast<QWidget *>(m_shiftText)})
        m_grid->removeWidget(w);
    m_grid->addWidget(m_shiftLabel, shiftRow, 0);
    m_grid->addWidget(m_shift, shiftRow, 1);
    m_grid->addWidget(m_shiftText, shiftRow, 2);
}

void LogitSliders::setValues(const std::vector<double> &s, const std::vector<double> &t,
                             double shift) {
    if (s.size() != t.size())
        return; // the form shows the problem; the sliders keep the last pair that fits
    if (s.size() != m_s.size())
        rebuild(s.size());
    m_sValues = s;
    m_tValues = t;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const QSignalBlocker bs(m_s[i]), bt(m_t[i]);
        m_s[i]->setValue(position(s[i]));
        m_t[i]->setValue(position(t[i]));
    }
    const QSignalBlocker block(m_shift);
    m_shift->setValue(position(shift));
    updateLabels();
}

void LogitSliders::updateLabels() {
    for (std::size_t i = 0; i < m_s.size(); ++i) {
        m_sText[i]->setText(numberText(m_sValues[i]));
        m_tText[i]->setText(numberText(m_tValues[i]));
    }
    m_shiftText->setText(numberText(valueAt(m_shift->value())));
}

void LogitSliders::emitEdited() {
    updateLabels();
    emit edited(m_sValues, m_tValues, valueAt(m_shift->value()));
}

} // namespace dimscope::views
