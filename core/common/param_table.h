// SPDX-License-Identifier: MIT
#pragma once
// One parameter table per explorer, bound to the members of its Params struct. Each row holds the
// parameter's name, label, help, range (or choices, from the enum's one table of names), log
// scale and advanced flag; its default is read from Params{}. Everything else comes from the
// table: the specs (form, command line, `list`), reading a ParamSet into Params, the range checks
// with one message style, and the conversion back to a ParamSet. An explorer writes only its
// checks that involve more than one field.
//
//     const ParamTable<AngleParams> &paramTable() {
//         static const auto table = ParamTable<AngleParams>()
//             .integer("dimension", "Dimension n", "Coordinates of each vector.",
//                      &AngleParams::dimension, 2, 100000).logScale()
//             .choice("units", "Angle units", "Units of every angle.", &AngleParams::units)
//             .threads(&AngleParams::threads)
//             .seed(&AngleParams::seed);
//         return table;
//     }

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/enum_names.h"
#include "common/param_spec.h"

namespace dimscope {

/// The largest seed: 2^53 − 1, the largest integer every JSON reader (JavaScript, jq) holds
/// exactly, so a seed read back from a sidecar is the seed that made the figure.
inline constexpr std::int64_t kMaxSeed = 9007199254740991LL;
/// The largest worker-thread count a parameter accepts.
inline constexpr std::int64_t kMaxThreads = 256;

template <class Params>
class ParamTable {
public:
    /// An integer member (int, std::int64_t, std::uint64_t, …) in [min, max].
    template <class Int>
    ParamTable &integer(std::string name, std::string label, std::string help, Int Params::*member,
                        std::int64_t min, std::int64_t max) {
        static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool>);
        ParamSpec spec = ParamSpec::integer(std::move(name), std::move(label), std::move(help),
                                            asInt64(defaults().*member), min, max);
        return add(
            std::move(spec), [member](const Params &p) -> ParamValue { return asInt64(p.*member); },
            [member](Params &p, const ParamValue &v) {
                p.*member = static_cast<Int>(std::get<std::int64_t>(v));
            });
    }

    /// A finite real member in [min, max].
    ParamTable &real(std::string name, std::string label, std::string help, double Params::*member,
                     double min, double max) {
        ParamSpec spec = ParamSpec::real(std::move(name), std::move(label), std::move(help),
                                         defaults().*member, min, max);
        return add(
            std::move(spec), [member](const Params &p) -> ParamValue { return p.*member; },
            [member](Params &p, const ParamValue &v) { p.*member = std::get<double>(v); });
    }

    /// An enum member; its choices are the enum's names (enum_names.h).
    template <class Enum>
    ParamTable &choice(std::string name, std::string label, std::string help,
                       Enum Params::*member) {
        static_assert(std::is_enum_v<Enum>);
        ParamSpec spec = ParamSpec::choice(std::move(name), std::move(label), std::move(help),
                                           enumNames<Enum>(), nameOrEmpty(defaults().*member));
        return add(
            std::move(spec),
            [member](const Params &p) -> ParamValue { return nameOrEmpty(p.*member); },
            [member](Params &p, const ParamValue &v) {
                p.*member = *enumFrom<Enum>(std::get<std::string>(v));
            });
    }

    ParamTable &flag(std::string name, std::string label, std::string help, bool Params::*member) {
        ParamSpec spec =
            ParamSpec::flag(std::move(name), std::move(label), std::move(help), defaults().*member);
        return add(
            std::move(spec), [member](const Params &p) -> ParamValue { return p.*member; },
            [member](Params &p, const ParamValue &v) { p.*member = std::get<bool>(v); });
    }

    /// Free text, or (with acceptsOnly) text of a given form.
    ParamTable &text(std::string name, std::string label, std::string help,
                     std::string Params::*member) {
        ParamSpec spec =
            ParamSpec::text(std::move(name), std::move(label), std::move(help), defaults().*member);
        return add(
            std::move(spec), [member](const Params &p) -> ParamValue { return p.*member; },
            [member](Params &p, const ParamValue &v) { p.*member = std::get<std::string>(v); });
    }

    /// A file or folder; "" means none. Relative paths are stored absolute.
    ParamTable &path(std::string name, std::string label, std::string help,
                     std::string Params::*member) {
        text(std::move(name), std::move(label), std::move(help), member);
        m_specs.back().isPath = true;
        return *this;
    }

