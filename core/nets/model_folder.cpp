// SPDX-License-Identifier: MIT
#include "nets/model_folder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/user_file.h"

namespace dimscope::mlp {

namespace {

namespace fs = std::filesystem;

constexpr const char *kFormat = "dimscope-mlp/1";
constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(1) << 31; // 2 GiB per array
/// model.json names files and activations: a few kilobytes for the deepest real net.
constexpr std::uint64_t kMaxManifestBytes = std::uint64_t(16) << 20;

[[noreturn]] void fail(const std::string &path, const std::string &what) {
    throw DataFileError(path + ": " + what);
}

/// A library's message cut to a line: nlohmann quotes the token it stopped at, which can be long.
std::string shortened(const std::string &message) {
    return message.size() <= 160 ? message : message.substr(0, 157) + "...";
}

std::string shapeText(const NpyArray &a) {
    return "(" + std::to_string(a.rows) + ", " + std::to_string(a.cols) + ")";
}

/// Reads a float .npy file; integer dtypes are refused (weights must be float32 or float64).
/// `expected` says what the array should be when it has the wrong number of dimensions. The bytes
/// read are recorded in `read` when given.
NpyArray readFloatArray(const std::string &path, const std::string &expected,
                        std::vector<FileRead> *read, bool allowVector = false) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(path, "the file does not exist");
    FileRead record;
    NpyArray a = readNpy(path, kMaxArrayBytes, allowVector, expected,
                         &record); // refuses NaN/Inf with row and column
    if (a.isInteger())
        fail(path,
             std::string("the dtype is ") + npyTypeName(a.type) + "; expected float32 or float64");
    if (read)
        read->push_back(record);
    return a;
}

/// The file that model.json's `key` names for a layer, as a path to open. Only files inside the
/// folder are read: a relative name ("W1.npy", "weights/W1.npy") without "..", which still lies
/// inside the folder once symbolic links are resolved. Absolute paths, ".." and links that lead
/// out are refused: a model folder copied or shared is then the whole model, and its digest in a
/// figure's provenance covers everything the figure used.
std::string fileInFolder(const fs::path &dir, const std::string &name, const std::string &where,
                         const char *key) {
    const std::string quoted = std::string("\"") + key + "\": " + excerpt(name);
    const std::string rule = "; expected a file inside the model folder, named relative to it "
                             "(e.g. \"W1.npy\" or \"weights/W1.npy\")";
    const fs::path relative(name);
    if (name.empty())
        fail(where, quoted + " is empty" + rule);
    if (relative.has_root_path())
        fail(where, quoted + " is an absolute path" + rule);
    for (const fs::path &part : relative)
        if (part == "..")
            fail(where, quoted + " climbs out of the folder with '..'" + rule);
    const fs::path path = dir / relative;
    std::error_code ec;
    const fs::path real = fs::canonical(path, ec);
    if (ec)
        return path.string(); // missing: readFloatArray says so, naming the file
    const fs::path realDir = fs::canonical(dir, ec);
    const auto [inDir, inReal] =
        std::mismatch(realDir.begin(), realDir.end(), real.begin(), real.end());
    if (ec || inDir != realDir.end())
        fail(where, quoted + " leads through a symbolic link to " + excerpt(real.string()) +
                        ", outside the folder" + rule);
    return path.string();
}

std::string stringField(const nlohmann::json &layer, const char *key, const std::string &where) {
    if (!layer.contains(key) || !layer[key].is_string())
        fail(where, std::string("expected a string \"") + key + "\"");
    return layer[key].get<std::string>();
}

} // namespace

