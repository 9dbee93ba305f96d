// SPDX-License-Identifier: MIT
#include "common/param_spec.h"

#include "common/excerpt.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dimscope {

namespace {

/// "data/x.npy" → "/home/me/data/x.npy"; an absolute path is only normalised. The path need not
/// exist.
std::string absolutePath(const std::string &path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    return error ? path : absolute.lexically_normal().string();
}

std::string joined(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

ParamSpec named(std::string name, std::string label, std::string help, ParamType type) {
    ParamSpec s;
    s.name = std::move(name);
    s.label = std::move(label);
    s.help = std::move(help);
    s.type = type;
    return s;
}

} // namespace

std::string formatReal(double v) {
    std::ostringstream out;
    out.precision(12);
    out << v;
    return out.str();
}

ParamSpec ParamSpec::integer(std::string name, std::string label, std::string help,
                             std::int64_t def, std::int64_t min, std::int64_t max) {
    ParamSpec s = named(std::move(name), std::move(label), std::move(help), ParamType::Integer);
    s.intDefault = def;
    s.intMin = min;
    s.intMax = max;
    return s;
}

ParamSpec ParamSpec::real(std::string name, std::string label, std::string help, double def,
                          double min, double max) {
    ParamSpec s = named(std::move(name), std::move(label), std::move(help), ParamType::Real);
    s.realDefault = def;
    s.realMin = min;
    s.realMax = max;
    return s;
}

ParamSpec ParamSpec::choice(std::string name, std::string label, std::string help,
                            std::vector<std::string> choices, std::string def) {
    ParamSpec s = named(std::move(name), std::move(label), std::move(help), ParamType::Choice);
    s.choices = std::move(choices);
    s.choiceDefault = std::move(def);
    return s;
}

ParamSpec ParamSpec::flag(std::string name, std::string label, std::string help, bool def) {
    ParamSpec s = named(std::move(name), std::move(label), std::move(help), ParamType::Flag);
    s.flagDefault = def;
    return s;
}

ParamSpec ParamSpec::text(std::string name, std::string label, std::string help, std::string def) {
    ParamSpec s = named(std::move(name), std::move(label), std::move(help), ParamType::Text);
    s.textDefault = std::move(def);
    return s;
}

ParamSpec ParamSpec::path(std::string name, std::string label, std::string help) {
    ParamSpec s = text(std::move(name), std::move(label), std::move(help));
    s.isPath = true;
    return s;
}

const char *ParamSpec::typeName() const {
    switch (type) {
    case ParamType::Integer: return "integer";
    case ParamType::Real: return "real";
    case ParamType::Choice: return "choice";
    case ParamType::Flag: return "flag";
    case ParamType::Text: return "text";
    }
    return "?";
}

std::string ParamSpec::allowedText() const {
    switch (type) {
    case ParamType::Integer:
        return "an integer in " + std::to_string(intMin) + "…" + std::to_string(intMax);
    case ParamType::Real: return "a number in " + formatReal(realMin) + "…" + formatReal(realMax);
    case ParamType::Choice: return "one of " + joined(choices);
    case ParamType::Flag: return "true or false";
    case ParamType::Text: return textExpected.empty() ? "any text" : textExpected;
    }
    return {};
}

std::string ParamSpec::defaultText() const {
    switch (type) {
    case ParamType::Integer: return std::to_string(intDefault);
    case ParamType::Real: return formatReal(realDefault);
    case ParamType::Choice: return choiceDefault;
    case ParamType::Flag: return flagDefault ? "true" : "false";
    case ParamType::Text: return textDefault;
    }
    return {};
}

ParamValue ParamSpec::defaultValue() const {
    switch (type) {
    case ParamType::Integer: return intDefault;
    case ParamType::Real: return realDefault;
    case ParamType::Choice: return choiceDefault;
    case ParamType::Flag: return flagDefault;
    case ParamType::Text: return textDefault;
    }
    return {};
}

std::optional<std::string> ParamSpec::accept(const ParamValue &v, ParamValue &stored) const {
    const auto refuse = [&](const std::string &given) {
        return "parameter '" + name + "': " + given + " is not allowed; expected " + allowedText();
    };
    switch (type) {
    case ParamType::Integer: {
        std::int64_t i = 0;
        if (const auto *p = std::get_if<std::int64_t>(&v))
            i = *p;
        else if (const auto *d = std::get_if<double>(&v);
                 d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.0e18)
            i = static_cast<std::int64_t>(*d);
        else if (d && std::isfinite(*d) && std::floor(*d) == *d)
            return refuse(formatReal(*d));
        else
            return refuse("a value that is not an integer");
        if (i < intMin || i > intMax)
            return refuse(std::to_string(i));
        stored = i;
        return std::nullopt;
    }
    case ParamType::Real: {
        double d = 0;
        if (const auto *p = std::get_if<double>(&v))
            d = *p;
        else if (const auto *i = std::get_if<std::int64_t>(&v))
            d = static_cast<double>(*i);
        else
            return refuse("a value that is not a number");
        if (!std::isfinite(d))
            return refuse("a value that is not finite");
        if (d < realMin || d > realMax)
            return refuse(formatReal(d));
        stored = d;
        return std::nullopt;
    }
    case ParamType::Choice: {
        const auto *str = std::get_if<std::string>(&v);
        if (!str)
            return refuse("a value that is not text");
        if (std::find(choices.begin(), choices.end(), *str) == choices.end())
            return refuse(excerpt(*str));
        stored = *str;
        return std::nullopt;
    }
    case ParamType::Flag: {
        const auto *b = std::get_if<bool>(&v);
        if (!b)
            return refuse("a value that is not true or false");
        stored = *b;
        return std::nullopt;
    }
    case ParamType::Text: {
        const auto *str = std::get_if<std::string>(&v);
        if (!str)
            return refuse("a value that is not text");
        if (canonicalText) {
            const auto canonical = canonicalText(*str);
            if (!canonical)
                return refuse(excerpt(*str));
            stored = *canonical;
        } else {
            stored = isPath && !str->empty() ? absolutePath(*str) : *str;
        }
        return std::nullopt;
    }
    }
    return refuse("a value");
}

nlohmann::json ParamSpec::toJson() const {
    nlohmann::json j = {{"name", name}, {"label", label}, {"type", typeName()}, {"help", help}};
    switch (type) {
    case ParamType::Integer:
        j["default"] = intDefault;
        j["min"] = intMin;
        j["max"] = intMax;
        break;
    case ParamType::Real:
        j["default"] = realDefault;
        j["min"] = realMin;
        j["max"] = realMax;
        break;
    case ParamType::Choice:
        j["default"] = choiceDefault;
        j["choices"] = choices;
        break;
    case ParamType::Flag: j["default"] = flagDefault; break;
    case ParamType::Text: j["default"] = textDefault; break;
    }
    return j;
}

ParamSet::ParamSet(const std::vector<ParamSpec> &specs) : m_specs(&specs) {
    for (const auto &s : specs)
        m_values[s.name] = s.defaultValue();
}

const ParamSpec *ParamSet::spec(const std::string &name) const {
    if (!m_specs)
        return nullptr;
    for (const auto &s : *m_specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

bool ParamSet::applies(const std::string &name) const {
    const ParamSpec *s = spec(name);
    if (!s)
        return false;
    for (const ParamSpec::Condition &c : s->appliesWhen) {
        const auto it = m_values.find(c.param);
        const auto *text = it == m_values.end() ? nullptr : std::get_if<std::string>(&it->second);
        if (!text || std::find(c.values.begin(), c.values.end(), *text) == c.values.end())
            return false;
    }
    return true;
}

std::string ParamSpec::appliesText() const {
    std::string text;
    for (const Condition &c : appliesWhen) {
        text += (text.empty() ? "" : "; ") + c.param + " is ";
        for (std::size_t i = 0; i < c.values.size(); ++i)
            text += (i == 0 ? "" : i + 1 == c.values.size() ? " or " : ", ") + c.values[i];
    }
    return text;
}

const ParamValue &ParamSet::value(const std::string &name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end())
        throw std::out_of_range("no parameter named '" + name + "'");
    return it->second;
}

std::int64_t ParamSet::integer(const std::string &name) const {
    return std::get<std::int64_t>(value(name));
}
double ParamSet::real(const std::string &name) const { return std::get<double>(value(name)); }
bool ParamSet::flag(const std::string &name) const { return std::get<bool>(value(name)); }
const std::string &ParamSet::text(const std::string &name) const {
    return std::get<std::string>(value(name));
}

std::optional<std::string> ParamSet::set(const std::string &name, const ParamValue &v) {
    const ParamSpec *s = spec(name);
    if (!s)
        return "unknown parameter " + excerpt(name);
    ParamValue stored;
    if (auto error = s->accept(v, stored))
        return error;
    m_values[name] = std::move(stored);
    return std::nullopt;
}

std::optional<std::string> ParamSet::parse(const std::string &name, const std::string &textValue) {
    const ParamSpec *s = spec(name);
    if (!s)
        return "unknown parameter " + excerpt(name);
    const auto refuse = [&] {
        return "parameter '" + name + "': " + excerpt(textValue) + " is not allowed; expected " +
               s->allowedText();
    };
    switch (s->type) {
    case ParamType::Integer: {
        // Accept "1000000" and also "1e6" (common in scripts), but only when it is a whole number.
        if (textValue.empty())
            return refuse();
        char *end = nullptr;
        errno = 0;
        const long long i = std::strtoll(textValue.c_str(), &end, 10);
        if (errno == 0 && end && *end == '\0')
            return set(name, static_cast<std::int64_t>(i));
        errno = 0;
        const double d = std::strtod(textValue.c_str(), &end);
        if (errno != 0 || !end || *end != '\0' || !std::isfinite(d) || std::floor(d) != d)
            return refuse();
        return set(name, d);
    }
    case ParamType::Real: {
        if (textValue.empty())
            return refuse();
        char *end = nullptr;
        errno = 0;
        const double d = std::strtod(textValue.c_str(), &end);
        if (errno != 0 || !end || *end != '\0' || !std::isfinite(d))
            return refuse();
        return set(name, d);
    }
    case ParamType::Flag: {
        std::string t = textValue;
        std::transform(t.begin(), t.end(), t.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (t == "true" || t == "1" || t == "yes" || t == "on")
            return set(name, true);
        if (t == "false" || t == "0" || t == "no" || t == "off")
            return set(name, false);
        return refuse();
    }
    case ParamType::Choice:
    case ParamType::Text: return set(name, textValue);
    }
    return refuse();
}

nlohmann::json ParamSet::toJson() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto &[name, v] : m_values)
        std::visit([&out, &n = name](const auto &x) { out[n] = x; }, v);
    return out;
}

std::optional<std::string> ParamSet::fromJson(const nlohmann::json &object) {
    if (!object.is_object())
        return std::string("parameters must be a JSON object");
    ParamSet copy = *this;
    for (const auto &[key, j] : object.items()) {
        std::optional<std::string> error;
        if (j.is_boolean())
            error = copy.set(key, j.get<bool>());
        else if (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX)
            error = copy.set(key, j.get<double>()); // refused with its value, not wrapped round
        else if (j.is_number_integer())
            error = copy.set(key, j.get<std::int64_t>());
        else if (j.is_number())
            error = copy.set(key, j.get<double>());
        else if (j.is_string())
            error = copy.set(key, j.get<std::string>());
        else
            error = "parameter " + excerpt(key) + ": a JSON " + j.type_name() + " is not allowed";
        if (error)
            return error;
    }
    *this = std::move(copy);
    return std::nullopt;
}

std::string ParamSet::valueText(const std::string &name) const {
    const ParamValue &v = value(name);
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (const auto *d = std::get_if<double>(&v))
        return formatReal(*d);
    if (const auto *b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    return std::get<std::string>(v);
}

} // namespace dimscope
