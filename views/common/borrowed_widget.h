// SPDX-License-Identifier: MIT
#pragma once
// Lending a widget to another place and putting it back exactly: the presentation view shows one
// plot alone, whatever grid, box or tab the view keeps it in. Hiding the other plots instead left
// their rows' stretch behind, and the one plot filled only part of the screen.

#include <QPointer>
#include <QString>

class QBoxLayout;
class QGridLayout;
class QTabWidget;
class QWidget;

namespace dimscope::views {

class BorrowedWidget {
public:
    /// Takes `widget` out of its place: a grid cell (with its span), a box layout (with its
    /// stretch), nested at any depth in its parent's layout, or a tab (with its label). When it
    /// sits anywhere else, nothing is taken and taken() is false.
    explicit BorrowedWidget(QWidget *widget);
    /// Puts the widget back where it was, shown.
    ~BorrowedWidget();
    BorrowedWidget(const BorrowedWidget &) = delete;
    BorrowedWidget &operator=(const BorrowedWidget &) = delete;

    bool taken() const { return m_kind != Kind::None; }
    QWidget *widget() const { return m_widget; }

private:
    enum class Kind { None, Grid, Box, Tab };
    QPointer<QWidget> m_widget;
    Kind m_kind = Kind::None;
    QPointer<QGridLayout> m_grid;
    QPointer<QBoxLayout> m_box;
    QPointer<QTabWidget> m_tabs;
    int m_index = 0, m_row = 0, m_column = 0, m_rowSpan = 1, m_columnSpan = 1, m_stretch = 0;
    QString m_label;
    bool m_current = false;
};

} // namespace dimscope::views
