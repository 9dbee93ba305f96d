// SPDX-License-Identifier: MIT
#include "logit_kl/logit_kl.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <tuple>

#include <nlohmann/json.hpp>

#include "logit_kl/logit_kl_math.h"

namespace dimscope::logit_kl {

namespace {

constexpr int kSweepPoints = 121;

bool isSeparator(char c) { return c == ',' || c == ' ' || c == '\t' || c == ';'; }

/// The last R-Drop result and the settings that made it: dragging s, t or the shift recomputes
/// everything else (microseconds) and reuses the toy (about a second). Thread counts do not
/// change the toy's numbers, so they are not part of the key.
struct RDropCache {
    std::mutex mutex;
    bool filled = false;
    std::tuple<int, int, double, std::uint64_t> key;
    RDropCurves curves;
};

/// The shortest text that reads back as v: 0.5 → "0.5", 2 → "2".
std::string shortest(double v) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    (void)ec; // 32 characters hold any double's shortest form
    return std::string(buffer, end);
}

RDropCache &rdropCache() {
    static RDropCache cache;
    return cache;
}

/// The toy's curves for these settings, from the cache or trained now; false when stopped.
bool rdropCurves(const LogitKlParams &p, const std::function<bool()> &stop, RDropCurves &out) {
    const auto key = std::make_tuple(p.rdropSteps, p.rdropSeeds, p.dropout, p.seed);
    {
        std::lock_guard<std::mutex> lock(rdropCache().mutex);
        if (rdropCache().filled && rdropCache().key == key) {
            out = rdropCache().curves;
            return true;
        }
    }
    RDropSettings s;
    s.seeds = p.rdropSeeds;
    s.steps = p.rdropSteps;
    s.dropout = p.dropout;
    s.threads = p.threads;
    s.seed = p.seed;
    if (!trainRDrop(s, out, stop))
        return false;
    std::lock_guard<std::mutex> lock(rdropCache().mutex);
    rdropCache().filled = true;
    rdropCache().key = key;
    rdropCache().curves = out;
    return true;
}

} // namespace

std::optional<std::vector<double>> parseLogits(const std::string &text) {
    std::vector<double> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isSeparator(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !isSeparator(text[end]))
            ++end;
        const std::string word = text.substr(i, end - i);
        // strtod, not from_chars: it also reads "+1" and ".5", as people type them.
        char *stop = nullptr;
        const double v = std::strtod(word.c_str(), &stop);
        if (stop != word.c_str() + word.size() || !std::isfinite(v) || std::fabs(v) > kMaxLogit)
            return std::nullopt;
        out.push_back(v == 0.0 ? 0.0 : v); // −0 prints as "0"
        i = end;
    }
    if (out.size() < std::size_t(kMinClasses) || out.size() > std::size_t(kMaxClasses))
        return std::nullopt;
    return out;
}

std::string printLogits(const std::vector<double> &values) {
    std::string text;
    for (double v : values) {
        if (!text.empty())
            text += ',';
        text += shortest(v);
    }
    return text;
}

const ParamTable<LogitKlParams> &paramTable() {
    const std::string listForm = "2…20 numbers in −20…20 separated by commas, e.g. 2,-1,0.5";
    static const auto table =
        ParamTable<LogitKlParams>()
            .list<std::vector<double>>("s", "Logits s",
                                       "The first model's logits, one per class (a class is "
                                       "predicted when its logit is above 0).",
                                       &LogitKlParams::s, parseLogits, printLogits, listForm)
            .list<std::vector<double>>("t", "Logits t",
                                       "The second model's logits (the other dropout pass), as "
                                       "many as s.",
                                       &LogitKlParams::t, parseLogits, printLogits, listForm)
            .real("shift", "Shift c of s",
                  "Adds c to every logit of s: the softmax form does not change, the sigmoid "
                  "form does.",
                  &LogitKlParams::shift, -6.0, 6.0)
            .integer("contour-points", "Contour grid",
                     "Grid points per axis of the contour of (σ(s) − σ(t))(s − t).",
                     &LogitKlParams::contourPoints, 11, 401)
            .advanced()
            .real("contour-range", "Contour range",
                  "The contour spans s and t from −range to range.", &LogitKlParams::contourRange,
                  1.0, 20.0)
            .advanced()
            .integer("rdrop-steps", "R-Drop steps",
                     "Adam steps of the R-Drop toy (a multi-label linear classifier with dropout, "
                     "trained with α·D for α = 0, 0.5, 2); 0 = no toy.",
                     &LogitKlParams::rdropSteps, 0, 5000)
            .integer("rdrop-seeds", "R-Drop seeds", "Replicates of the toy, each with its data.",
                     &LogitKlParams::rdropSeeds, 1, 16)
            .advanced()
            .real("dropout", "Dropout", "The toy's input dropout rate.", &LogitKlParams::dropout,
                  0.0, 0.9)
            .advanced()
            .threads(&LogitKlParams::threads)
            .seed(&LogitKlParams::seed,
                  "Random seed of the R-Drop toy; replicate r uses stream r of it.");
    return table;
}

namespace {

std::optional<std::string> checkLogitKl(const LogitKlParams &p) {
    if (p.s.size() != p.t.size())
        return "parameters 's' and 't': s has " + std::to_string(p.s.size()) +
               " logits and t has " + std::to_string(p.t.size()) +
               "; give both the same number of classes";
    return std::nullopt;
}

std::vector<double> probabilities(const std::vector<double> &x) {
    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = sigmoid(x[i]);
    return out;
}

std::vector<double> softmax(const std::vector<double> &x) {
    std::vector<double> out = logSoftmax(x);
    for (double &v : out)
        v = std::exp(v);
    return out;
}

} // namespace

