// SPDX-License-Identifier: MIT
#include "common/reflow_grid.h"

#include <QGridLayout>
#include <QResizeEvent>

#include <algorithm>
#include <map>

namespace dimscope::views {

ReflowGrid::ReflowGrid(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(4, 4, 4, 4);
}

void ReflowGrid::setArrangements(std::vector<Arrangement> arrangements) {
    m_arrangements = std::move(arrangements);
    m_oneColumnFallback = false;
    m_current = -1;
    apply(0);
}

void ReflowGrid::setWideOrOneColumn(const Arrangement &wide) {
    setArrangements({wide});
    addOneColumnFallback();
}

void ReflowGrid::addOneColumnFallback() {
    Arrangement arrangement = m_arrangements.back();
    std::stable_sort(arrangement.begin(), arrangement.end(), [](const Cell &a, const Cell &b) {
        return a.row < b.row || (a.row == b.row && a.column < b.column);
    });
    for (std::size_t i = 0; i < arrangement.size(); ++i) {
        Cell &cell = arrangement[i];
        cell.row = int(i);
        cell.column = 0;
        cell.rowSpan = cell.columnSpan = 1;
        cell.columnStretch = 1;
    }
    m_arrangements.push_back(std::move(arrangement));
    m_oneColumnFallback = true;
}

int ReflowGrid::comfortableWidth() const {
    if (m_arrangements.empty())
        return 0;
    const std::size_t last = m_arrangements.size() - 1;
    return neededWidth(m_arrangements[m_oneColumnFallback && last > 0 ? last - 1 : last]);
}

QSize ReflowGrid::minimumSizeHint() const {
    // Never wider than the narrowest arrangement needs; as tall as the one in use.
    const QSize now = QWidget::minimumSizeHint();
    if (m_arrangements.empty())
        return now;
    return {neededWidth(m_arrangements.back()), now.height()};
}

void ReflowGrid::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    reflow(event->size().width());
}

bool ReflowGrid::event(QEvent *event) {
    // A plot's minimum changed (a theme with larger text): the arrangement may no longer fit.
    if (event->type() == QEvent::LayoutRequest)
        reflow(width());
    return QWidget::event(event);
}

void ReflowGrid::reflow(int width) {
    // A plot lent to the presentation view is not ours to move until it comes back.
    for (const Arrangement &arrangement : m_arrangements)
        for (const Cell &cell : arrangement)
            if (cell.widget->parentWidget() != this)
                return;
    int fits = int(m_arrangements.size()) - 1;
    for (int i = 0; i < fits; ++i)
        if (neededWidth(m_arrangements[std::size_t(i)]) <= width) {
            fits = i;
            break;
        }
    apply(fits);
}

int ReflowGrid::neededWidth(const Arrangement &arrangement) const {
    // Each column as wide as its widest single-column widget; spans are assumed to fit.
    std::map<int, int> columns;
    for (const Cell &cell : arrangement)
        if (cell.columnSpan == 1)
            columns[cell.column] = std::max(
                columns[cell.column],
                cell.widget->minimumSizeHint().expandedTo(cell.widget->minimumSize()).width());
    const QMargins margins = m_grid->contentsMargins();
    int width = margins.left() + margins.right();
    for (const auto &[column, needs] : columns)
        width += needs;
    const int spacing = std::max(0, m_grid->horizontalSpacing());
    return width + spacing * std::max(0, int(columns.size()) - 1);
}

void ReflowGrid::apply(int index) {
    if (index == m_current || index < 0 || index >= int(m_arrangements.size()))
        return;
    while (QLayoutItem *item = m_grid->takeAt(0))
        delete item; // the widgets stay, only their cells go
    for (int row = 0; row < m_grid->rowCount(); ++row)
        m_grid->setRowStretch(row, 0);
    for (int column = 0; column < m_grid->columnCount(); ++column)
        m_grid->setColumnStretch(column, 0);
    for (const Cell &cell : m_arrangements[std::size_t(index)]) {
        m_grid->addWidget(cell.widget, cell.row, cell.column, cell.rowSpan, cell.columnSpan,
                          cell.alignment);
        m_grid->setRowStretch(cell.row, cell.rowStretch);
        if (cell.columnSpan == 1)
            m_grid->setColumnStretch(cell.column, cell.columnStretch);
    }
    m_current = index;
}

} // namespace dimscope::views