Network loadModelFolder(const std::string &folder, std::vector<FileRead> *read) {
    const fs::path dir(folder);
    const std::string jsonPath = (dir / "model.json").string();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        fail(folder, "not a folder; expected a folder holding model.json");
    if (!fs::exists(jsonPath, ec))
        fail(jsonPath, "the file does not exist; expected the model's description");
    FileRead manifest;
    const std::string text = readUserFile(jsonPath, kMaxManifestBytes, "a model.json file",
                                          "model.json files", &manifest);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::out_of_range &) {
        // nlohmann's own words name neither the file nor the rule ("number overflow parsing").
        fail(jsonPath, "not valid JSON for dimscope: a number beyond the range of a double (such "
                       "as 1e400); expected finite numbers");
    } catch (const nlohmann::json::exception &e) {
        fail(jsonPath, "not valid JSON (" + shortened(e.what()) + ")");
    }
    if (read)
        read->push_back(manifest);
    if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormat)
        fail(jsonPath, std::string("expected \"format\": \"") + kFormat + "\"");
    if (!doc.contains("layers") || !doc["layers"].is_array() || doc["layers"].empty())
        fail(jsonPath, "expected a non-empty array \"layers\"");

    Network net;
    const auto &layers = doc["layers"];
    for (std::size_t k = 0; k < layers.size(); ++k) {
        const std::string where = jsonPath + ": layer " + std::to_string(k + 1);
        const auto &spec = layers[k];
        if (!spec.is_object())
            fail(where, "expected an object with \"weight\", \"bias\" and \"activation\"");
        const std::string activationName = stringField(spec, "activation", where);
        const auto activation = enumFrom<Activation>(activationName);
        if (!activation) {
            std::string names;
            for (const auto &n : enumNames<Activation>())
                names += (names.empty() ? "" : ", ") + n;
            const std::string shown = activationName.size() <= 40 ? "\"" + activationName + "\""
                                                                  : excerpt(activationName);
            fail(where, "unknown activation " + shown + "; expected one of " + names);
        }
        Layer layer;
        layer.activation = *activation;
        if (spec.contains("residual")) {
            if (!spec["residual"].is_boolean())
                fail(where, "\"residual\" must be true or false");
            layer.residual = spec["residual"].get<bool>();
        }
        if (spec.contains("branch_scale")) {
            if (!spec["branch_scale"].is_number() ||
                !std::isfinite(spec["branch_scale"].get<double>()))
                fail(where, "\"branch_scale\" must be a finite number");
            layer.branchScale = spec["branch_scale"].get<double>();
        }
        const std::string weightPath =
            fileInFolder(dir, stringField(spec, "weight", where), where, "weight");
        const NpyArray w = readFloatArray(weightPath,
                                          "the weight of layer " + std::to_string(k + 1) +
                                              " to be a 2-D array shaped (out, in), as PyTorch's "
                                              "nn.Linear stores it",
                                          read);
        layer.weight.resize(w.rows, w.cols);
        for (std::int64_t r = 0; r < w.rows; ++r)
            for (std::int64_t c = 0; c < w.cols; ++c)
                layer.weight(r, c) = w.real[std::size_t(r * w.cols + c)];
        if (k > 0 && w.cols != net.layers.back().outputDim())
            fail(weightPath, "the weight of layer " + std::to_string(k + 1) + " has shape " +
                                 shapeText(w) + " (out, in), but layer " + std::to_string(k) +
                                 " has " + std::to_string(net.layers.back().outputDim()) +
                                 " outputs; expected " +
                                 std::to_string(net.layers.back().outputDim()) + " columns");
        if (layer.residual && w.rows != w.cols)
            fail(weightPath, "layer " + std::to_string(k + 1) +
                                 " is residual but its weight has shape " + shapeText(w) +
                                 "; expected a square matrix");
        const std::string biasPath =
            fileInFolder(dir, stringField(spec, "bias", where), where, "bias");
        const std::string out = std::to_string(w.rows);
        const std::string biasShapes =
            "(" + out + ",) as PyTorch's nn.Linear stores it, (" + out + ", 1) or (1, " + out + ")";
        const NpyArray b = readFloatArray(
            biasPath, "the bias of layer " + std::to_string(k + 1) + " to be shaped " + biasShapes,
            read, true); // (out,) as PyTorch saves it
        if (std::min(b.rows, b.cols) != 1 || b.rows * b.cols != w.rows)
            fail(biasPath,
                 "the bias of layer " + std::to_string(k + 1) + " has " +
                     (std::min(b.rows, b.cols) == 1 ? std::to_string(b.rows * b.cols) + " values"
                                                    : "shape " + shapeText(b)) +
                     "; expected " + out + " values to match the weight's " + out +
                     " rows, shaped " + biasShapes);
        layer.bias = Eigen::Map<const Eigen::VectorXd>(b.real.data(), Eigen::Index(b.real.size()));
        net.layers.push_back(std::move(layer));
    }
    if (const auto problem = net.check())
        fail(jsonPath, *problem);
    return net;
}

Eigen::MatrixXd loadInputs(const std::string &path, int inputDim, FileRead *read) {
    std::vector<FileRead> records;
    const NpyArray a =
        readFloatArray(path, "the inputs to be a 2-D array N × d, one input per row", &records);
    if (read)
        *read = records.front();
    if (inputDim > 0 && a.cols != inputDim)
        fail(path, "the inputs have shape " + shapeText(a) + " but the model takes " +
                       std::to_string(inputDim) + " values per input; expected an N × " +
                       std::to_string(inputDim) + " array");
    // Row-major N × d is column-major d × N: one input per column, as the engine wants.
    return Eigen::Map<const Eigen::MatrixXd>(a.real.data(), Eigen::Index(a.cols),
                                             Eigen::Index(a.rows));
}

void saveModelFolder(const Network &net, const std::string &folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        fail(folder, "cannot create the folder (" + ec.message() + ")");
    nlohmann::json doc = {{"format", kFormat}, {"layers", nlohmann::json::array()}};
    for (std::size_t k = 0; k < net.layers.size(); ++k) {
        const Layer &layer = net.layers[k];
        const std::string w = "W" + std::to_string(k + 1) + ".npy",
                          b = "b" + std::to_string(k + 1) + ".npy";
        NpyArray wa;
        wa.rows = layer.weight.rows();
        wa.cols = layer.weight.cols();
        for (Eigen::Index r = 0; r < layer.weight.rows(); ++r)
            for (Eigen::Index c = 0; c < layer.weight.cols(); ++c)
                wa.real.push_back(layer.weight(r, c));
        writeNpy((fs::path(folder) / w).string(), wa);
        NpyArray ba;
        ba.rows = layer.bias.size();
        ba.cols = 1;
        ba.real.assign(layer.bias.data(), layer.bias.data() + layer.bias.size());
        writeNpy((fs::path(folder) / b).string(), ba);
        nlohmann::json entry = {
            {"weight", w}, {"bias", b}, {"activation", nameOf(layer.activation)}};
        if (layer.residual)
            entry["residual"] = true, entry["branch_scale"] = layer.branchScale;
        doc["layers"].push_back(entry);
    }
    if (const auto error =
            writeFileAtomically((fs::path(folder) / "model.json").string(), doc.dump(2) + "\n"))
        throw DataFileError(*error);
}

} // namespace dimscope::mlp
