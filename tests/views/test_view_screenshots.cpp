// SPDX-License-Identifier: MIT
// Screenshots of every registered view at its defaults, for review, at the screen sizes users
// have: 1280×720 (a projector), 1366×768 and 1920×1080; and runs far above the defaults at
// 1920×1080. Run with DIMSCOPE_SCREENSHOT_DIR set (and QT_SCALE_FACTOR=2 for 200 %: the sizes stay
// in device pixels); skipped otherwise, so ctest only checks that it builds.
// DIMSCOPE_SCREENSHOT_THEME=dark|projector takes them in that theme, and
// DIMSCOPE_SCREENSHOT_PRESENT=1 in the presentation view.
#include <QtTest>

#include "common/explorer_view.h"
#include "common/screen_theme.h"
#include "view_registry.h"
#include "view_test_support.h"
#include "window_theme.h"

using namespace dimscope;
using namespace dimscope::views;

class TestViewScreenshots : public QObject {
    Q_OBJECT
private slots:
    void everyViewAtEverySize_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QSize>("pixels");
        for (const ViewEntry &entry : viewEntries())
            for (const QSize size : {QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080)})
                QTest::addRow("%s %dx%d", entry.name.c_str(), size.width(), size.height())
                    << QString::fromStdString(entry.name) << size;
    }
    void everyViewAtEverySize() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save screenshots");
        QFETCH(QString, name);
        QFETCH(QSize, pixels);
        const QString theme = QString::fromUtf8(qgetenv("DIMSCOPE_SCREENSHOT_THEME"));
        app::applyTheme({themeKindFromName(theme), 1.0}); // the widgets too, as the window does
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        const qreal ratio = view->devicePixelRatioF();
        view->resize(qRound(pixels.width() / ratio), qRound(pixels.height() / ratio));
        view->show();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(testing::waitForEnd(*view, Termination::Completed, 280000));
        if (!qgetenv("DIMSCOPE_SCREENSHOT_PRESENT").isEmpty())
            view->setPresentation(true, 0);
        QTest::qWait(150); // queued replots and layouts
        const QString file = QStringLiteral("%1/%2%6_%3x%4@%5x.png")
                                 .arg(QString::fromUtf8(dir), name)
                                 .arg(pixels.width())
                                 .arg(pixels.height())
                                 .arg(ratio)
                                 .arg(theme.isEmpty() ? QString() : QLatin1Char('_') + theme);
        QVERIFY(view->grab().save(file));
    }

    /// Runs far above the defaults, where plots switch to density images: the PNG is named
    /// after the view and the case ("hubness-large_1920x1080@1x.png").
    void largeRunsAtFullHd_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QStringList>("settings"); // parameter, value, parameter, value, …
        QTest::addRow("hubness 100000 points")
            << QStringLiteral("hubness") << QStringLiteral("large")
            << QStringList{QStringLiteral("n"), QStringLiteral("100000")};
        QTest::addRow("angles 10 million pairs")
            << QStringLiteral("angles") << QStringLiteral("large")
            << QStringList{QStringLiteral("pairs"), QStringLiteral("10000000")};
    }
    void largeRunsAtFullHd() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save screenshots");
        QFETCH(QString, name);
        QFETCH(QString, label);
        QFETCH(QStringList, settings);
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        const qreal ratio = view->devicePixelRatioF();
        view->resize(qRound(1920 / ratio), qRound(1080 / ratio));
        view->show();
        ParamSet params(view->info().specs());
        for (int i = 0; i + 1 < settings.size(); i += 2)
            QVERIFY(!params.parse(settings[i].toStdString(), settings[i + 1].toStdString()));
        view->setParams(params);
        QVERIFY(testing::waitForEnd(*view, Termination::Completed, 280000));
        QTest::qWait(150);
        const QString file = QStringLiteral("%1/%2-%3_1920x1080@%4x.png")
                                 .arg(QString::fromUtf8(dir), name, label)
                                 .arg(ratio);
        QVERIFY(view->grab().save(file));
    }
};

QTEST_MAIN(TestViewScreenshots)
#include "test_view_screenshots.moc"
