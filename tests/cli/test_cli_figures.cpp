// SPDX-License-Identifier: MIT
// Figures that reproduce themselves (issue 12): a sidecar alone makes the same figure again, its
// plot, size, font and dpi included; `dimscope inspect` reads the record from a PDF, SVG or PNG
// with no sidecar beside it; a plot with no data is refused with exit 1 instead of written as
// empty axes.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace {

using namespace dimscope::testing;
namespace fs = std::filesystem;

const QStringList kAngles = {"angles", "--dimension", "30", "--pairs", "5000", "--seed", "11"};

class CliFigures : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    std::string spath(const char *name) const { return path(name).toStdString(); }

    /// Exports the angles explorer's variance plot at a size, font and dpi of its own.
    void exportOriginal(const char *name) {
        const ProcessRun r =
            runDimscope(QStringList{"export"} + kAngles +
                        QStringList{"--plot", "variance", "--width-mm", "85", "--height-mm", "62.5",
                                    "--font-pt", "8", "--dpi", "150", "--out", path(name)});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(CliFigures, ASidecarAloneMakesTheSameFigureAgain) {
    for (const char *format : {"png", "svg"}) {
        const std::string original = std::string("original.") + format;
        const std::string again = std::string("again.") + format;
        exportOriginal(original.c_str());
        const ProcessRun r =
            runDimscope({"export", "angles", "--params", path(original.c_str()) + ".json", "--out",
                         path(again.c_str())});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // Same plot, size, font, dpi, parameters and seed: the same bytes.
        EXPECT_EQ(readFile(spath(original.c_str())), readFile(spath(again.c_str()))) << format;
    }
    // An option given on the command line still wins over the sidecar's.
    const ProcessRun r =
        runDimscope({"export", "angles", "--params", path("original.png") + ".json", "--width-mm",
                     "40", "--out", path("narrow.png")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto record = nlohmann::json::parse(readFile(spath("narrow.png.json")));
    EXPECT_EQ(record["provenance"]["export"]["width_mm"], 40.0);
    EXPECT_EQ(record["provenance"]["export"]["height_mm"], 62.5);
    EXPECT_EQ(record["provenance"]["export"]["plot"], "variance");
}

TEST_F(CliFigures, InspectReadsTheRecordFromTheFigureAlone) {
    for (const char *name : {"alone.pdf", "alone.svg", "alone.png"}) {
        exportOriginal(name);
        fs::remove(spath(name) + ".json"); // no sidecar: the file must speak for itself
        const ProcessRun r = runDimscope({"inspect", path(name)});
        ASSERT_EQ(r.exitCode, 0) << name << ": " << r.err;
        const auto record = nlohmann::json::parse(r.out);
        EXPECT_EQ(record["explorer"], "angles") << name;
        EXPECT_FALSE(record["version"].get<std::string>().empty()) << name;
        EXPECT_EQ(record["params"]["dimension"], 30) << name;
        EXPECT_EQ(record["params"]["seed"], 11) << name;
        EXPECT_EQ(record["export"]["plot"], "variance") << name;
        EXPECT_EQ(record["export"]["width_mm"], 85.0) << name;
        EXPECT_EQ(record["export"]["font_pt"], 8.0) << name;
    }
    std::ofstream(spath("stranger.png")) << "not a figure of ours";
    const ProcessRun stranger = runDimscope({"inspect", path("stranger.png")});
    EXPECT_EQ(stranger.exitCode, 1);
    EXPECT_NE(stranger.err.find("no dimscope record"), std::string::npos) << stranger.err;

    // A figure cut short in a copy is named as such, before libpng allocates what a chunk claims.
    const std::string whole = readFile(spath("alone.png"));
    writeFile(spath("cut.png"), whole.substr(0, 120));
    const ProcessRun cut = runDimscope({"inspect", path("cut.png")});
    EXPECT_EQ(cut.exitCode, 1);
    EXPECT_NE(cut.err.find("cut short"), std::string::npos) << cut.err;
}

TEST_F(CliFigures, SeriesThatLookAlikeInPrintAreNotedAndCanBeToldApart) {
    // Pareto's two losses differ in hue only: the same grey on a greyscale printer.
    ProcessRun r = runDimscope({"export", "pareto", "--plot", "losses", "--out", path("grey.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("'L1' and 'L2' look alike in greyscale"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--distinct-strokes on"), std::string::npos) << r.err;
    const std::string plain = readFile(spath("grey.svg"));

    r = runDimscope({"export", "pareto", "--plot", "losses", "--distinct-strokes", "on", "--out",
                     path("told-apart.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err.find("look alike"), std::string::npos) << r.err;
    EXPECT_NE(readFile(spath("told-apart.svg")), plain); // L2 now carries markers
    const auto sidecar = nlohmann::json::parse(readFile(spath("told-apart.svg.json")));
    EXPECT_EQ(sidecar["provenance"]["export"]["distinct_strokes"], true);

    // The sidecar makes the same figure again, the strokes included.
    r = runDimscope(
        {"export", "pareto", "--params", path("told-apart.svg.json"), "--out", path("again.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err.find("look alike"), std::string::npos) << r.err;

    r = runDimscope({"export", "pareto", "--distinct-strokes", "maybe", "--out", path("x.svg")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--distinct-strokes"), std::string::npos) << r.err;
}

TEST_F(CliFigures, APlotWithoutDataIsRefusedNotWrittenEmpty) {
    // The hubness explorer draws its before/after-reduction plot only when a reduction is on.
    const ProcessRun r = runDimscope({"export", "hubness", "--n", "500", "--d", "10", "--plot",
                                      "reduction", "--out", path("empty.pdf")});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("no data"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(spath("empty.pdf")));
    EXPECT_FALSE(fs::exists(spath("empty.pdf.json")));
}

TEST_F(CliFigures, ASessionRendersAnExplorersStateHeadless) {
    // A session as File → Save session writes it: angles' parameters and training's view settings.
    writeFile(spath("lesson.json"), R"({"format": "dimscope-session", "version": 1,
        "current": "angles", "explorers": {
        "angles": {"params": {"dimension": 30, "pairs": 5000, "seed": 11}, "view": {}},
        "training": {"params": {}, "view": {"log_x": true}}}})");
    ProcessRun r = runDimscope({"export", "angles", "--session", path("lesson.json"), "--plot",
                                "variance", "--out", path("from-session.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto sidecar = nlohmann::json::parse(readFile(spath("from-session.svg.json")));
    EXPECT_EQ(sidecar["provenance"]["params"]["dimension"], 30) << sidecar.dump();
    EXPECT_EQ(sidecar["provenance"]["params"]["seed"], 11);
    // The same state given as parameters is the same figure.
    r = runDimscope(QStringList{"export"} + kAngles +
                    QStringList{"--plot", "variance", "--out", path("from-options.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(readFile(spath("from-session.svg")), readFile(spath("from-options.svg")));
    // A session without this explorer, and a bad view setting, are usage errors.
    r = runDimscope({"export", "ball", "--session", path("lesson.json"), "--out", path("b.svg")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("holds no state of explorer 'ball'"), std::string::npos) << r.err;
    writeFile(spath("bad.json"), R"({"format": "dimscope-session", "version": 1,
        "current": "training", "explorers": {"training": {"params": {}, "view": {"nope": 1}}}})");
    r = runDimscope({"export", "training", "--session", path("bad.json"), "--out", path("t.svg")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown view setting"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(spath("t.svg")));
}

TEST_F(CliFigures, TheTitleIsOptionalAndTheSvgNamesARealFont) {
    ProcessRun r = runDimscope(QStringList{"export"} + kAngles +
                               QStringList{"--plot", "variance", "--out", path("titled.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = runDimscope(QStringList{"export"} + kAngles +
                    QStringList{"--plot", "variance", "--title", "off", "--out", path("bare.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string titled = readFile(spath("titled.svg")), bare = readFile(spath("bare.svg"));
    // The title element's text (bold) is in one only; the axes and data in both.
    EXPECT_NE(titled.find("font-weight=\"700\""), std::string::npos);
    EXPECT_EQ(bare.find("font-weight=\"700\""), std::string::npos);
    const auto sidecar = nlohmann::json::parse(readFile(spath("bare.svg.json")));
    EXPECT_EQ(sidecar["provenance"]["export"]["title"], false);
    // The sidecar alone makes the untitled figure again.
    r = runDimscope(
        {"export", "angles", "--params", path("bare.svg.json"), "--out", path("bare-again.svg")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(readFile(spath("bare-again.svg")), bare);
    // fontconfig's alias is resolved to the family drawn.
    EXPECT_EQ(titled.find("font-family=\"Sans Serif\""), std::string::npos);
    EXPECT_NE(titled.find("font-family=\""), std::string::npos);
    r = runDimscope(QStringList{"export"} + kAngles +
                    QStringList{"--title", "maybe", "--out", path("x.svg")});
    EXPECT_EQ(r.exitCode, 2);
}