LogitKlResult computeLogitKl(const LogitKlParams &params,
                             const RunControl<LogitKlSnapshot> &control) {
    LogitKlResult r;
    r.params = params;
    if (rejectInvalid(explorer(), params, r))
        return r;
    const auto cancelled = [&r, &control] {
        if (!control.stopRequested())
            return false;
        r.termination = Termination::Cancelled;
        r.message = "cancelled";
        return true;
    };
    if (cancelled())
        return r;
    const std::vector<double> &t = params.t;
    r.shiftedS = shifted(params.s, params.shift);
    r.perClassSigmoid = sigmoidTerms(r.shiftedS, t);
    r.perClassSoftmax = softmaxTerms(r.shiftedS, t);
    r.sigmoidKl = sum(r.perClassSigmoid);
    r.softmaxKl = sum(r.perClassSoftmax);
    r.sigmoidKlUnshifted = sum(sigmoidTerms(params.s, t));
    r.softmaxKlUnshifted = sum(softmaxTerms(params.s, t));
    r.probabilitiesS = probabilities(r.shiftedS);
    r.probabilitiesT = probabilities(t);
    r.softmaxS = softmax(r.shiftedS);
    r.softmaxT = softmax(t);

    for (int k = 0; k < kSweepPoints; ++k) {
        const double c = -kSliderLogit + 2 * kSliderLogit * k / (kSweepPoints - 1);
        const std::vector<double> s = shifted(params.s, c);
        r.sweep.c.push_back(c);
        r.sweep.sigmoid.push_back(sum(sigmoidTerms(s, t)));
        r.sweep.softmax.push_back(sum(softmaxTerms(s, t)));
    }

    const int n = params.contourPoints;
    r.contour.axis.resize(std::size_t(n));
    for (int i = 0; i < n; ++i)
        r.contour.axis[std::size_t(i)] =
            -params.contourRange + 2 * params.contourRange * i / (n - 1);
    r.contour.values.resize(std::size_t(n) * std::size_t(n));
    for (int j = 0; j < n; ++j) {
        if (cancelled())
            return r;
        for (int i = 0; i < n; ++i)
            r.contour.values[std::size_t(j) * std::size_t(n) + std::size_t(i)] =
                sigmoidTerm(r.contour.axis[std::size_t(i)], r.contour.axis[std::size_t(j)]);
    }
    if (params.rdropSteps > 0) {
        RDropCurves curves;
        if (!rdropCurves(
                params, [&control] { return control.stopRequested(); }, curves)) {
            r.termination = Termination::Cancelled;
            r.message = "cancelled during the R-Drop toy";
            return r;
        }
        r.rdrop = std::move(curves);
    }
    return r;
}

nlohmann::json toJson(const LogitKlResult &r) {
    nlohmann::json j;
    j["classes"] = r.params.s.size();
    j["shift"] = r.params.shift;
    j["sigmoid_kl"] = r.sigmoidKl;
    j["softmax_kl"] = r.softmaxKl;
    j["per_class_sigmoid"] = r.perClassSigmoid;
    j["per_class_softmax"] = r.perClassSoftmax;
    j["sigmoid_kl_unshifted"] = r.sigmoidKlUnshifted;
    j["softmax_kl_unshifted"] = r.softmaxKlUnshifted;
    j["sigmoid_s"] = r.probabilitiesS;
    j["sigmoid_t"] = r.probabilitiesT;
    j["softmax_s"] = r.softmaxS;
    j["softmax_t"] = r.softmaxT;
    j["shift_sweep"] = {
        {"c", r.sweep.c}, {"sigmoid", r.sweep.sigmoid}, {"softmax", r.sweep.softmax}};
    j["contour"] = {{"axis", r.contour.axis}, {"values", r.contour.values}};
    if (r.rdrop) {
        nlohmann::json f1 = nlohmann::json::object();
        for (std::size_t a = 0; a < r.rdrop->alphas.size(); ++a) {
            const auto &perSeed = r.rdrop->f1[a];
            std::vector<double> mean(perSeed.front().size(), 0.0);
            for (const auto &run : perSeed)
                for (std::size_t i = 0; i < run.size(); ++i)
                    mean[i] += run[i] / double(perSeed.size());
            f1[shortest(r.rdrop->alphas[a])] = {{"mean", mean}, {"per_seed", perSeed}};
        }
        j["rdrop"] = {{"alphas", r.rdrop->alphas},
                      {"steps", r.rdrop->steps},
                      {"f1", std::move(f1)},
                      {"final_f1", r.rdrop->finalF1}};
    }
    return j;
}

const LogitKlExplorer &explorer() {
    static const LogitKlExplorer definition{
        "logit-kl",
        "Symmetric KL for multi-label logits",
        "GlobalPointer's KL (post 9039): Σ(σ(sᵢ)−σ(tᵢ))(sᵢ−tᵢ), the symmetric Bernoulli KL per "
        "class, against the softmax form, which ignores a shift of every logit.",
        &paramTable,
        &checkLogitKl,
        &computeLogitKl,
        &toJson,
    };
    return definition;
}

} // namespace dimscope::logit_kl
