// SPDX-License-Identifier: MIT
// Atomic writes as users meet them (issue 13, defect 5): a symbolic link is written through, not
// replaced; a folder, FIFO or device is refused, never replaced by a regular file; temporary files
// are named so that a later write removes those a killed process left; a signal removes them at
// once; a full disk leaves the old file whole and says so.
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/atomic_file.h"
#include "io/temp_cleanup.h"

using namespace dimscope;
namespace fs = std::filesystem;

namespace {

class AtomicFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "dimscope-atomic-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override {
        if (m_mounted)
            ::umount2(m_dir.c_str(), MNT_DETACH);
        fs::remove_all(m_dir);
    }

    std::string path(const std::string &name) const { return m_dir + "/" + name; }
    static std::string read(const std::string &p) {
        std::ifstream in(p, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static void write(const std::string &p, const std::string &text) {
        std::ofstream(p, std::ios::binary) << text;
    }
    /// Names in the folder other than `keep`: temporary files left behind show here.
    std::vector<std::string> others(const std::vector<std::string> &keep) const {
        std::vector<std::string> found;
        for (const auto &entry : fs::directory_iterator(m_dir)) {
            const std::string name = entry.path().filename().string();
            if (std::find(keep.begin(), keep.end(), name) == keep.end())
                found.push_back(name);
        }
        return found;
    }
    /// A small tmpfs on the folder: a disk that fills up. Needs root; false where not allowed.
    bool mountSmallDisk() {
        m_mounted = ::mount("tmpfs", m_dir.c_str(), "tmpfs", 0, "size=64k") == 0;
        return m_mounted;
    }

    std::string m_dir;
    bool m_mounted = false;
};

/// A PID that no process has: a child that has exited and been reaped.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

} // namespace

TEST_F(AtomicFile, ASymbolicLinkIsWrittenThroughAndStays) {
    fs::create_directories(path("real"));
    write(path("real/out.json"), "old");
    fs::create_symlink("real/out.json", path("link.json")); // relative, resolved from its folder
    ASSERT_FALSE(writeFileAtomically(path("link.json"), "new"));
    EXPECT_TRUE(fs::is_symlink(path("link.json")));
    EXPECT_EQ(read(path("real/out.json")), "new");
    EXPECT_EQ(others({"real", "link.json"}), std::vector<std::string>{});
    EXPECT_EQ(fs::directory_iterator(path("real"))->path().filename(), "out.json");
    // A link to a file not there yet creates it; a chain of links is followed to its end.
    fs::create_symlink(path("real/later.json"), path("dangling.json"));
    fs::create_symlink("dangling.json", path("chain.json"));
    ASSERT_FALSE(writeFileAtomically(path("chain.json"), "made"));
    EXPECT_TRUE(fs::is_symlink(path("chain.json")));
    EXPECT_EQ(read(path("real/later.json")), "made");
    // A loop is refused.
    fs::create_symlink("loop2", path("loop1"));
    fs::create_symlink("loop1", path("loop2"));
    const auto loop = writeFileAtomically(path("loop1"), "x");
    ASSERT_TRUE(loop);
    EXPECT_NE(loop->find("a loop of symbolic links"), std::string::npos) << *loop;
}

