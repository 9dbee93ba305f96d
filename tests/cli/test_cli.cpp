// SPDX-License-Identifier: MIT
// The command line as scripts and papers use it: exit codes, messages, JSON, and exported files
// whose sizes are checked in the files themselves.
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <QByteArray>
#include <QCryptographicHash>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "angles/angles.h"
#include "cli_test_support.h"
#include "inequality/inequality.h"
#include "io/npy.h"

namespace {

using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;

std::string readFile(const QString &path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const QStringList smallAngles = {"--dimension",   "50",   "--pairs", "20000",
                                 "--sweep-pairs", "2000", "--seed",  "3"};

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
    args << smallAngles << "--sampler"
         << "exact";
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
    for (const char *key :
         {"mean", "variance", "exact_mean", "exact_variance", "ks_distance", "histogram"})
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
                << c.args.join(' ').toStdString() << ": message '" << r.err << "' should mention "
                << m;
    }
}

TEST(Cli, ComputeWritesJsonFileAndParamsReproduce) {
    QTemporaryDir dir;
    const QString out = dir.filePath("run.json");
    QStringList args = {"compute", "angles"};
    args << smallAngles << "--distribution"
         << "unit-cube"
         << "--json" << out;
    ASSERT_EQ(runDimscope(args).exitCode, 0);
    const auto first = nlohmann::json::parse(readFile(out));
    // --params reads the parameters back; a later option overrides the file.
    const ProcessRun again = runDimscope({"compute", "angles", "--params", out});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const auto second = nlohmann::json::parse(again.out);
    EXPECT_EQ(first["params"], second["params"]);
    EXPECT_EQ(first["result"]["histogram"], second["result"]["histogram"]);
    const ProcessRun overridden =
        runDimscope({"compute", "angles", "--params", out, "--seed", "4"});
    EXPECT_EQ(nlohmann::json::parse(overridden.out)["params"]["seed"], 4);
}

TEST(Cli, ExportWritesFilesOfTheRequestedSize) {
    QTemporaryDir dir;
    const QStringList size = {"--width-mm", "85", "--height-mm", "60", "--font-pt", "8"};
    // PDF: MediaBox in points.
    QStringList args = {"export", "angles"};
    args << smallAngles << size << "--out" << dir.filePath("f.pdf") << "--csv"
         << dir.filePath("f.csv");
    ProcessRun r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string pdf = readFile(dir.filePath("f.pdf"));
    ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        pdf, m, std::regex(R"(/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+))")));
    EXPECT_NEAR(std::stod(m[3]) - std::stod(m[1]), 85 / 25.4 * 72, 0.6);
    EXPECT_NEAR(std::stod(m[4]) - std::stod(m[2]), 60 / 25.4 * 72, 0.6);
    EXPECT_NE(pdf.find("/FontFile"), std::string::npos) << "fonts must be embedded";
    const auto sidecar = nlohmann::json::parse(readFile(dir.filePath("f.pdf.json")));
    EXPECT_TRUE(std::regex_search(sidecar.dump(), std::regex(R"("seed":3\b)"))) << sidecar.dump();
    const std::string csv = readFile(dir.filePath("f.csv"));
    EXPECT_EQ(csv.rfind("plot,series,kind,x,y", 0), 0u) << csv.substr(0, 80);
    EXPECT_GT(std::count(csv.begin(), csv.end(), '\n'), 80);

    // SVG: physical size in mm.
    args = QStringList{"export", "angles"} << smallAngles << size << "--plot"
                                           << "variance"
                                           << "--out" << dir.filePath("f.svg");
    r = runDimscope(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string svg = readFile(dir.filePath("f.svg"));
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"svg(width="([\d.]+)mm")svg")));
    EXPECT_NEAR(std::stod(m[1]), 85, 0.5);
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"svg(height="([\d.]+)mm")svg")));
    EXPECT_NEAR(std::stod(m[1]), 60, 0.5);

    // PNG: pixels and stored resolution.
    args = QStringList{"export", "angles"} << smallAngles << size << "--dpi"
                                           << "200"
                                           << "--out" << dir.filePath("f.png");
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

