// SPDX-License-Identifier: MIT
// The `certificate` parameter: a saved certificate (or a compute output holding one) evaluates to
// the same R and layer terms; a norm or include-biases other than the certificate's, bad files and
// combinations with other sources are refused, naming the path or the parameter.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"
#include "inequality/inequality.h"
#include "nets/model_folder.h"
#include "search_test_support.h"

namespace {

using namespace dimscope;
using namespace dimscope::inequality;
using dimscope::inequality::testing::lossParams;
using dimscope::inequality::testing::searchParams;

/// A fresh folder under the temp directory, removed with the object.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string &name)
        : path(std::filesystem::temp_directory_path() /
               ("dimscope_ineq_cert_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string write(const std::string &file, const std::string &text) const {
        const std::string at = (path / file).string();
        std::ofstream(at, std::ios::binary) << text;
        return at;
    }
};

/// What `dimscope compute inequality --certificate path` runs (through ParamSet, as the CLI does),
/// with `norm` and `include-biases` as given; widths and output are set to values the run ignores.
InequalityParams certificateParams(const std::string &path, Norm norm, bool includeBiases = true) {
    ParamSet values(paramTable().specs());
    EXPECT_FALSE(values.parse("certificate", path));
    EXPECT_FALSE(values.parse("norm", nameOf(norm)));
    EXPECT_FALSE(values.set("include-biases", includeBiases));
    EXPECT_FALSE(values.parse("widths", "7,7"));  // ignored with a certificate
    EXPECT_FALSE(values.parse("output", "ce:9")); // ignored (the certificate's f is used)
    EXPECT_FALSE(values.parse("samples", "500")); // ignored (one input)
    return paramTable().read(values);
}

/// The certificate the search of `p` finds, also written to `folder`/`file`.
Certificate searchedCertificate(const InequalityParams &p, const TempFolder &folder,
                                const std::string &file, std::string &path) {
    const InequalityResult r = computeInequality(p);
    EXPECT_TRUE(r.ok() && r.worst) << r.message;
    path = folder.write(file, certificateToJson(*r.worst).dump(2));
    return *r.worst;
}

TEST(InequalityCertificateParam, RoundTripGivesTheSameRAndLayerTerms) {
    const TempFolder folder("roundtrip");
    struct Case {
        std::string name;
        InequalityParams search;
    };
    InequalityParams noBiases = searchParams(false);
    noBiases.includeBiases = false;
    const std::vector<Case> cases = {
        {"spectral input", searchParams(false)},
        {"spectral input-and-weights", searchParams(true)},
        {"max-abs input-and-weights", searchParams(true, Norm::MaxAbs)},
        {"ce:1", lossParams("ce:1", true)},
        {"mse:2", lossParams("mse:2", false)},
        {"no biases", noBiases}};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case &c = cases[i];
        std::string path;
        const Certificate w =
            searchedCertificate(c.search, folder, "c" + std::to_string(i) + ".json", path);
        const InequalityResult r =
            computeInequality(certificateParams(path, w.norm, w.includeBiases));
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.message;
        EXPECT_EQ(r.widths, w.net.widths()) << c.name;
        EXPECT_EQ(r.netsDone, 1) << c.name;
        EXPECT_EQ(r.samplesPerNet, 1) << c.name;
        ASSERT_EQ(r.ratio.size(), 1u) << c.name;
        EXPECT_NEAR(r.ratio[0], w.ratio, 1e-12 * w.ratio) << c.name;
        EXPECT_NEAR(r.lhs[0], w.lhs, 1e-12 * w.lhs) << c.name;
        EXPECT_NEAR(r.rhs[0], w.rhs, 1e-12 * w.rhs) << c.name;
        EXPECT_EQ(r.maxRatio, r.ratio[0]) << c.name;
        EXPECT_EQ(r.violations, w.ratio > kViolationThreshold ? 1 : 0) << c.name;
        EXPECT_EQ(r.netsViolating, r.violations) << c.name;
        EXPECT_EQ(r.logRatio.total(), 1) << c.name;
        EXPECT_FALSE(r.worst) << c.name;
        // The per-layer terms are those of the certificate's net, f and input.
        TermOptions options;
        options.norm = w.norm;
        options.includeBiases = w.includeBiases;
        const BatchTerms t = evaluateBatch(w.net, w.objective, w.input, options);
        ASSERT_EQ(r.layers.size(), w.net.layers.size()) << c.name;
        double lhsSum = 0;
        for (std::size_t k = 0; k < r.layers.size(); ++k) {
            const LayerTerms &l = r.layers[k];
            const auto kk = Eigen::Index(k);
            EXPECT_EQ(l.in, w.net.layers[k].weight.cols()) << c.name;
            EXPECT_EQ(l.out, w.net.layers[k].weight.rows()) << c.name;
            ASSERT_EQ(l.lhs.size(), 1u) << c.name;
            EXPECT_NEAR(l.weightNorm, t.weightNorm(kk), 1e-12 * t.weightNorm(kk))
                << c.name << " layer " << k;
            EXPECT_NEAR(l.jacobianNorm[0], t.jacobianNorm(kk, 0), 1e-12 * t.jacobianNorm(kk, 0))
                << c.name;
            EXPECT_NEAR(l.lhs[0], t.layerLhs(kk, 0), 1e-12 * t.layerLhs(kk, 0))
                << c.name << " layer " << k;
            EXPECT_NEAR(l.rhs[0], t.layerRhs(kk, 0), 1e-12 * t.layerRhs(kk, 0))
                << c.name << " layer " << k;
            lhsSum += l.lhs[0];
        }
        EXPECT_NEAR(lhsSum, r.lhs[0], 1e-12 * r.lhs[0]) << c.name;
        std::printf("%-28s R certificate %.17g, re-run %.17g\n", c.name.c_str(), w.ratio,
                    r.ratio[0]);
    }
}

