// SPDX-License-Identifier: MIT
#pragma once
// The figure at its physical size on this screen: the PNG the export would write, at the screen's
// own pixel density, so 85 mm on paper is 85 mm against a ruler held to the screen (as far as the
// screen reports its size truly).

#include <QImage>
#include <QString>

#include <optional>

#include "common/export/figure_export.h"

class QCustomPlot;
class QScreen;
class QWidget;

namespace dimscope::views {

/// Pixels per inch of `screen` in device pixels, from its reported physical size; 96 × its device
/// pixel ratio when it reports none that is plausible.
double physicalDevicePixelsPerInch(const QScreen *screen);

/// `plot` exported as PNG in `format` at `devicePixelsPerInch`, with its device pixel ratio set
/// to `devicePixelRatio` so a QLabel shows it at physical size; or a message.
std::optional<QString> renderPreview(QCustomPlot *plot, FigureFormat format,
                                     double devicePixelsPerInch, double devicePixelRatio,
                                     QImage &out);

/// Shows that preview in a modal window sized to it (scrolling when the screen is smaller), with
/// a line saying the density it assumed. Messages go to a warning box.
void showPhysicalPreview(QWidget *parent, QCustomPlot *plot, const FigureFormat &format);

} // namespace dimscope::views
