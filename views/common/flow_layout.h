// SPDX-License-Identifier: MIT
#pragma once
// A row of controls that wraps onto further lines when the view is narrower than the row, like
// words in a paragraph. A QHBoxLayout's minimum is the sum of its widgets, so a row of buttons
// made a narrow window (a projector at 200 %) scroll sideways; this layout's minimum is its widest
// widget, and it asks for the height its lines need at the width it is given.

#include <QLayout>
#include <QList>
#include <QStyle>

namespace dimscope::views {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    /// Keeps widgets together on one line: a label and the box it names.
    void addGroup(const QList<QWidget *> &widgets);

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    /// Places the items in `rect` (or only measures, when `place` is false); returns the height
    /// used.
    int arrange(const QRect &rect, bool place) const;
    int horizontalGap() const;
    int verticalGap() const;
    int gap(QStyle::PixelMetric metric) const;

    QList<QLayoutItem *> m_items;
};

} // namespace dimscope::views
