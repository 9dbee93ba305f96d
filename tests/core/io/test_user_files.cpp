// SPDX-License-Identifier: MIT
// Every reader of the user's files (points .npy/CSV/TSV, neighbour lists, model.json and its
// weights, inputs, certificates, parameter files, training logs) refuses what is not a regular
// file before reading it: a FIFO no longer blocks in open() for ever (issue 13, defect 7), a folder
// no longer reads as "the file is empty", a device is never read without end.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/random/mersenne_twister.hpp>

#include "hubness/hubness.h"
#include "inequality/inequality.h"
#include "io/npy.h"
#include "io/param_file.h"
#include "nets/model_folder.h"
#include "training_log/log_text.h"

using namespace dimscope;
namespace fs = std::filesystem;

namespace {

class UserFiles : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "dimscope-user-files-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string path(const std::string &name) const { return (fs::path(m_dir) / name).string(); }
    std::string fifo(const std::string &name) const {
        const std::string p = path(name);
        EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0);
        return p;
    }
    /// A model folder whose files are all fine.
    std::string model() const {
        const std::string folder = path("model");
        boost::random::mt19937_64 engine(1);
        mlp::InitSpec spec;
        spec.widths = {3, 4, 1};
        mlp::saveModelFolder(mlp::randomNetwork(spec, engine), folder);
        return folder;
    }

    std::string m_dir;
};

/// What `read` throws (or returns) for a FIFO with no writer, and how long it took. A reader that
/// blocks in open() would wait for ever: a helper plays the writer after 3 s (opening the FIFO and
/// closing it at once, an empty stream), so such a reader fails the test instead of hanging it.
struct Outcome {
    std::string message;
    double seconds = 0;
};

Outcome readFifo(const std::string &fifo, const std::function<std::string()> &read) {
    std::atomic<bool> done{false};
    std::thread writer([&] {
        const auto start = std::chrono::steady_clock::now();
        while (!done && std::chrono::steady_clock::now() - start < std::chrono::seconds(3))
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        while (!done) { // succeeds only while a reader holds the FIFO open
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    const auto start = std::chrono::steady_clock::now();
    Outcome out;
    try {
        out.message = read();
    } catch (const std::exception &e) {
        out.message = e.what();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done = true;
    writer.join();
    return out;
}

void expectRefusedFifo(const Outcome &o, const std::string &fifo) {
    EXPECT_LT(o.seconds, 2.0) << "the reader waited for a writer: " << o.message;
    EXPECT_NE(o.message.find(fifo), std::string::npos) << o.message;
    EXPECT_NE(o.message.find("is not a regular file (a FIFO)"), std::string::npos) << o.message;
}

std::string messageOf(const std::function<void()> &read) {
    try {
        read();
    } catch (const std::exception &e) {
        return e.what();
    }
    return "(read without error)";
}

} // namespace

TEST_F(UserFiles, PointAndNeighbourFilesRefuseAFifo) {
    for (const char *name : {"points.npy", "points.csv", "points.tsv"}) {
        const std::string p = fifo(name);
        expectRefusedFifo(
            readFifo(p, [&] { return std::to_string(hubness::loadPoints(p).size()); }), p);
    }
    const std::string neighbours = fifo("neighbours.npy");
    expectRefusedFifo(
        readFifo(neighbours, [&] { return std::to_string(hubness::loadNeighbors(neighbours).n); }),
        neighbours);
    const std::string npy = fifo("any.npy");
    expectRefusedFifo(readFifo(npy, [&] { return std::to_string(readNpy(npy).rows); }), npy);
}

TEST_F(UserFiles, ModelFoldersRefuseAFifoAnywhere) {
    for (const char *name : {"model.json", "W1.npy", "b2.npy"}) {
        const std::string folder = model();
        const std::string p = (fs::path(folder) / name).string();
        fs::remove(p);
        ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
        expectRefusedFifo(
            readFifo(p, [&] { return std::to_string(mlp::loadModelFolder(folder).depth()); }), p);
        fs::remove_all(folder);
    }
    const std::string inputs = fifo("inputs.npy");
    expectRefusedFifo(
        readFifo(inputs, [&] { return std::to_string(mlp::loadInputs(inputs).size()); }), inputs);
}

TEST_F(UserFiles, CertificatesParameterFilesAndLogsRefuseAFifo) {
    const std::string certificate = fifo("certificate.json");
    expectRefusedFifo(readFifo(certificate,
                               [&] {
                                   inequality::loadCertificate(certificate);
                                   return std::string("read");
                               }),
                      certificate);
    const std::string params = fifo("params.json");
    const Outcome o = readFifo(params, [&] {
        ParamFile file;
        return readParamFile(params, file).value_or("read");
    });
    EXPECT_LT(o.seconds, 2.0);
    EXPECT_NE(o.message.find("is not a regular file"), std::string::npos) << o.message;
    const std::string log = fifo("metrics.csv");
    expectRefusedFifo(readFifo(log, [&] { return training_log::readLogText(log); }), log);
}

TEST_F(UserFiles, AFolderIsRefusedAsAFolder) {
    // A folder given as CSV input used to read as "the file is empty".
    for (const char *name : {"points.csv", "points.npy", "neighbours.npy"}) {
        fs::create_directories(path(name));
        const std::string message = messageOf([&] {
            if (std::string(name) == "neighbours.npy")
                hubness::loadNeighbors(path(name));
            else
                hubness::loadPoints(path(name));
        });
        EXPECT_NE(message.find(path(name) + ": is a folder"), std::string::npos) << message;
    }
    const std::string folder = model();
    fs::remove(fs::path(folder) / "W1.npy");
    fs::create_directories(fs::path(folder) / "W1.npy");
    const std::string message = messageOf([&] { mlp::loadModelFolder(folder); });
    EXPECT_NE(message.find("W1.npy: is a folder"), std::string::npos) << message;
    fs::create_directories(path("certificate.json"));
    EXPECT_NE(messageOf([&] {
                  inequality::loadCertificate(path("certificate.json"));
              }).find("is a folder"),
              std::string::npos);
}

TEST_F(UserFiles, DevicesAreRefusedBeforeAnyByteIsRead) {
    // /dev/zero never ends: a reader that reads it runs out of memory. /dev/null reads as empty.
    for (const char *device : {"/dev/zero", "/dev/null"}) {
        const std::string name = device;
        std::string message = messageOf([&] { readNpy(name); });
        EXPECT_NE(message.find("is not a regular file (a character device)"), std::string::npos)
            << message;
        const std::string csv = path("device.csv");
        fs::remove(csv);
        fs::create_symlink(name, csv); // the extension chooses the reader
        message = messageOf([&] { hubness::loadPoints(csv); });
        EXPECT_NE(message.find("is not a regular file (a character device)"), std::string::npos)
            << message;
        message = messageOf([&] { inequality::loadCertificate(name); });
        EXPECT_NE(message.find("is not a regular file (a character device)"), std::string::npos)
            << message;
        const std::string folder = model();
        fs::remove(fs::path(folder) / "model.json");
        fs::create_symlink(name, fs::path(folder) / "model.json");
        message = messageOf([&] { mlp::loadModelFolder(folder); });
        EXPECT_NE(message.find("is not a regular file (a character device)"), std::string::npos)
            << message;
        fs::remove_all(folder);
    }
}
