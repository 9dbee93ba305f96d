// SPDX-License-Identifier: MIT
// The command line as scripts and papers use it: exit codes, messages, JSON, and exported files
// whose sizes are checked in the files themselves.
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <QByteArray>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "angles.h"

namespace {

struct ProcessRun {
    int exitCode = -1;
    std::string out, err;
};

ProcessRun runDimscope(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(DIMSCOPE_BINARY), args);
    EXPECT_TRUE(p.waitForFinished(300000)) << "dimscope did not finish";
    ProcessRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

std::string readFile(const QString &path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const QStringList smallAngles = {"--dimension", "50", "--pairs", "20000", "--sweep-pairs", "2000", "--seed", "3"};

} // namespace

TEST(Cli, ListNamesEveryExplorerAndParameter) {
    const ProcessRun r = runDimscope({"list"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("angles"), std::string::npos);
    EXPECT_NE(r.out.find("ball"), std::string::npos);
    EXPECT_NE(r.out.find("--dimension"), std::string::npos);
    const ProcessRun j = runDimscope({"list", "--json"});
    ASSERT_EQ(j.exitCode, 0);
    const auto doc = nlohmann::json::parse(j.out);
    ASSERT_TRUE(doc.is_array());
    bool sawDimension = false;
    for (const auto &e : doc)
        if (e["name"] == "angles")
            for (const auto &p : e["params"])
                if (p["name"] == "dimension") {
                    sawDimension = true;
                    EXPECT_EQ(p["min"], 2);
                    EXPECT_EQ(p["max"], 100000);
                }
    EXPECT_TRUE(sawDimension);
}

TEST(Cli, ComputeJsonMatchesTheCore) {
    QStringList args = {"compute", "angles"};
    args << smallAngles << "--sampler" << "exact";
    const ProcessRun r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["explorer"], "angles");
    EXPECT_TRUE(doc.contains("version"));
    EXPECT_TRUE(doc["elapsed_s"].is_number());
    EXPECT_EQ(doc["params"]["seed"], 3);
    EXPECT_EQ(doc["params"]["dimension"], 50);
    EXPECT_EQ(doc["params"]["sampler"], "exact");
    const auto &res = doc["result"];
    for (const char *key : {"mean", "variance", "exact_mean", "exact_variance", "ks_distance", "histogram"})
        EXPECT_TRUE(res.contains(key)) << key;

    // The same parameters through the core directly give the same numbers.
    dimscope::angles::AngleParams p;
    p.dimension = 50;
    p.pairs = 20000;
    p.sweepPairs = 2000;
    p.seed = 3;
    p.sampler = dimscope::angles::Sampler::Exact;
    const auto direct = dimscope::angles::toJson(dimscope::angles::computeAngles(p));
    EXPECT_DOUBLE_EQ(res["mean"].get<double>(), direct["mean"].get<double>());
    EXPECT_DOUBLE_EQ(res["variance"].get<double>(), direct["variance"].get<double>());
    EXPECT_EQ(res["histogram"]["density"], direct["histogram"]["density"]);
}

TEST(Cli, BadParametersExitTwoWithAMessageNamingThem) {
    struct Case {
        QStringList args;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {{"compute", "angles", "--dimension", "1"}, {"dimension", "1", "100000"}},
        {{"compute", "angles", "--dimension", "ten"}, {"dimension", "ten"}},
        {{"compute", "angles", "--distribution", "cauchy"}, {"distribution", "cauchy", "gaussian"}},
        {{"compute", "angles", "--no-such", "3"}, {"no-such"}},
        {{"compute", "nowhere"}, {"nowhere", "angles"}},
        {{"compute", "angles", "--sampler", "exact", "--distribution", "unit-cube"}, {"exact"}},
        {{"compute", "angles", "--dimension"}, {"dimension"}},
        {{"export", "angles", "--out", "x.txt"}, {".pdf"}},
        {{"export", "angles", "--out", "x.pdf", "--width-mm", "-5"}, {"idth", "-5"}},
        {{"export", "angles", "--out", "x.pdf", "--plot", "nosuch"}, {"nosuch", "histogram"}},
        {{"frobnicate"}, {"frobnicate"}},
        {{"compute", "angles", "--params"}, {"params"}},
    };
    for (const auto &c : cases) {
        const ProcessRun r = runDimscope(c.args);
        EXPECT_EQ(r.exitCode, 2) << c.args.join(' ').toStdString() << "\n" << r.err;
        for (const auto &m : c.mentions)
            EXPECT_NE(r.err.find(m), std::string::npos)
                << c.args.join(' ').toStdString() << ": message '" << r.err << "' should mention " << m;
    }
}

TEST(Cli, ComputeWritesJsonFileAndParamsReproduce) {
    QTemporaryDir dir;
    const QString out = dir.filePath("run.json");
    QStringList args = {"compute", "angles"};
    args << smallAngles << "--distribution" << "unit-cube" << "--json" << out;
    ASSERT_EQ(runDimscope(args).exitCode, 0);
    const auto first = nlohmann::json::parse(readFile(out));
    // --params reads the parameters back; a later option overrides the file.
    const ProcessRun again = runDimscope({"compute", "angles", "--params", out});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const auto second = nlohmann::json::parse(again.out);
    EXPECT_EQ(first["params"], second["params"]);
    EXPECT_EQ(first["result"]["histogram"], second["result"]["histogram"]);
    const ProcessRun overridden = runDimscope({"compute", "angles", "--params", out, "--seed", "4"});
    EXPECT_EQ(nlohmann::json::parse(overridden.out)["params"]["seed"], 4);
}

TEST(Cli, ExportWritesFilesOfTheRequestedSize) {
    QTemporaryDir dir;
    const QStringList size = {"--width-mm", "85", "--height-mm", "60", "--font-pt", "8"};
    // PDF: MediaBox in points.
    QStringList args = {"export", "angles"};
    args << smallAngles << size << "--out" << dir.filePath("f.pdf") << "--csv" << dir.filePath("f.csv");
    ProcessRun r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string pdf = readFile(dir.filePath("f.pdf"));
    ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+))")));
    EXPECT_NEAR(std::stod(m[3]) - std::stod(m[1]), 85 / 25.4 * 72, 0.6);
    EXPECT_NEAR(std::stod(m[4]) - std::stod(m[2]), 60 / 25.4 * 72, 0.6);
    EXPECT_NE(pdf.find("/FontFile"), std::string::npos) << "fonts must be embedded";
    const auto sidecar = nlohmann::json::parse(readFile(dir.filePath("f.pdf.json")));
    EXPECT_TRUE(std::regex_search(sidecar.dump(), std::regex(R"("seed":3\b)"))) << sidecar.dump();
    const std::string csv = readFile(dir.filePath("f.csv"));
    EXPECT_EQ(csv.rfind("plot,series,kind,x,y", 0), 0u) << csv.substr(0, 80);
    EXPECT_GT(std::count(csv.begin(), csv.end(), '\n'), 80);

    // SVG: physical size in mm.
    args = QStringList{"export", "angles"} << smallAngles << size << "--plot" << "variance" << "--out"
                                           << dir.filePath("f.svg");
    r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string svg = readFile(dir.filePath("f.svg"));
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"svg(width="([\d.]+)mm")svg")));
    EXPECT_NEAR(std::stod(m[1]), 85, 0.5);
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"svg(height="([\d.]+)mm")svg")));
    EXPECT_NEAR(std::stod(m[1]), 60, 0.5);

    // PNG: pixels and stored resolution.
    args = QStringList{"export", "angles"} << smallAngles << size << "--dpi" << "200" << "--out"
                                           << dir.filePath("f.png");
    r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    QImage png(dir.filePath("f.png"));
    ASSERT_FALSE(png.isNull());
    EXPECT_NEAR(png.width(), 85 / 25.4 * 200, 1.0);
    EXPECT_NEAR(png.height(), 60 / 25.4 * 200, 1.0);
    EXPECT_NEAR(png.dotsPerMeterX(), 200 / 0.0254, 2.0);
}

TEST(Cli, FailedExportKeepsTheExistingFile) {
    QTemporaryDir dir;
    const QString target = dir.filePath("keep.pdf");
    {
        std::ofstream f(target.toStdString());
        f << "precious";
    }
    // Invalid parameters: nothing is written, the old file stays.
    const ProcessRun r = runDimscope({"export", "angles", "--dimension", "0", "--out", target});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(readFile(target), "precious");
}
