// SPDX-License-Identifier: MIT
#pragma once
// One description per explorer parameter, and a set of resolved values. The descriptions come from
// an explorer's ParamTable (param_table.h) and serve the GUI form (widget type, range, log slider),
// the command line (--name value, `list`) and the JSON that records how a figure was made.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dimscope {

enum class ParamType {
    Integer, ///< std::int64_t in [intMin, intMax]
    Real,    ///< finite double in [realMin, realMax]
    Choice,  ///< one of `choices` (a string)
    Flag,    ///< bool; on the command line "true/false/1/0/yes/no/on/off"
    Text,    ///< text, e.g. a file path ("" when unset) or a list of numbers
};

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

/// Describes one parameter. Integers and reals carry an inclusive valid range.
struct ParamSpec {
    std::string name;  ///< command-line and JSON name, kebab-case: "dimension", "shifted-mu"
    std::string label; ///< form label: "Dimension n"
    std::string help;  ///< one sentence: what it does, its unit
    ParamType type = ParamType::Real;
    std::int64_t intDefault = 0, intMin = 0, intMax = 0;
    double realDefault = 0, realMin = 0, realMax = 0;
    std::vector<std::string> choices; ///< for Choice
    std::string choiceDefault;        ///< for Choice
    bool flagDefault = false;         ///< for Flag
    std::string textDefault;          ///< for Text
    bool logScale = false;            ///< the form uses a logarithmic slider
    bool advanced = false;            ///< the form may fold it away
    /// The parameter matters only when the choice `param` takes one of `values` (every condition
    /// must hold): the form hides it otherwise. A hidden parameter keeps its value.
    struct Condition {
        std::string param;
        std::vector<std::string> values;
    };
    std::vector<Condition> appliesWhen;
    /// "task is moons, spirals or digits; optimizer is adam", or "" when it always applies.
    std::string appliesText() const;
    /// A Text naming a file or folder: a relative path is made absolute when set, so that saved
    /// parameters (figure sidecars) reproduce the run from any working directory.
    bool isPath = false;
    /// For Text: the canonical form of an accepted text (a sorted list, an absolute path), or
    /// nullopt when the text is refused. Empty: every text is accepted as it is.
    std::function<std::optional<std::string>(const std::string &)> canonicalText;
    /// For Text with canonicalText: what is accepted, in words ("integers separated by commas").
    std::string textExpected;

    static ParamSpec integer(std::string name, std::string label, std::string help,
                             std::int64_t def, std::int64_t min, std::int64_t max);
    static ParamSpec real(std::string name, std::string label, std::string help, double def,
                          double min, double max);
    static ParamSpec choice(std::string name, std::string label, std::string help,
                            std::vector<std::string> choices, std::string def);
    static ParamSpec flag(std::string name, std::string label, std::string help, bool def);
    static ParamSpec text(std::string name, std::string label, std::string help,
                          std::string def = {});
    /// A Text with isPath set; empty means "none".
    static ParamSpec path(std::string name, std::string label, std::string help);

    /// "integer", "real", "choice", "flag", "text".
    const char *typeName() const;
    /// Human description of what is allowed: "an integer in 2…100000", "one of gaussian, sphere".
    std::string allowedText() const;
    /// The default as command-line text.
    std::string defaultText() const;
    /// The default as a value of the parameter's type.
    ParamValue defaultValue() const;
    /// The one check of a value against this description. Integers also accept whole doubles,
    /// reals also integers. Returns the message (naming the parameter, the value given and what is
    /// allowed) or nullopt and the value to store in `stored` (a canonical text for Text).
    std::optional<std::string> accept(const ParamValue &given, ParamValue &stored) const;
    /// {"name", "label", "type", "help", "default", and "min"/"max" or "choices"}: what
    /// `dimscope list --json` prints, so that tools can read every range.
    nlohmann::json toJson() const;
};

/// A resolved value for every parameter of one explorer. Obtain one from the specs (every
/// parameter at its default), then change it with set()/parse(); both refuse values the spec does
/// not accept, so a ParamSet is always valid per field.
class ParamSet {
public:
    ParamSet() = default;
    explicit ParamSet(const std::vector<ParamSpec> &specs); ///< every parameter at its default

    const std::vector<ParamSpec> &specs() const { return *m_specs; }
    const ParamSpec *spec(const std::string &name) const;

    std::int64_t integer(const std::string &name) const;
    double real(const std::string &name) const;
    bool flag(const std::string &name) const;
    const std::string &text(const std::string &name) const; ///< Choice or Text
    const ParamValue &value(const std::string &name) const;
    /// Whether the named parameter matters at the current values (ParamSpec::appliesWhen).
    bool applies(const std::string &name) const;

    /// Sets a value of the right type; returns an error message (naming the parameter, the value
    /// and what is allowed) and leaves the set unchanged when the name is unknown or the value
    /// invalid.
    std::optional<std::string> set(const std::string &name, const ParamValue &value);
    /// Parses command-line text for the named parameter, then set().
    std::optional<std::string> parse(const std::string &name, const std::string &text);

    /// {"name": value, ...} with the natural JSON type of each parameter.
    nlohmann::json toJson() const;
    /// Reads values written by toJson(); unknown keys and invalid values are errors, and on an
    /// error the set is unchanged.
    std::optional<std::string> fromJson(const nlohmann::json &object);

    /// Value as command-line text (what parse() accepts).
    std::string valueText(const std::string &name) const;

    bool operator==(const ParamSet &other) const { return m_values == other.m_values; }
    bool operator!=(const ParamSet &other) const { return !(*this == other); }

private:
    const std::vector<ParamSpec> *m_specs = nullptr;
    std::map<std::string, ParamValue> m_values;
};

/// A real number as the messages and the command line print it (12 significant digits).
std::string formatReal(double value);

} // namespace dimscope