    /// A list member (std::vector<int> and the like) written as text: `print` gives the text,
    /// `parse` the list or nullopt; `expected` says in words what parses. A text is stored in the
    /// canonical form print(parse(text)).
    template <class List>
    ParamTable &list(std::string name, std::string label, std::string help, List Params::*member,
                     std::function<std::optional<List>(const std::string &)> parse,
                     std::function<std::string(const List &)> print, std::string expected) {
        ParamSpec spec = ParamSpec::text(std::move(name), std::move(label), std::move(help),
                                         print(defaults().*member));
        spec.canonicalText = [parse, print](const std::string &t) -> std::optional<std::string> {
            const auto value = parse(t);
            return value ? std::optional<std::string>(print(*value)) : std::nullopt;
        };
        spec.textExpected = std::move(expected);
        return add(
            std::move(spec),
            [member, print](const Params &p) -> ParamValue { return print(p.*member); },
            [member, parse](Params &p, const ParamValue &v) {
                p.*member = *parse(std::get<std::string>(v));
            });
    }

    /// Restricts the text parameter added last to texts `accepts` returns true for.
    ParamTable &acceptsOnly(std::function<bool(const std::string &)> accepts,
                            std::string expected) {
        ParamSpec &spec = m_specs.back();
        spec.canonicalText = [accepts](const std::string &t) -> std::optional<std::string> {
            return accepts(t) ? std::optional<std::string>(t) : std::nullopt;
        };
        spec.textExpected = std::move(expected);
        return *this;
    }

    /// The seed every explorer has: "seed", 0…kMaxSeed.
    template <class Int>
    ParamTable &seed(Int Params::*member,
                     std::string help = "Random seed: the same seed gives the same numbers.") {
        return integer("seed", "Seed", std::move(help), member, 0, kMaxSeed).advanced();
    }

    /// The worker-thread count: "threads", 0 = all cores; results never depend on it.
    ParamTable &threads(int Params::*member) {
        return integer("threads", "Threads",
                       "Worker threads, 0 for all cores; the results do not depend on it.", member,
                       0, kMaxThreads)
            .advanced();
    }

    /// The form uses a logarithmic slider for the parameter added last.
    ParamTable &logScale() {
        m_specs.back().logScale = true;
        return *this;
    }
    /// The form may fold the parameter added last away.
    ParamTable &advanced() {
        m_specs.back().advanced = true;
        return *this;
    }
    /// The parameter added last matters only when the choice `param` is one of `values`; the form
    /// hides it otherwise (ParamSpec::appliesWhen). May be given for several choices.
    ParamTable &onlyWhen(std::string param, std::vector<std::string> values) {
        m_specs.back().appliesWhen.push_back({std::move(param), std::move(values)});
        return *this;
    }

    const std::vector<ParamSpec> &specs() const { return m_specs; }

    /// nullopt when every field lies in its range or among its choices; otherwise the message of
    /// the first that does not, naming the parameter as ParamSet::set does.
    std::optional<std::string> check(const Params &params) const {
        for (std::size_t i = 0; i < m_specs.size(); ++i) {
            ParamValue stored;
            if (auto error = m_specs[i].accept(m_fields[i].get(params), stored))
                return error;
        }
        return std::nullopt;
    }

    /// The Params a ParamSet made from specs() describes.
    Params read(const ParamSet &values) const {
        Params p;
        for (std::size_t i = 0; i < m_specs.size(); ++i)
            m_fields[i].put(p, values.value(m_specs[i].name));
        return p;
    }

    /// The ParamSet of `params`. Throws std::invalid_argument (check()'s message) when a field is
    /// outside its range.
    ParamSet write(const Params &params) const {
        ParamSet values(m_specs);
        for (std::size_t i = 0; i < m_specs.size(); ++i)
            if (auto error = values.set(m_specs[i].name, m_fields[i].get(params)))
                throw std::invalid_argument(*error);
        return values;
    }

private:
    struct Field {
        std::function<ParamValue(const Params &)> get;
        std::function<void(Params &, const ParamValue &)> put;
    };

    static const Params &defaults() {
        static const Params params{};
        return params;
    }

    template <class Int>
    static std::int64_t asInt64(Int v) {
        // An unsigned value past int64 saturates, so check() refuses it instead of wrapping.
        if constexpr (std::is_unsigned_v<Int>)
            if (v > static_cast<std::make_unsigned_t<std::int64_t>>(
                        std::numeric_limits<std::int64_t>::max()))
                return std::numeric_limits<std::int64_t>::max();
        return static_cast<std::int64_t>(v);
    }

    /// The name of an enum value, or "" for a value outside its table (which check() refuses).
    template <class Enum>
    static std::string nameOrEmpty(Enum value) {
        const auto &names = enumNames<Enum>();
        const auto i = static_cast<std::size_t>(value);
        return i < names.size() ? names[i] : std::string();
    }

    ParamTable &add(ParamSpec spec, std::function<ParamValue(const Params &)> get,
                    std::function<void(Params &, const ParamValue &)> put) {
        for (const auto &s : m_specs)
            if (s.name == spec.name)
                throw std::logic_error("parameter table: '" + spec.name + "' appears twice");
        m_specs.push_back(std::move(spec));
        m_fields.push_back({std::move(get), std::move(put)});
        return *this;
    }

    std::vector<ParamSpec> m_specs;
    std::vector<Field> m_fields;
};

} // namespace dimscope
