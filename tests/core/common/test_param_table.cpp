// SPDX-License-Identifier: MIT
// ParamTable: defaults read from the struct, one message style for every range check, bindings
// that read and write every kind of member, lists and restricted texts in canonical form, and the
// enum names that never map an unknown name to a value.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/param_table.h"

using namespace dimscope;

namespace demo {

enum class Law { Gaussian, Cube };
inline const std::vector<std::string> &namesOf(Law) {
    static const std::vector<std::string> names = {"gaussian", "cube"};
    return names;
}

struct Params {
    int dimension = 100;
    std::int64_t pairs = 5000;
    double mu = 0.5;
    Law law = Law::Cube;
    bool center = true;
    std::string file = "/data/a.csv"; // a relative default would be stored absolute
    std::string shape = "4,2";
    std::vector<int> sizes = {2, 8};
    int threads = 0;
    std::uint64_t seed = 7;
};

std::optional<std::vector<int>> parseSizes(const std::string &text) {
    std::vector<int> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t used = 0;
        try {
            out.push_back(std::stoi(text.substr(at), &used));
        } catch (...) {
            return std::nullopt;
        }
        at += used;
        if (at < text.size() && text[at++] != ',')
            return std::nullopt;
    }
    if (out.empty())
        return std::nullopt;
    std::sort(out.begin(), out.end());
    return out;
}

std::string printSizes(const std::vector<int> &v) {
    std::string text;
    for (int x : v)
        text += (text.empty() ? "" : ",") + std::to_string(x);
    return text;
}

const ParamTable<Params> &table() {
    static const auto t =
        ParamTable<Params>()
            .integer("dimension", "Dimension", "n", &Params::dimension, 2, 1000)
            .logScale()
            .integer("pairs", "Pairs", "M", &Params::pairs, 1000, 10000000000LL)
            .real("mu", "Mean", "mu", &Params::mu, -1.0, 1.0)
            .choice("law", "Law", "law", &Params::law)
            .flag("center", "Centre", "centre", &Params::center)
            .path("file", "File", "a file", &Params::file)
            .text("shape", "Shape", "a shape", &Params::shape)
            .acceptsOnly([](const std::string &t) { return t == "4,2" || t == "8,1"; },
                         "4,2 or 8,1")
            .list<std::vector<int>>("sizes", "Sizes", "sizes", &Params::sizes, parseSizes,
                                    printSizes, "integers separated by commas")
            .threads(&Params::threads)
            .seed(&Params::seed);
    return t;
}

} // namespace demo

using demo::Law;
using demo::Params;
using demo::table;

TEST(ParamTable, SpecsTakeTheirDefaultsFromTheStruct) {
    const auto &specs = table().specs();
    ASSERT_EQ(specs.size(), 10u);
    EXPECT_EQ(specs[0].intDefault, 100);
    EXPECT_TRUE(specs[0].logScale);
    EXPECT_EQ(specs[1].intMax, 10000000000LL);
    EXPECT_EQ(specs[2].realDefault, 0.5);
    EXPECT_EQ(specs[3].choiceDefault, "cube");
    EXPECT_EQ(specs[3].choices, (std::vector<std::string>{"gaussian", "cube"}));
    EXPECT_TRUE(specs[4].flagDefault);
    EXPECT_TRUE(specs[5].isPath);
    EXPECT_EQ(specs[7].textDefault, "2,8");
    EXPECT_EQ(specs[8].name, "threads");
    EXPECT_TRUE(specs[8].advanced);
    EXPECT_EQ(specs[9].intDefault, 7);
    EXPECT_EQ(specs[9].intMax, kMaxSeed);
}