TEST_F(AtomicFile, FoldersFifosAndDevicesAreRefusedNotReplaced) {
    fs::create_directories(path("folder"));
    auto error = writeFileAtomically(path("folder"), "x");
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("is a folder"), std::string::npos) << *error;
    ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
    error = writeFileAtomically(path("fifo"), "x");
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("is not a regular file (a FIFO)"), std::string::npos) << *error;
    struct stat info {};
    ASSERT_EQ(::lstat(path("fifo").c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "the FIFO was replaced by a regular file";
    // A device node, like /dev/full, as root (mknod needs it): refused, and still a device.
    if (::mknod(path("full").c_str(), S_IFCHR | 0666, ::makedev(1, 7)) == 0) {
        error = writeFileAtomically(path("full"), "x");
        ASSERT_TRUE(error);
        EXPECT_NE(error->find("(a character device)"), std::string::npos) << *error;
        ASSERT_EQ(::lstat(path("full").c_str(), &info), 0);
        EXPECT_TRUE(S_ISCHR(info.st_mode)) << "the device node was replaced by a regular file";
        // Through a link (as /dev/stdout is one) too.
        fs::create_symlink(path("full"), path("to-full"));
        EXPECT_TRUE(writeFileAtomically(path("to-full"), "x"));
        EXPECT_TRUE(fs::is_symlink(path("to-full")));
    }
    EXPECT_EQ(others({"folder", "fifo", "full", "to-full"}), std::vector<std::string>{});
}

TEST_F(AtomicFile, AReplacedFileKeepsItsPermissions) {
    write(path("private.json"), "old");
    ASSERT_EQ(::chmod(path("private.json").c_str(), 0640), 0);
    ASSERT_FALSE(writeFileAtomically(path("private.json"), "new"));
    struct stat info {};
    ASSERT_EQ(::stat(path("private.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST_F(AtomicFile, StaleTemporaryFilesOfAKilledRunAreRemovedByTheNextWrite) {
    const pid_t dead = deadPid();
    const std::string stale = "out.json.dimscope-tmp." + std::to_string(dead) + ".0badc0de";
    const std::string fresh = "out.json.dimscope-tmp." + std::to_string(dead) + ".00c0ffee";
    const std::string alive = "out.json.dimscope-tmp." + std::to_string(::getppid()) + ".12345678";
    const std::string foreign = "out.json.tmp-" + std::to_string(dead) + "-123"; // not ours
    for (const auto &name : {stale, fresh, alive, foreign})
        write(path(name), "partial");
    // Over a minute old: only then is a file of a gone process stale (spares a writer elsewhere on
    // a shared folder).
    const auto old = fs::file_time_type::clock::now() - std::chrono::minutes(5);
    for (const auto &name : {stale, alive, foreign})
        fs::last_write_time(path(name), old);
    ASSERT_FALSE(writeFileAtomically(path("out.json"), "done"));
    EXPECT_FALSE(fs::exists(path(stale))) << "a stale temporary file of a dead process stays";
    EXPECT_TRUE(fs::exists(path(fresh)));
    EXPECT_TRUE(fs::exists(path(alive)));
    EXPECT_TRUE(fs::exists(path(foreign)));
}

TEST_F(AtomicFile, ASignalRemovesTheTemporaryFilesOfWritesUnderWay) {
    const std::string temp = path("out.json.dimscope-tmp.1.abcdef01");
    const pid_t child = ::fork();
    if (child == 0) {
        removeTempFilesOnSignals();
        write(temp, "half-written");
        registerTempFile(temp.c_str());
        ::kill(::getpid(), SIGTERM);
        ::_exit(3); // not reached: the signal ends the process
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << "status " << status;
    EXPECT_FALSE(fs::exists(temp)) << "the temporary file outlived the signal";
}

TEST_F(AtomicFile, AFullDiskKeepsTheOldFileAndSaysNoSpaceLeft) {
    if (!mountSmallDisk())
        GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
    write(path("figure.json"), "the old, good file");
    {
        std::ofstream filler(path("filler"), std::ios::binary);
        const std::string block(4096, 'f');
        for (int i = 0; i < 64 && filler; ++i)
            filler << block; // until the disk is full
    }
    for (const std::size_t size : {std::size_t(10), std::size_t(100000)}) { // below, above a buffer
        const auto error = writeFileAtomically(path("figure.json"), std::string(size, 'n'));
        ASSERT_TRUE(error) << "a write to a full disk reported success";
        EXPECT_NE(error->find("No space left on device"), std::string::npos) << *error;
        EXPECT_EQ(read(path("figure.json")), "the old, good file");
        EXPECT_EQ(others({"figure.json", "filler"}), std::vector<std::string>{});
    }
}
