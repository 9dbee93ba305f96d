// SPDX-License-Identifier: MIT
#include "common/param_form.h"

#include <climits>
#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QValidator>

#include "common/number_text.h"

namespace dimscope::views {

namespace {

constexpr int sliderSteps = 1000;

/// setText leaves the cursor at the end, so a field narrower than its text showed only the
/// tail ("…,20,50,100,200"). A field the user is not typing in shows the start instead.
void setTextShowingStart(QLineEdit *edit, const QString &text) {
    edit->setText(text);
    if (!edit->hasFocus())
        edit->setCursorPosition(0);
}

/// Maps a slider position to a value on a log (or linear) scale and back.
struct SliderScale {
    double lo, hi;
    bool log;
    double valueAt(int pos) const {
        // The ends exactly: exp(log(hi)) can land one ulp above hi, which the range would refuse.
        if (pos <= 0)
            return lo;
        if (pos >= sliderSteps)
            return hi;
        const double t = static_cast<double>(pos) / sliderSteps;
        return log ? std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)))
                   : lo + t * (hi - lo);
    }
    int positionOf(double v) const {
        const double t = log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo))
                             : (v - lo) / (hi - lo);
        return static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * sliderSteps));
    }
};

/// A number box for ranges that reach down to 10⁻⁶ and below (Adam's ε, learning rates): it
/// shows four significant digits, "1e-08" or "0.1". Fixed decimals showed ε = 1e-8 as "0.000000"
/// and a learning rate as "0.100000".
class SignificantSpinBox : public QDoubleSpinBox {
public:
    SignificantSpinBox() { setDecimals(17); } // the value itself is never rounded to decimals
    QString textFromValue(double value) const override {
        return QLocale::c().toString(value, 'g', 4);
    }
    double valueFromText(const QString &text) const override {
        return QLocale::c().toDouble(text.trimmed());
    }
    QValidator::State validate(QString &text, int &) const override {
        bool ok = false;
        const double v = QLocale::c().toDouble(text.trimmed(), &ok);
        if (ok && v >= minimum() && v <= maximum())
            return QValidator::Acceptable;
        static const QRegularExpression partial(
            QStringLiteral("^[-+]?[0-9]*\\.?[0-9]*([eE][-+]?[0-9]*)?$"));
        return partial.match(text.trimmed()).hasMatch() ? QValidator::Intermediate
                                                        : QValidator::Invalid;
    }
};

/// An integer box that groups thousands as every readout and title does ("200 000", a narrow
/// no-break space), not with the C locale's comma ("200,000" beside "200 000 samples"). Typed
/// text may group with spaces, commas or not at all.
class GroupedSpinBox : public QSpinBox {
public:
    QString textFromValue(int value) const override { return groupedNumber(value); }
    int valueFromText(const QString &text) const override {
        return QLocale::c().toInt(withoutSeparators(text));
    }
    QValidator::State validate(QString &text, int &) const override {
        const QString digits = withoutSeparators(text);
        bool ok = false;
        const int v = QLocale::c().toInt(digits, &ok);
        if (ok && v >= minimum() && v <= maximum())
            return QValidator::Acceptable;
        static const QRegularExpression partial(QStringLiteral("^[-+]?[0-9]*$"));
        return partial.match(digits).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }

private:
    static QString withoutSeparators(QString text) {
        text.remove(QChar(0x202F)).remove(QChar(0x00A0)).remove(QLatin1Char(' '));
        text.remove(QLatin1Char(',')).replace(QChar(0x2212), QLatin1Char('-'));
        return text;
    }
};

int decimalsFor(const ParamSpec &s) {
    const double span = s.realMax - s.realMin;
    return span <= 2 ? 4 : span <= 100 ? 3 : 2;
}

} // namespace

ParamForm::ParamForm(const std::vector<ParamSpec> &specs, QWidget *parent)
    : QWidget(parent), m_values(specs) {
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_layout = new QFormLayout;
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Where label and field do not fit side by side (a narrow panel at 200 % scale), the field
    // goes under its label instead of past the panel's edge.
    m_layout->setRowWrapPolicy(QFormLayout::WrapLongRows);
    outer->addLayout(m_layout);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->hide();
    outer->addWidget(m_problem);
    for (const auto &spec : specs)
        addRow(spec);
    showApplicableRows();
}

