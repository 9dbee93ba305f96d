// SPDX-License-Identifier: MIT
// Typeset formulas in the explanation pages (issue 12): every <tex> of every page has the SVG
// that resources/formulas/render.mjs makes for it (so an edited formula without a new SVG fails
// here, not silently on screen), and the formulas are drawn in the text's colour and size, and
// smaller where the pane is narrower than they are.
#include <algorithm>

#include <QDir>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QtTest>

#include "common/explanation_browser.h"
#include "common/formulas.h"

using namespace dimscope::views;

namespace {

const QRegularExpression kTag(QStringLiteral("<tex( display)?>([\\s\\S]*?)</tex>"));

/// How many pixels of `image` are close to `colour` (antialiased edges aside).
int pixelsIn(const QImage &image, const QColor &colour) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() > 200 && qAbs(c.red() - colour.red()) < 40 &&
                qAbs(c.green() - colour.green()) < 40 && qAbs(c.blue() - colour.blue()) < 40)
                ++count;
        }
    return count;
}

} // namespace

class TestFormulas : public QObject {
    Q_OBJECT
private slots:
    void everyFormulaOfEveryPageHasItsSvg() {
        int formulas = 0;
        for (const QString &page : QDir(QStringLiteral(":/explanations")).entryList()) {
            QFile file(QStringLiteral(":/explanations/") + page);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString html = QString::fromUtf8(file.readAll());
            for (auto it = kTag.globalMatch(html); it.hasNext();) {
                const auto match = it.next();
                const QString key = formulaKey(match.captured(2), match.capturedLength(1) > 0);
                QVERIFY2(QFile::exists(QStringLiteral(":/formulas/%1.svg").arg(key)),
                         qPrintable(QStringLiteral("%1: no SVG for %2; run "
                                                   "resources/formulas/render.mjs")
                                        .arg(page, match.captured(2))));
                ++formulas;
            }
        }
        QVERIFY(formulas >= 7);
    }

