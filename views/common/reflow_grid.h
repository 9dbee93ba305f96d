// SPDX-License-Identifier: MIT
#pragma once
// A grid of plots that rearranges itself to the width it is given: three plots side by side on a
// wide screen, two columns on a narrow one (200 % on 1920 × 1080), one column, scrolled, where the
// text is large too (the projector theme there), instead of a horizontal scroll bar. Its minimum
// width is the narrowest arrangement's; it rearranges on a resize and when a plot's minimum
// changes.

#include <QWidget>

#include <vector>

class QGridLayout;

namespace dimscope::views {

class ReflowGrid : public QWidget {
    Q_OBJECT
public:
    struct Cell {
        QWidget *widget;
        int row, column, rowSpan = 1, columnSpan = 1;
        Qt::Alignment alignment = {};
        int rowStretch = 1;    ///< the row's share of spare height (its cells should agree)
        int columnStretch = 1; ///< the column's share of spare width (likewise)
    };
    using Arrangement = std::vector<Cell>;

    explicit ReflowGrid(QWidget *parent = nullptr);

    /// From the widest to the narrowest, each placing every widget once; the first whose columns'
    /// minimum widths fit is used.
    void setArrangements(std::vector<Arrangement> arrangements);
    /// `wide`, and where it does not fit, its cells in one column (addOneColumnFallback).
    void setWideOrOneColumn(const Arrangement &wide);
    /// Adds the last arrangement's cells one under the other in reading order (row by row, left
    /// to right), scrolled: what large text on a small screen needs.
    void addOneColumnFallback();
    /// The width of the narrowest arrangement before the one-column fallback: below it the plots
    /// are usable but cramped, and a side panel may rather fold away.
    int comfortableWidth() const;
    /// The arrangement in use, an index into setArrangements' list.
    int current() const { return m_current; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void reflow(int width);
    int neededWidth(const Arrangement &arrangement) const;
    void apply(int index);

    QGridLayout *m_grid;
    std::vector<Arrangement> m_arrangements;
    bool m_oneColumnFallback = false;
    int m_current = -1;
};

} // namespace dimscope::views
