// SPDX-License-Identifier: MIT
#pragma once
// A form built from an explorer's ParamSpec list: the same description that drives the command
// line. Integers and reals get spin boxes (plus a slider when the spec asks for a log scale),
// choices a combo box, flags a check box, text a line edit. The form never holds an invalid value:
// the widgets carry the spec's ranges.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <QWidget>

#include "common/param_spec.h"

class QFormLayout;
class QLabel;

namespace dimscope::views {

class ParamForm : public QWidget {
    Q_OBJECT
public:
    explicit ParamForm(const std::vector<ParamSpec> &specs, QWidget *parent = nullptr);

    const ParamSet &values() const { return m_values; }
    /// Shows `values` in the widgets without emitting changed().
    void setValues(const ParamSet &values);
    /// Shows a problem under the form (empty = hide). The form stays editable.
    void showProblem(const QString &message);

    /// The editor widget of a parameter (for tests and focus handling); nullptr if unknown.
    QWidget *editor(const std::string &name) const;

signals:
    /// A value changed through the widgets (every slider step while dragging).
    void changed(const dimscope::ParamSet &values);

private:
    void addRow(const ParamSpec &spec);
    void commit(const std::string &name, const ParamValue &value);
    void refreshWidgets(const std::string &name);
    /// Shows the rows of parameters that matter at the current values, hides the others
    /// (ParamSpec::appliesWhen): a lesson's form lists only what changes the picture.
    void showApplicableRows();

    ParamSet m_values;
    QFormLayout *m_layout = nullptr;
    QLabel *m_problem = nullptr;
    std::map<std::string, std::function<void()>> m_refreshers; ///< value → widgets, per parameter
    std::map<std::string, QWidget *> m_editors;
    /// The widgets of each parameter's row or rows (label and field), for setRowVisible.
    std::map<std::string, std::vector<QWidget *>> m_rows;
};

} // namespace dimscope::views