    void aFormulaIsDrawnInTheTextsColourAndSize() {
        QFile file(QStringLiteral(":/explanations/angles.html"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(file.readAll());
        QHash<QUrl, QImage> images;
        const QString html = typesetFormulas(page, 20.0, QColor(200, 0, 0), 2.0, images);
        QVERIFY(!html.contains(QStringLiteral("<tex")));
        // One image for each formula the page writes, its two display ones among them.
        QSet<QString> keys;
        QSet<QUrl> display;
        for (auto it = kTag.globalMatch(page); it.hasNext();) {
            const auto match = it.next();
            const bool isDisplay = match.capturedLength(1) > 0;
            const QString key = formulaKey(match.captured(2), isDisplay);
            keys.insert(key);
            if (isDisplay)
                display.insert(QUrl(QStringLiteral("formula:%1").arg(key)));
        }
        QCOMPARE(display.size(), 2);
        QCOMPARE(images.size(), keys.size());
        for (auto it = images.cbegin(); it != images.cend(); ++it) {
            const QImage &image = it.value();
            QCOMPARE(image.devicePixelRatio(), 2.0);
            // Display formulas a line or two high at 20 px to the em, all drawn in red.
            if (display.contains(it.key())) {
                QVERIFY2(image.height() > 2 * 20 && image.height() < 2 * 4 * 20,
                         qPrintable(QString::number(image.height())));
                QVERIFY(pixelsIn(image, QColor(200, 0, 0)) > 50);
            } else {
                QVERIFY(pixelsIn(image, QColor(200, 0, 0)) > 10);
            }
            QCOMPARE(pixelsIn(image, Qt::black), 0);
        }
        // Each image's logical size is in the <img> that shows it.
        const QImage first = images.value(images.keys().first());
        QVERIFY(html.contains(QStringLiteral("width=\"%1\"").arg(first.width() / 2)) ||
                html.contains(QStringLiteral("width=\"%1\"").arg((first.width() + 1) / 2)));
    }

    void aFormulaWithoutItsSvgShowsItsTex() {
        QHash<QUrl, QImage> images;
        const QString html = typesetFormulas(QStringLiteral("<p>see <tex>\\alpha_{new}</tex>.</p>"),
                                             16, Qt::black, 1.0, images);
        QCOMPARE(html, QStringLiteral("<p>see <i>\\alpha_{new}</i>.</p>"));
        QVERIFY(images.isEmpty());
    }

    void theBrowserDrawsThemAgainInANewPalette() {
        ExplanationBrowser browser(QStringLiteral("lora"));
        QVERIFY(!browser.toPlainText().isEmpty());
        QVERIFY(!browser.toHtml().contains(QStringLiteral("&lt;tex")));
        const auto imageOf = [&browser] { // the page's widest formula, its display one
            static const QRegularExpression src(QStringLiteral("src=\"(formula:[0-9a-f]+)\""));
            QImage widest;
            for (auto it = src.globalMatch(browser.toHtml()); it.hasNext();) {
                const QImage image =
                    browser.loadResource(QTextDocument::ImageResource, QUrl(it.next().captured(1)))
                        .value<QImage>();
                if (image.width() > widest.width())
                    widest = image;
            }
            return widest;
        };
        QPalette palette = browser.palette();
        palette.setColor(QPalette::Text, QColor(0, 0, 220));
        browser.setPalette(palette);
        QVERIFY(pixelsIn(imageOf(), QColor(0, 0, 220)) > 50);
        palette.setColor(QPalette::Text, QColor(230, 230, 230)); // a dark theme's text
        browser.setPalette(palette);
        QVERIFY(pixelsIn(imageOf(), QColor(230, 230, 230)) > 50);
        QCOMPARE(pixelsIn(imageOf(), QColor(0, 0, 220)), 0);
    }

    void aNarrowPaneShowsWideFormulasSmallerInsteadOfScrollingSideways() {
        ExplanationBrowser browser(QStringLiteral("logit-kl"));
        browser.resize(900, 600);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        const auto widestShown = [&browser] {
            int widest = 0;
            static const QRegularExpression width(QStringLiteral("<img[^>]* width=\"([0-9]+)\""));
            for (auto it = width.globalMatch(browser.toHtml()); it.hasNext();)
                widest = std::max(widest, it.next().captured(1).toInt());
            return widest;
        };
        const int natural = widestShown();
        QVERIFY(natural > 200);
        QCOMPARE(browser.horizontalScrollBar()->maximum(), 0);
        browser.resize(natural / 2, 600); // narrower than the widest formula
        QTRY_VERIFY(widestShown() < natural);
        QVERIFY(widestShown() <= browser.viewport()->width());
        QTRY_COMPARE(browser.horizontalScrollBar()->maximum(), 0);
        browser.resize(900, 600); // and back at its size when there is room
        QTRY_COMPARE(widestShown(), natural);
    }

    void noLineStartsWithThePunctuationAfterAFormula() {
        // "L ≥ M" at a line's end and ". Every test id is seen" on the next.
        for (const char *page : {"positions", "angles", "hubness", "inequality"}) {
            ExplanationBrowser browser(QString::fromLatin1(page));
            browser.show();
            QVERIFY(QTest::qWaitForWindowExposed(&browser));
            for (int width = 220; width <= 520; width += 6) {
                browser.resize(width, 600);
                QCoreApplication::processEvents();
                const QTextDocument *document = browser.document();
                for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
                    const QString text = block.text();
                    const QTextLayout *layout = block.layout();
                    for (int i = 1; layout && i < layout->lineCount(); ++i) {
                        const int start = layout->lineAt(i).textStart();
                        if (start <= 0 || start >= text.size())
                            continue;
                        const bool afterFormula =
                            text.at(start - 1) == QChar::ObjectReplacementCharacter;
                        QVERIFY2(!afterFormula || !QStringLiteral(",.;:)").contains(text.at(start)),
                                 qPrintable(QStringLiteral("%1 at %2 px: a line starts with \"%3\"")
                                                .arg(QString::fromLatin1(page))
                                                .arg(width)
                                                .arg(text.mid(start, 20))));
                    }
                }
            }
        }
    }
};

QTEST_MAIN(TestFormulas)
#include "test_formulas.moc"
