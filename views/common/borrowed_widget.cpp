// SPDX-License-Identifier: MIT
#include "common/borrowed_widget.h"

#include <QBoxLayout>
#include <QGridLayout>
#include <QStackedWidget>
#include <QTabWidget>

namespace dimscope::views {

namespace {

/// The layout, at any depth below `layout`, that holds `widget` as one of its own items.
QLayout *layoutHolding(QLayout *layout, QWidget *widget) {
    if (!layout)
        return nullptr;
    if (layout->indexOf(widget) >= 0)
        return layout;
    for (int i = 0; i < layout->count(); ++i)
        if (QLayout *found = layoutHolding(layout->itemAt(i)->layout(), widget))
            return found;
    return nullptr;
}

} // namespace

BorrowedWidget::BorrowedWidget(QWidget *widget) : m_widget(widget) {
    QWidget *parent = widget ? widget->parentWidget() : nullptr;
    if (!parent)
        return;
    if (auto *tabs = qobject_cast<QTabWidget *>(parent->parentWidget());
        tabs && qobject_cast<QStackedWidget *>(parent) && tabs->indexOf(widget) >= 0) {
        m_tabs = tabs;
        m_index = tabs->indexOf(widget);
        m_label = tabs->tabText(m_index);
        m_current = tabs->currentIndex() == m_index;
        tabs->removeTab(m_index);
        m_kind = Kind::Tab;
        return;
    }
    QLayout *holder = layoutHolding(parent->layout(), widget);
    const int index = holder ? holder->indexOf(widget) : -1;
    if (auto *grid = qobject_cast<QGridLayout *>(holder)) {
        m_grid = grid;
        grid->getItemPosition(index, &m_row, &m_column, &m_rowSpan, &m_columnSpan);
        grid->removeWidget(widget);
        m_kind = Kind::Grid;
    } else if (auto *box = qobject_cast<QBoxLayout *>(holder)) {
        m_box = box;
        m_index = index;
        m_stretch = box->stretch(index);
        box->removeWidget(widget);
        m_kind = Kind::Box;
    }
}

BorrowedWidget::~BorrowedWidget() {
    if (!m_widget)
        return;
    switch (m_kind) {
    case Kind::None: return;
    case Kind::Grid:
        if (m_grid)
            m_grid->addWidget(m_widget, m_row, m_column, m_rowSpan, m_columnSpan);
        break;
    case Kind::Box:
        if (m_box)
            m_box->insertWidget(m_index, m_widget, m_stretch);
        break;
    case Kind::Tab:
        if (m_tabs) {
            m_tabs->insertTab(m_index, m_widget, m_label);
            if (m_current)
                m_tabs->setCurrentIndex(m_index);
        }
        break;
    }
    m_widget->show();
}

} // namespace dimscope::views
