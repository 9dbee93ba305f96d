// SPDX-License-Identifier: MIT
#include "window_theme.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace dimscope::app {

namespace {

struct PlatformLook {
    QString style;
    QPalette palette;
    QFont font;
};

const PlatformLook &platformLook() {
    static const PlatformLook look{QApplication::style()->name(), QApplication::palette(),
                                   QApplication::font()};
    return look;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230);
    const QColor disabled(130, 130, 130), highlight(86, 180, 233);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 120, 120));
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::LinkVisited, QColor(204, 121, 167));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

void applyTheme(const views::ScreenTheme &theme) {
    const PlatformLook &platform = platformLook();
    const bool dark = theme.kind == views::ThemeKind::Dark;
    const QString style = dark ? QStringLiteral("Fusion") : platform.style;
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(style));
    QApplication::setPalette(dark ? darkPalette() : platform.palette);
    QFont font = platform.font;
    const double scale = theme.zoom * (theme.kind == views::ThemeKind::Projector ? 1.4 : 1.0);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    QApplication::setFont(font);
    views::setScreenTheme(theme);
}

} // namespace dimscope::app
