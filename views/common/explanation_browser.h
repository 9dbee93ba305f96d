// SPDX-License-Identifier: MIT
#pragma once
// The explanation beside an explorer's plots: its page (resources/explanations/NAME.html), with
// the formulas typeset (formulas.h) in the browser's own text colour and size, drawn again when
// the theme or the font zoom changes them.

#include <QHash>
#include <QImage>
#include <QString>
#include <QTextBrowser>
#include <QUrl>

namespace dimscope::views {

class ExplanationBrowser : public QTextBrowser {
    Q_OBJECT
public:
    /// Shows the page of explorer `name`; a missing page leaves the browser empty.
    explicit ExplanationBrowser(const QString &name, QWidget *parent = nullptr);

    QVariant loadResource(int type, const QUrl &name) override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void typeset();
    /// The width a display formula may take: the page's, less its margins.
    int formulaWidthLimit() const;

    QString m_page; ///< the page's HTML, formulas as TeX
    QHash<QUrl, QImage> m_formulas;
    QColor m_drawnIn; ///< the colour and size the formulas were last drawn in
    int m_drawnAt = 0;
    int m_widest = 0;   ///< the limit the widest formula needs at its natural size, in pixels
    int m_cappedAt = 0; ///< the width limit formulas were shown within; 0: none was needed
};

} // namespace dimscope::views