TEST(ParamTable, ReadAndWriteEveryKindOfMember) {
    ParamSet values(table().specs());
    ASSERT_FALSE(values.parse("dimension", "300"));
    ASSERT_FALSE(values.parse("pairs", "6000000000")); // past int
    ASSERT_FALSE(values.parse("mu", "-0.25"));
    ASSERT_FALSE(values.parse("law", "gaussian"));
    ASSERT_FALSE(values.parse("center", "false"));
    ASSERT_FALSE(values.parse("shape", "8,1"));
    ASSERT_FALSE(values.parse("sizes", "9,3,5"));
    ASSERT_FALSE(values.parse("seed", "9007199254740991"));
    const Params p = table().read(values);
    EXPECT_EQ(p.dimension, 300);
    EXPECT_EQ(p.pairs, 6000000000LL);
    EXPECT_EQ(p.mu, -0.25);
    EXPECT_EQ(p.law, Law::Gaussian);
    EXPECT_FALSE(p.center);
    EXPECT_EQ(p.shape, "8,1");
    EXPECT_EQ(p.sizes, (std::vector<int>{3, 5, 9}));
    EXPECT_EQ(p.seed, 9007199254740991ULL);
    EXPECT_EQ(table().write(p), values);
    EXPECT_EQ(values.text("sizes"), "3,5,9"); // stored in canonical form
}

TEST(ParamTable, CheckNamesTheFirstFieldOutOfRangeInTheSetsStyle) {
    EXPECT_FALSE(table().check(Params{}));
    Params p;
    p.dimension = 1;
    EXPECT_EQ(table().check(p).value_or(""),
              "parameter 'dimension': 1 is not allowed; expected an integer in 2…1000");
    ParamSet values(table().specs());
    EXPECT_EQ(values.set("dimension", std::int64_t(1)), table().check(p)); // the same words
    p = Params{};
    p.mu = std::nan("");
    EXPECT_NE(table().check(p).value_or("").find("parameter 'mu'"), std::string::npos);
    p = Params{};
    p.law = static_cast<Law>(7);
    EXPECT_NE(table().check(p).value_or("").find("parameter 'law'"), std::string::npos);
    p = Params{};
    p.shape = "1,1";
    EXPECT_EQ(table().check(p).value_or(""),
              "parameter 'shape': '1,1' is not allowed; expected 4,2 or 8,1");
    p = Params{};
    p.seed = ~std::uint64_t{0}; // saturates instead of wrapping to −1
    EXPECT_NE(table().check(p).value_or("").find("9223372036854775807"), std::string::npos);
    p = Params{};
    p.threads = -1;
    EXPECT_NE(table().check(p).value_or("").find("parameter 'threads'"), std::string::npos);
    EXPECT_THROW(table().write(p), std::invalid_argument);
}

TEST(ParamTable, TextsOfTheWrongFormAreRefusedWhenSet) {
    ParamSet values(table().specs());
    const ParamSet before = values;
    EXPECT_EQ(values.parse("sizes", "3,x").value_or(""),
              "parameter 'sizes': '3,x' is not allowed; expected integers separated by commas");
    EXPECT_TRUE(values.parse("shape", "2,2"));
    EXPECT_EQ(values, before);
    // A long bad text is quoted in part, not echoed whole.
    const auto message = values.parse("shape", std::string(5000, '9'));
    ASSERT_TRUE(message);
    EXPECT_LT(message->size(), 200u);
}

TEST(ParamTable, ANameUsedTwiceIsAProgrammingError) {
    EXPECT_THROW(ParamTable<Params>()
                     .integer("dimension", "a", "b", &Params::dimension, 2, 10)
                     .integer("dimension", "a", "b", &Params::threads, 0, 10),
                 std::logic_error);
}

TEST(EnumNames, ConvertBothWaysAndNeverGuess) {
    EXPECT_EQ(nameOf(Law::Cube), "cube");
    EXPECT_EQ(enumFrom<Law>("gaussian"), Law::Gaussian);
    EXPECT_EQ(enumFrom<Law>("Gaussian"), std::nullopt);
    EXPECT_EQ(enumFrom<Law>(""), std::nullopt);
    EXPECT_THROW(nameOf(static_cast<Law>(2)), std::out_of_range);
    EXPECT_EQ(enumNames<Law>().size(), 2u);
}