TEST(InequalityCertificateParam, ReadsAComputeOutputWithResultWorst) {
    const TempFolder folder("compute");
    const InequalityResult searched = computeInequality(searchParams(true, Norm::Frobenius));
    ASSERT_TRUE(searched.ok() && searched.worst) << searched.message;
    const nlohmann::json output = {{"explorer", "inequality"}, {"result", toJson(searched)}};
    const std::string path = folder.write("run.json", output.dump(2));
    const InequalityResult r = computeInequality(certificateParams(path, Norm::Frobenius));
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.ratio.size(), 1u);
    EXPECT_NEAR(r.ratio[0], searched.worst->ratio, 1e-12 * searched.worst->ratio);

    // Without a search there is no certificate in the output; another explorer's output is refused.
    InequalityParams plain = searchParams(false);
    plain.searchSteps = 0;
    const nlohmann::json plainOutput = {{"explorer", "inequality"},
                                        {"result", toJson(computeInequality(plain))}};
    const std::string none = folder.write("plain.json", plainOutput.dump());
    const InequalityResult noWorst = computeInequality(certificateParams(none, Norm::Spectral));
    EXPECT_EQ(noWorst.termination, Termination::InvalidInput);
    EXPECT_EQ(noWorst.message.rfind(none + ": ", 0), 0u) << noWorst.message;
    EXPECT_NE(noWorst.message.find("worst"), std::string::npos) << noWorst.message;
    EXPECT_NE(noWorst.message.find("search-steps"), std::string::npos) << noWorst.message;
    const std::string angles = folder.write(
        "angles.json", nlohmann::json({{"explorer", "angles"}, {"result", {{"mean", 1}}}}).dump());
    const InequalityResult other = computeInequality(certificateParams(angles, Norm::Spectral));
    EXPECT_EQ(other.termination, Termination::InvalidInput);
    EXPECT_NE(other.message.find("angles"), std::string::npos) << other.message;

    // A certificate inside a compute output whose numbers were changed: the path and where it sits.
    nlohmann::json tampered = output;
    tampered["result"]["worst"]["ratio"] = searched.worst->ratio * 1.01;
    const std::string bad = folder.write("tampered-run.json", tampered.dump());
    const InequalityResult refused = computeInequality(certificateParams(bad, Norm::Frobenius));
    EXPECT_EQ(refused.termination, Termination::InvalidInput);
    EXPECT_EQ(refused.message.rfind(bad + ": result.worst: certificate: \"ratio\"", 0), 0u)
        << refused.message;
}

TEST(InequalityCertificateParam, NormOrBiasesOtherThanTheCertificatesAreRefused) {
    const TempFolder folder("mismatch");
    std::string spectral, noBiases;
    searchedCertificate(searchParams(false), folder, "spectral.json", spectral);
    InequalityParams p = searchParams(false);
    p.includeBiases = false;
    searchedCertificate(p, folder, "no-biases.json", noBiases);

    const InequalityResult norm = computeInequality(certificateParams(spectral, Norm::Frobenius));
    EXPECT_EQ(norm.termination, Termination::InvalidInput);
    EXPECT_EQ(norm.message.rfind("norm: frobenius", 0), 0u) << norm.message;
    for (const std::string &m :
         {spectral, std::string("norm spectral"), std::string("set norm to spectral")})
        EXPECT_NE(norm.message.find(m), std::string::npos)
            << "'" << norm.message << "' should mention " << m;
    EXPECT_TRUE(norm.ratio.empty());
    std::printf("%s\n", norm.message.c_str());

    const InequalityResult biases =
        computeInequality(certificateParams(noBiases, Norm::Spectral, true));
    EXPECT_EQ(biases.termination, Termination::InvalidInput);
    EXPECT_EQ(biases.message.rfind("include-biases: true", 0), 0u) << biases.message;
    EXPECT_NE(biases.message.find("include-biases false"), std::string::npos) << biases.message;
    EXPECT_NE(biases.message.find(noBiases), std::string::npos) << biases.message;
    std::printf("%s\n", biases.message.c_str());
    EXPECT_TRUE(computeInequality(certificateParams(noBiases, Norm::Spectral, false)).ok());
}

