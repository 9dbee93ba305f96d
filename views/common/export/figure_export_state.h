// SPDX-License-Identifier: MIT
#pragma once
// Puts a plot into export state (one font size, no adaptive sampling) and back again.

#include <QFont>
#include <QImage>
#include <QMargins>
#include <QString>

#include <functional>
#include <vector>

class QCustomPlot;
class QCPAxis;

namespace dimscope::views::figure {

/// While alive, every text of the plot (axes, tick labels, legend and its items, text elements,
/// text items; selected variants too) has the export size and graphs draw every point. The
/// destructor restores the plot's fonts, icon sizes and adaptive sampling and lays it out for
/// the screen again.
/// Fonts become point sizes resolved for a 96-dpi device: QCustomPlot measures text with
/// QFontMetrics(font), which would otherwise use the screen's DPI and disagree with the drawing.
class ExportState {
public:
    ExportState(QCustomPlot *plot, double fontPt);
    ~ExportState();
    ExportState(const ExportState &) = delete;
    ExportState &operator=(const ExportState &) = delete;

private:
    QFont exportFont(QFont font, double pt) const;
    template <class Object>
    void overrideFont(Object *object, QFont (Object::*get)() const,
                      void (Object::*set)(const QFont &), double pt);
    template <class Object>
    void overrideFont(Object *object, QFont (Object::*get)() const,
                      void (Object::*set)(const QFont &));
    int exactTextExtra(const QFont &font, const QString &text) const;
    template <class Object>
    void widenForExactText(Object *object, QMargins (Object::*get)() const,
                           void (Object::*set)(const QMargins &), const QFont &font,
                           const QString &text);
    void overrideAxis(QCPAxis *axis);
    void overrideFonts();

    QCustomPlot *m_plot;
    QImage m_dpiReference; ///< only its DPI matters: fonts are resolved for it
    double m_fontPt = 9;
    std::vector<std::function<void()>> m_apply;
    std::vector<std::function<void()>> m_restore;
};

} // namespace dimscope::views::figure