void ParamForm::showApplicableRows() {
    for (const auto &[name, widgets] : m_rows)
        for (QWidget *widget : widgets)
            m_layout->setRowVisible(widget, m_values.applies(name));
}

QWidget *ParamForm::editor(const std::string &name) const {
    const auto it = m_editors.find(name);
    return it == m_editors.end() ? nullptr : it->second;
}

void ParamForm::addRow(const ParamSpec &spec) {
    const std::string name = spec.name;
    const QString tip = QString::fromStdString(spec.help + " (" + spec.allowedText() +
                                               "; default " + spec.defaultText() + ")");
    QWidget *field = nullptr;
    switch (spec.type) {
    case ParamType::Integer:
    case ParamType::Real: {
        const bool isInt = spec.type == ParamType::Integer;
        if (isInt && (spec.intMin < INT_MIN || spec.intMax > INT_MAX)) {
            // Ranges beyond int (seeds): a line edit checked by ParamSet::parse.
            auto *edit = new QLineEdit;
            connect(edit, &QLineEdit::editingFinished, this, [this, edit, name] {
                ParamSet copy = m_values;
                if (auto error = copy.parse(name, edit->text().trimmed().toStdString())) {
                    showProblem(QString::fromStdString(*error));
                    refreshWidgets(name);
                    return;
                }
                commit(name, copy.value(name));
            });
            m_refreshers[name] = [this, edit, name] {
                setTextShowingStart(edit, QString::fromStdString(m_values.valueText(name)));
            };
            field = edit;
            break;
        }
        QAbstractSpinBox *box = nullptr;
        if (isInt) {
            // Grouped where values reach six digits; "2048" stays as it is.
            auto *spin = spec.intMax >= 100000 ? new GroupedSpinBox : new QSpinBox;
            spin->setRange(static_cast<int>(spec.intMin), static_cast<int>(spec.intMax));
            connect(spin, qOverload<int>(&QSpinBox::valueChanged), this,
                    [this, name](int v) { commit(name, static_cast<std::int64_t>(v)); });
            box = spin;
        } else {
            const bool tiny = spec.realMin > 0 && spec.realMin < 1e-3;
            auto *spin = tiny ? new SignificantSpinBox : new QDoubleSpinBox;
            if (!tiny)
                spin->setDecimals(decimalsFor(spec));
            spin->setRange(spec.realMin, spec.realMax);
            spin->setSingleStep(spec.logScale ? spec.realDefault / 10
                                              : (spec.realMax - spec.realMin) / 100);
            connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                    [this, name](double v) { commit(name, v); });
            box = spin;
        }
        box->setAccelerated(true);
        // Typing "1000000" would start a run per digit; the arrows and the slider stay live.
        box->setKeyboardTracking(false);
        QSlider *slider = nullptr;
        if (spec.logScale) {
            const SliderScale scale{isInt ? double(spec.intMin) : spec.realMin,
                                    isInt ? double(spec.intMax) : spec.realMax, true};
            slider = new QSlider(Qt::Horizontal);
            slider->setRange(0, sliderSteps);
            slider->setToolTip(tip);
            // A slider squeezed to its handle looked like a check box in a narrow panel.
            slider->setMinimumWidth(slider->fontMetrics().averageCharWidth() * 8);
            connect(slider, &QSlider::valueChanged, this, [this, name, scale, isInt](int pos) {
                const double v = scale.valueAt(pos);
                if (isInt)
                    commit(name, static_cast<std::int64_t>(std::llround(v)));
                else
                    commit(name, v);
            });
        }
        m_refreshers[name] = [this, box, slider, name, spec, isInt] {
            const double v = isInt ? double(m_values.integer(name)) : m_values.real(name);
            const QSignalBlocker blockBox(box);
            if (auto *s = qobject_cast<QSpinBox *>(box))
                s->setValue(static_cast<int>(v));
            else if (auto *d = qobject_cast<QDoubleSpinBox *>(box))
                d->setValue(v);
            if (slider) {
                const QSignalBlocker blockSlider(slider);
                const SliderScale scale{isInt ? double(spec.intMin) : spec.realMin,
                                        isInt ? double(spec.intMax) : spec.realMax, true};
                slider->setValue(scale.positionOf(v));
            }
        };
        if (slider) {
            auto *row = new QWidget;
            auto *h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            h->addWidget(slider, 3);
            h->addWidget(box, 2);
            field = row;
        } else {
            field = box;
        }
        m_editors[name] = box;
        break;
    }
    case ParamType::Choice: {
        auto *combo = new QComboBox;
        for (const auto &c : spec.choices)
            combo->addItem(QString::fromStdString(c));
        connect(combo, &QComboBox::currentTextChanged, this,
                [this, name](const QString &t) { commit(name, t.toStdString()); });
        m_refreshers[name] = [this, combo, name] {
            const QSignalBlocker block(combo);
            combo->setCurrentText(QString::fromStdString(m_values.text(name)));
        };
        field = combo;
        break;
    }
    case ParamType::Flag: {
        auto *check = new QCheckBox;
        connect(check, &QCheckBox::toggled, this, [this, name](bool on) { commit(name, on); });
        m_refreshers[name] = [this, check, name] {
            const QSignalBlocker block(check);
            check->setChecked(m_values.flag(name));
        };
        field = check;
        break;
    }
    case ParamType::Text: {
        auto *edit = new QLineEdit;
        connect(edit, &QLineEdit::editingFinished, this,
                [this, edit, name] { commit(name, edit->text().toStdString()); });
        m_refreshers[name] = [this, edit, name] {
            setTextShowingStart(edit, QString::fromStdString(m_values.text(name)));
        };
        field = edit;
        break;
    }
    }
    if (!m_editors.count(name))
        m_editors[name] = field;
    field->setToolTip(tip);
    field->setObjectName(QString::fromStdString(name));
    auto *label = new QLabel(QString::fromStdString(spec.label));
    label->setToolTip(tip);
    // Screen readers and keyboard users: every editor (and a log slider beside its box) is
    // named after its label and described by the help text; the label is the editor's buddy.
    label->setBuddy(m_editors[name]);
    QList<QWidget *> controls = field->findChildren<QWidget *>();
    controls << field;
    for (QWidget *control : controls) {
        if (control->focusPolicy() == Qt::NoFocus)
            continue;
        const bool isSlider = qobject_cast<QSlider *>(control) != nullptr;
        control->setAccessibleName(label->text() + (isSlider ? tr(" (slider)") : QString()));
        control->setAccessibleDescription(tip);
    }
    if (spec.type == ParamType::Text) {
        // Lists and paths ("equal,realtime,normalized,mgda") under their label, across the whole
        // panel: beside it, a field a third of the panel wide showed "equal,realtime,normalize".
        m_layout->addRow(label);
        m_layout->addRow(field);
        if (!spec.appliesWhen.empty())
            m_rows[name] = {label, field};
    } else {
        m_layout->addRow(label, field);
        if (!spec.appliesWhen.empty())
            m_rows[name] = {field};
    }
    refreshWidgets(name);
}

void ParamForm::commit(const std::string &name, const ParamValue &value) {
    if (m_values.value(name) == value) {
        refreshWidgets(name); // e.g. a slider step that rounds to the same integer
        return;
    }
    if (auto error = m_values.set(name, value)) {
        showProblem(QString::fromStdString(*error));
        // Text stays as typed, to be mended; other editors show the value still in force.
        if (!std::holds_alternative<std::string>(value) || !m_values.spec(name) ||
            m_values.spec(name)->type != ParamType::Text)
            refreshWidgets(name);
        return;
    }
    refreshWidgets(name); // keep slider and spin box in step
    showApplicableRows();
    emit changed(m_values);
}

void ParamForm::refreshWidgets(const std::string &name) {
    const auto it = m_refreshers.find(name);
    if (it != m_refreshers.end())
        it->second();
}

void ParamForm::setValues(const ParamSet &values) {
    m_values = values;
    for (auto &[name, refresh] : m_refreshers)
        refresh();
    showApplicableRows();
}

void ParamForm::showProblem(const QString &message) {
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

} // namespace dimscope::views
