// SPDX-License-Identifier: MIT
#pragma once
// A grid of plots that rearranges itself to the width it is given: three plots side by side on a
// wide screen, two columns on a narrow one (200 % on 1920 × 1080), instead of a horizontal scroll
// bar. Its minimum width is the narrowest arrangement's.

#include <QWidget>

#include <vector>

class QGridLayout;

namespace dimscope::views {

class ReflowGrid : public QWidget {
public:
    struct Cell {
        QWidget *widget;
        int row, column, rowSpan = 1, columnSpan = 1;
        Qt::Alignment alignment = {};
    };
    using Arrangement = std::vector<Cell>;

    explicit ReflowGrid(QWidget *parent = nullptr);

    /// From the widest to the narrowest, each placing every widget once; the first whose columns'
    /// minimum widths fit is used. Every row stretches alike.
    void setArrangements(std::vector<Arrangement> arrangements);
    /// The arrangement in use, an index into setArrangements' list.
    int current() const { return m_current; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    int neededWidth(const Arrangement &arrangement) const;
    void apply(int index);

    QGridLayout *m_grid;
    std::vector<Arrangement> m_arrangements;
    int m_current = -1;
};

} // namespace dimscope::views
