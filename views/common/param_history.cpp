// SPDX-License-Identifier: MIT
#include "common/param_history.h"

#include <QUndoCommand>
#include <QUndoStack>

#include "common/explorer_view.h"
#include "common/param_form.h"

namespace dimscope::views {

namespace {

/// The one parameter in which `a` and `b` differ, or "" when none or several do.
std::string onlyDifference(const ParamSet &a, const ParamSet &b) {
    std::string found;
    for (const ParamSpec &spec : a.specs()) {
        if (a.value(spec.name) == b.value(spec.name))
            continue;
        if (!found.empty())
            return {};
        found = spec.name;
    }
    return found;
}

class ParamStep : public QUndoCommand {
public:
    ParamStep(ExplorerView *view, ParamSet before, ParamSet after, std::string parameter,
              bool applied)
        : m_view(view), m_before(std::move(before)), m_after(std::move(after)),
          m_parameter(std::move(parameter)), m_applied(applied) {
        const ParamSpec *spec = m_parameter.empty() ? nullptr : m_after.spec(m_parameter);
        setText(spec ? QObject::tr("change %1").arg(QString::fromStdString(spec->label))
                     : QObject::tr("change the parameters"));
    }
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand *other) override {
        const auto *next = static_cast<const ParamStep *>(other);
        if (m_parameter.empty() || next->m_parameter != m_parameter || !next->m_mergeable)
            return false;
        m_after = next->m_after;
        return true;
    }
    void undo() override { m_view->setParams(m_before); }
    void redo() override {
        // The form already holds a change made in it; the first redo only records it.
        if (m_applied) {
            m_applied = false;
            return;
        }
        m_view->setParams(m_after);
    }
    void setMergeable(bool on) { m_mergeable = on; }

private:
    ExplorerView *m_view;
    ParamSet m_before, m_after;
    std::string m_parameter;
    bool m_applied;
    bool m_mergeable = true;
};

} // namespace

ParamHistory::ParamHistory(ExplorerView *view)
    : QObject(view), m_view(view), m_stack(new QUndoStack(this)), m_current(view->params()) {
    connect(view->form(), &ParamForm::changed, this, &ParamHistory::formChanged);
    // Undo and redo set the view's parameters; the history follows them.
    connect(m_stack, &QUndoStack::indexChanged, this, [this] { m_current = m_view->params(); });
}

void ParamHistory::formChanged(const ParamSet &values) {
    if (values == m_current)
        return;
    auto *step = new ParamStep(m_view, m_current, values, onlyDifference(m_current, values), true);
    step->setMergeable(m_sinceLast.isValid() && m_sinceLast.elapsed() < kMergeMs);
    m_sinceLast.start();
    m_current = values;
    m_stack->push(step);
}

void ParamHistory::replaceAll(const ParamSet &values) {
    auto *step = new ParamStep(m_view, m_current, values, {}, false);
    m_sinceLast.invalidate();
    m_stack->push(step); // redo() sets them in the view
    m_current = values;
}

} // namespace dimscope::views
