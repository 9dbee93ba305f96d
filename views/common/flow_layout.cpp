// SPDX-License-Identifier: MIT
#include "common/flow_layout.h"

#include <QHBoxLayout>
#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace dimscope::views {

FlowLayout::FlowLayout(QWidget *parent) : QLayout(parent) {}

FlowLayout::~FlowLayout() {
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addGroup(const QList<QWidget *> &widgets) {
    auto *group = new QWidget;
    auto *row = new QHBoxLayout(group);
    row->setContentsMargins(0, 0, 0, 0);
    for (QWidget *widget : widgets)
        row->addWidget(widget);
    addWidget(group);
}

void FlowLayout::addItem(QLayoutItem *item) { m_items.append(item); }

int FlowLayout::count() const { return int(m_items.size()); }

QLayoutItem *FlowLayout::itemAt(int index) const { return m_items.value(index); }

QLayoutItem *FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const { return {}; }

bool FlowLayout::hasHeightForWidth() const { return true; }

int FlowLayout::heightForWidth(int width) const { return arrange(QRect(0, 0, width, 0), false); }

QSize FlowLayout::minimumSize() const {
    // The widest single widget: anything wider wraps instead of widening the view.
    QSize size;
    for (const QLayoutItem *item : m_items)
        size = size.expandedTo(item->minimumSize());
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const {
    // All on one line.
    int width = 0, height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += (width > 0 ? horizontalGap() : 0) + item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins margins = contentsMargins();
    return {width + margins.left() + margins.right(), height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect) {
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect &rect, bool place) const {
    const QRect area = rect.marginsRemoved(contentsMargins());
    int x = area.x(), y = area.y(), lineHeight = 0;
    // Items of one line share its height and are centred in it, as in a QHBoxLayout.
    QList<std::pair<QLayoutItem *, QRect>> line;
    const auto closeLine = [&] {
        for (auto &[item, box] : line)
            item->setGeometry(
                QRect(box.x(), y + (lineHeight - box.height()) / 2, box.width(), box.height()));
        line.clear();
    };
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        // A widget wider than the line (a long file name) gets the line's width.
        const QSize size(std::min(item->sizeHint().width(), std::max(area.width(), 1)),
                         item->sizeHint().height());
        if (x > area.x() && x + size.width() > area.right() + 1) {
            if (place)
                closeLine();
            x = area.x();
            y += lineHeight + verticalGap();
            lineHeight = 0;
        }
        if (place)
            line.append({item, QRect(QPoint(x, 0), size)});
        x += size.width() + horizontalGap();
        lineHeight = std::max(lineHeight, size.height());
    }
    if (place)
        closeLine();
    const QMargins margins = contentsMargins();
    return y + lineHeight - rect.y() + margins.bottom();
}

int FlowLayout::horizontalGap() const { return gap(QStyle::PM_LayoutHorizontalSpacing); }

int FlowLayout::verticalGap() const { return gap(QStyle::PM_LayoutVerticalSpacing); }

int FlowLayout::gap(QStyle::PixelMetric metric) const {
    // The style's spacing between widgets, as a QHBoxLayout would use; some styles leave it to
    // the layout (-1).
    const QWidget *owner = parentWidget();
    const int styled = owner ? owner->style()->pixelMetric(metric, nullptr, owner) : -1;
    return styled >= 0 ? styled : 6;
}

} // namespace dimscope::views
