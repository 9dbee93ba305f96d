// SPDX-License-Identifier: MIT
#include "common/export/figure_preview.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QScreen>
#include <QScrollArea>
#include <QVBoxLayout>

#include <vector>

namespace dimscope::views {

double physicalDevicePixelsPerInch(const QScreen *screen) {
    if (!screen)
        return 96;
    const double ratio = screen->devicePixelRatio();
    // Qt gives the physical density in device-independent pixels; virtual and some projector
    // screens report no size (0) or a made-up one, so keep to what a real display can be.
    const double logical = screen->physicalDotsPerInch();
    if (!(logical >= 50 && logical <= 600))
        return 96 * ratio;
    return logical * ratio;
}

std::optional<QString> renderPreview(QCustomPlot *plot, FigureFormat format,
                                     double devicePixelsPerInch, double devicePixelRatio,
                                     QImage &out) {
    format.dpi = devicePixelsPerInch;
    std::vector<ExportFile> files;
    // Exactly what the export writes, rendered in memory: prepareFigure writes nothing.
    if (auto problem =
            prepareFigure(plot, QStringLiteral("preview.png"), format, QJsonObject(), files))
        return problem;
    if (files.empty() || !out.loadFromData(files.front().bytes, "png"))
        return QStringLiteral("The preview could not be drawn.");
    out.setDevicePixelRatio(devicePixelRatio);
    return std::nullopt;
}

void showPhysicalPreview(QWidget *parent, QCustomPlot *plot, const FigureFormat &format) {
    const QScreen *screen = parent ? parent->screen() : nullptr;
    const double density = physicalDevicePixelsPerInch(screen);
    const double ratio = screen ? screen->devicePixelRatio() : 1.0;
    QImage image;
    if (const auto problem = renderPreview(plot, format, density, ratio, image)) {
        QMessageBox::warning(parent, QObject::tr("Preview at actual size"), *problem);
        return;
    }
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Preview at actual size"));
    auto *picture = new QLabel;
    picture->setPixmap(QPixmap::fromImage(image));
    auto *scroll = new QScrollArea;
    scroll->setWidget(picture);
    scroll->setAlignment(Qt::AlignCenter);
    auto *note = new QLabel(
        QObject::tr("%1 × %2 mm at this screen's %3 pixels per inch, as it reports its size. "
                    "Hold a ruler to it to check; the file itself is exact either way.")
            .arg(format.widthMm)
            .arg(format.heightMm)
            .arg(density / ratio, 0, 'f', 0));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(scroll, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    // As large as the picture, within the screen.
    const QSize want = picture->sizeHint() + QSize(40, 120);
    const QSize room = screen ? screen->availableSize() * 0.9 : want;
    dialog.resize(want.boundedTo(room));
    dialog.exec();
}

} // namespace dimscope::views