TEST(InequalityCertificateParam, BadFilesAreRefusedNamingThePath) {
    const TempFolder folder("bad");
    std::string good;
    const Certificate w = searchedCertificate(searchParams(false), folder, "good.json", good);
    nlohmann::json tampered = certificateToJson(w);
    tampered["ratio"] = w.ratio * 1.001;
    nlohmann::json noInput = certificateToJson(w);
    noInput.erase("input");
    const std::string missing = (folder.path / "no-such-certificate.json").string();
    struct Case {
        std::string name, path;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {"tampered R",
         folder.write("tampered.json", tampered.dump()),
         {"certificate: \"ratio\"", "give"}},
        {"missing field", folder.write("no-input.json", noInput.dump()), {"missing", "input"}},
        {"missing file", missing, {"cannot open"}},
        {"a folder", folder.path.string(), {"folder"}},
        {"not JSON", folder.write("garbage.json", "{\"format\": "), {"not valid JSON"}},
        {"not an object", folder.write("array.json", "[1, 2]"), {"format"}},
        {"another format",
         folder.write("other.json", R"({"format": "dimscope-mlp/1"})"),
         {"format"}},
    };
    for (const Case &c : cases) {
        const InequalityResult r = computeInequality(certificateParams(c.path, Norm::Spectral));
        EXPECT_EQ(r.termination, Termination::InvalidInput) << c.name << ": " << r.message;
        EXPECT_EQ(r.message.rfind(c.path + ": ", 0), 0u) << c.name << ": " << r.message;
        for (const std::string &m : c.mentions)
            EXPECT_NE(r.message.find(m), std::string::npos)
                << c.name << ": '" << r.message << "' should mention " << m;
        EXPECT_TRUE(r.ratio.empty()) << c.name;
        std::printf("%-14s %s\n", c.name.c_str(), r.message.c_str());
    }
    EXPECT_TRUE(computeInequality(certificateParams(good, Norm::Spectral)).ok());
}

TEST(InequalityCertificateParam, CombinationsWithOtherSourcesAreRefused) {
    const TempFolder folder("combos");
    std::string path;
    searchedCertificate(searchParams(false), folder, "c.json", path);
    const InequalityParams base = certificateParams(path, Norm::Spectral);
    ASSERT_FALSE(explorer().validate(base)) << *explorer().validate(base);
    boost::random::mt19937_64 engine(2);
    mlp::InitSpec spec;
    spec.widths = {4, 16, 16, 1};
    const std::string model = (folder.path / "model").string();
    mlp::saveModelFolder(mlp::randomNetwork(spec, engine), model);
    struct Case {
        std::string name;
        std::function<void(InequalityParams &)> edit;
    };
    const std::vector<Case> cases = {
        {"model", [&](InequalityParams &p) { p.model = model; }},
        {"inputs", [&](InequalityParams &p) { p.inputs = (folder.path / "x.npy").string(); }},
        {"nets", [](InequalityParams &p) { p.nets = 2; }},
        {"search-steps", [](InequalityParams &p) { p.searchSteps = 10; }},
    };
    for (const Case &c : cases) {
        InequalityParams p = base;
        c.edit(p);
        const auto e = explorer().validate(p);
        ASSERT_TRUE(e) << c.name;
        EXPECT_EQ(e->rfind("parameter '" + c.name + "'", 0), 0u) << *e;
        EXPECT_NE(e->find("certificate"), std::string::npos) << *e;
        const InequalityResult r = computeInequality(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << c.name;
        EXPECT_EQ(r.message, *e);
        std::printf("%s\n", e->c_str());
    }
    // Relative paths are made absolute when set, so a saved parameter set reproduces the run
    // anywhere.
    ParamSet values(paramTable().specs());
    ASSERT_FALSE(values.parse("certificate", "cert.json"));
    EXPECT_TRUE(std::filesystem::path(paramTable().read(values).certificate).is_absolute());
    EXPECT_TRUE(ParamSet(paramTable().specs()).text("certificate").empty());
}

} // namespace