TEST(Cli, InequalitySearchCertifiesLossObjectives) {
    for (const auto &[output, kind, label] :
         {std::tuple<const char *, const char *, int>{"mse:2", "mse", 2}, {"ce:0", "ce", 0}}) {
        const ProcessRun r =
            runDimscope({"compute", "inequality", "--widths", "4,8,3", "--samples", "20",
                         "--output", output, "--search-steps", "200", "--seed", "3"});
        ASSERT_EQ(r.exitCode, 0) << output << ": " << r.err;
        const auto doc = nlohmann::json::parse(r.out);
        ASSERT_TRUE(doc["result"].contains("worst")) << output;
        const auto &worst = doc["result"]["worst"];
        EXPECT_EQ(worst["format"], "dimscope-inequality-certificate/1");
        EXPECT_EQ(worst["objective"], (nlohmann::json{{"kind", kind}, {"label", label}}))
            << worst["objective"].dump();
        const double ratio = worst["ratio"].get<double>();
        EXPECT_GT(ratio, 0.0) << output;
        EXPECT_LE(ratio, dimscope::inequality::kViolationThreshold) << output;
        // The printed certificate reproduces itself.
        const auto back = dimscope::inequality::certificateFromJson(worst);
        EXPECT_NEAR(back.ratio, ratio, 1e-12 * ratio) << output;
    }
    // K is still checked against the net's outputs.
    const ProcessRun bad = runDimscope({"compute", "inequality", "--widths", "4,8,3", "--output",
                                        "ce:3", "--search-steps", "200"});
    EXPECT_EQ(bad.exitCode, 2) << bad.err;
    EXPECT_NE(bad.err.find("ce:3"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("output"), std::string::npos) << bad.err;
}

TEST(Cli, InequalityCertificateReproducesTheSearchsWorstCase) {
    QTemporaryDir dir;
    const QString run = dir.filePath("search.json");
    // max-abs, so that the worst case found breaks (1.1) and the certificate shows a violation.
    ProcessRun r = runDimscope({"compute", "inequality", "--widths", "4,8,8,2", "--samples", "20",
                                "--norm", "max-abs", "--search-steps", "150", "--search-over",
                                "input-and-weights", "--seed", "5", "--json", run});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto searched = nlohmann::json::parse(readFile(run));
    const auto &worst = searched["result"]["worst"];
    const double ratio = worst["ratio"].get<double>();
    ASSERT_GT(ratio, 1.0);
    const QString cert = dir.filePath("certificate.json");
    {
        std::ofstream f(cert.toStdString());
        f << worst.dump(2) << "\n";
    }
    // The bare certificate and the compute output it came from both reproduce R, with one input.
    for (const QString &file : {cert, run}) {
        r = runDimscope({"compute", "inequality", "--certificate", file, "--norm", "max-abs"});
        ASSERT_EQ(r.exitCode, 0) << file.toStdString() << ": " << r.err;
        const auto doc = nlohmann::json::parse(r.out);
        const auto &res = doc["result"];
        ASSERT_EQ(res["ratio"].size(), 1u);
        EXPECT_NEAR(res["ratio"][0].get<double>(), ratio, 1e-12 * ratio) << file.toStdString();
        EXPECT_EQ(res["samples_per_net"], 1);
        EXPECT_EQ(res["nets"], 1);
        EXPECT_EQ(res["violations"], 1);
        EXPECT_EQ(res["norm"], "max-abs");
        EXPECT_EQ(res["widths"], nlohmann::json({4, 8, 8, 2}));
        EXPECT_EQ(res["layers"].size(), 3u);
        EXPECT_FALSE(res.contains("worst"));
        EXPECT_EQ(doc["params"]["certificate"], file.toStdString());
    }
    // The run's own parameters with the search turned off and the run as the certificate.
    r = runDimscope(
        {"compute", "inequality", "--params", run, "--search-steps", "0", "--certificate", run});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NEAR(nlohmann::json::parse(r.out)["result"]["ratio"][0].get<double>(), ratio,
                1e-12 * ratio);

    // A figure from the certificate.
    r = runDimscope({"export", "inequality", "--certificate", cert, "--norm", "max-abs", "--out",
                     dir.filePath("c.pdf")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(readFile(dir.filePath("c.pdf")).rfind("%PDF", 0), 0u);

    // Invalid input exits 2 with a message naming the parameter or the file.
    nlohmann::json tampered = worst;
    tampered["ratio"] = ratio * 1.01;
    const QString bad = dir.filePath("tampered.json");
    {
        std::ofstream f(bad.toStdString());
        f << tampered.dump();
    }
    struct Case {
        QStringList args;
        std::vector<std::string> mentions;
    };
    const QString missing = dir.filePath("missing.json");
    const std::vector<Case> cases = {
        {{"--certificate", cert}, {"norm: spectral", "max-abs", cert.toStdString()}},
        {{"--certificate", cert, "--norm", "max-abs", "--include-biases", "false"},
         {"include-biases: false", "true"}},
        {{"--certificate", bad, "--norm", "max-abs"}, {bad.toStdString(), "ratio"}},
        {{"--certificate", missing, "--norm", "max-abs"}, {missing.toStdString()}},
        {{"--certificate", cert, "--norm", "max-abs", "--search-steps", "10"},
         {"search-steps", "certificate"}},
        {{"--certificate", cert, "--norm", "max-abs", "--nets", "3"}, {"nets", "certificate"}},
    };
    for (const auto &c : cases) {
        QStringList args = {"compute", "inequality"};
        args << c.args;
        r = runDimscope(args);
        EXPECT_EQ(r.exitCode, 2) << args.join(' ').toStdString() << "\n" << r.err;
        for (const auto &m : c.mentions)
            EXPECT_NE(r.err.find(m), std::string::npos)
                << args.join(' ').toStdString() << ": message '" << r.err << "' should mention "
                << m;
    }
}

TEST(Cli, ExportSidecarNamesTheUsersDataByAbsolutePathAndDigest) {
    // A figure made from a relative path must reproduce from any folder, and say which data it
    // shows.
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    std::string csv;
    for (int i = 0; i < 200; ++i)
        csv += std::to_string(std::sin(i)) + "," + std::to_string(std::cos(3.0 * i)) + "," +
               std::to_string(std::sin(7.0 * i)) + "\n";
    { std::ofstream(dir.filePath("points.csv").toStdString(), std::ios::binary) << csv; }
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(DIMSCOPE_BINARY),
            {"export", "hubness", "--input", "points.csv", "--k", "5", "--out", "fig.svg"});
    ASSERT_TRUE(p.waitForFinished(300000));
    ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();

    const auto sidecar = nlohmann::json::parse(readFile(dir.filePath("fig.svg.json")));
    const auto &provenance = sidecar["provenance"];
    const std::string absolute = dir.filePath("points.csv").toStdString();
    EXPECT_EQ(provenance["params"]["input"], absolute);
    const auto &file = provenance["data_files"]["input"]["files"][0];
    EXPECT_EQ(file["name"], "points.csv");
    EXPECT_EQ(file["bytes"], csv.size());
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(csv), QCryptographicHash::Sha256)
            .toHex();
    EXPECT_EQ(file["sha256"], digest.toStdString());

    // Reproduce from another working directory (this test's) with the sidecar alone.
    const ProcessRun again =
        runDimscope({"export", "hubness", "--params", dir.filePath("fig.svg.json"), "--out",
                     dir.filePath("again.svg")});
    EXPECT_EQ(again.exitCode, 0) << again.err;
}

TEST(Cli, HelpPrintsTheUsageAndTheExplorersParametersAsListDoes) {
    // The explorer's block exactly as `dimscope list` prints it.
    const ProcessRun list = runDimscope({"list"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const auto begin = list.out.find("inequality — ");
    ASSERT_NE(begin, std::string::npos) << list.out;
    const std::string block = list.out.substr(begin, list.out.find("\n\n", begin) + 1 - begin);
    ASSERT_NE(block.find("--certificate"), std::string::npos) << block;

    const std::vector<QStringList> explorerHelp = {
        {"compute", "inequality", "--help"},
        {"compute", "inequality", "-h"},
        {"compute", "inequality", "--widths", "4,8,1", "--help"},
        {"export", "inequality", "--help"}};
    for (const auto &args : explorerHelp) {
        const ProcessRun r = runDimscope(args);
        EXPECT_EQ(r.exitCode, 0) << args.join(' ').toStdString() << "\n" << r.err;
        EXPECT_EQ(r.out.rfind("usage:", 0), 0u) << args.join(' ').toStdString() << "\n" << r.out;
        EXPECT_NE(r.out.find(block), std::string::npos) << args.join(' ').toStdString() << "\n"
                                                        << r.out;
        EXPECT_EQ(r.out.find("angles — "), std::string::npos) << "only the named explorer";
        EXPECT_TRUE(r.err.empty()) << r.err;
    }
    for (const QStringList &args :
         {QStringList{"compute", "--help"}, QStringList{"export", "--help"}, QStringList{"--help"},
          QStringList{"list", "--help"}}) {
        const ProcessRun r = runDimscope(args);
        EXPECT_EQ(r.exitCode, 0) << args.join(' ').toStdString() << "\n" << r.err;
        EXPECT_EQ(r.out.rfind("usage:", 0), 0u) << args.join(' ').toStdString() << "\n" << r.out;
        EXPECT_NE(r.out.find("--help"), std::string::npos) << r.out;
    }
    const ProcessRun verb = runDimscope({"compute", "--help"});
    EXPECT_NE(verb.out.find("inequality"), std::string::npos) << verb.out;
    EXPECT_NE(verb.out.find("`dimscope compute <explorer> --help`"), std::string::npos) << verb.out;
    // An unknown explorer stays a usage error.
    const ProcessRun unknown = runDimscope({"compute", "nowhere", "--help"});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_NE(unknown.err.find("nowhere"), std::string::npos) << unknown.err;
}

TEST(Cli, InequalityInputsOfTheWrongWidthForARandomNetNameTheNet) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    dimscope::NpyArray x;
    x.rows = 5;
    x.cols = 3;
    x.real.assign(15, 0.5);
    const QString file = dir.filePath("x.npy");
    dimscope::writeNpy(file.toStdString(), x);
    const ProcessRun r =
        runDimscope({"compute", "inequality", "--widths", "4,8,1", "--inputs", file});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(file.toStdString() +
                         ": the inputs have shape (5, 3) but the net takes 4 values per input "
                         "(the first of widths 4,8,1); expected an N × 4 array"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("the model"), std::string::npos) << r.err;
}
