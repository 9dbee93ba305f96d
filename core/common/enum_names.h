// SPDX-License-Identifier: MIT
#pragma once
// One table of names per enum, declared beside the enum and found by argument-dependent lookup:
//
//     enum class Metric { Euclidean, Cosine, Manhattan, Lp };
//     inline const std::vector<std::string> &namesOf(Metric) {
//         static const std::vector<std::string> names = {"euclidean", "cosine", "manhattan", "lp"};
//         return names;
//     }
//
// The names are those of the command line, JSON and the form, in the order of the enum's values
// (0, 1, …). nameOf and enumFrom are the only conversions, and an unknown name is never mapped
// to a value: enumFrom says nullopt.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dimscope {

/// The names of every value of Enum, in the enum's order.
template <class Enum>
const std::vector<std::string> &enumNames() {
    return namesOf(Enum{});
}

/// The name of `value`. Throws std::out_of_range for a value outside the table (a cast integer).
template <class Enum>
const std::string &nameOf(Enum value) {
    return enumNames<Enum>().at(static_cast<std::size_t>(value));
}

/// The value named `name`, or nullopt when no value has that name.
template <class Enum>
std::optional<Enum> enumFrom(const std::string &name) {
    const auto &names = enumNames<Enum>();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
        return std::nullopt;
    return static_cast<Enum>(it - names.begin());
}

} // namespace dimscope
