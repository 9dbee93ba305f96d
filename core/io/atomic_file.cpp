// SPDX-License-Identifier: MIT
#include "io/atomic_file.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/temp_cleanup.h"

namespace dimscope {

namespace {

constexpr const char *kTempTag = ".dimscope-tmp.";
constexpr const char *kBackupTag = ".dimscope-old.";
/// A temporary file older than this whose process is gone is stale: no write takes a minute, and
/// the age spares the files of a process on another machine sharing the folder.
constexpr std::time_t kStaleSeconds = 60;

std::string folderOf(const std::string &path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string nameOf(const std::string &path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string kindOf(mode_t mode) {
    if (S_ISDIR(mode))
        return "is a folder";
    if (S_ISFIFO(mode))
        return "is not a regular file (a FIFO)";
    if (S_ISSOCK(mode))
        return "is not a regular file (a socket)";
    if (S_ISCHR(mode))
        return "is not a regular file (a character device)";
    if (S_ISBLK(mode))
        return "is not a regular file (a block device)";
    return "is not a regular file";
}

std::string randomHex() {
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(std::random_device{}()));
    return text;
}

/// FILE.dimscope-tmp.PID.XXXXXXXX (or -old.) beside `target`.
std::string sideName(const std::string &target, const char *tag) {
    return target + tag + std::to_string(::getpid()) + "." + randomHex();
}

/// Removes the temporary files and backups of earlier writes of `target` whose process is gone.
void removeStaleSideFiles(const std::string &target) {
    const std::string folder = folderOf(target), name = nameOf(target);
    DIR *dir = ::opendir(folder.c_str());
    if (!dir)
        return;
    const std::time_t now = std::time(nullptr);
    while (const dirent *entry = ::readdir(dir)) {
        const std::string file = entry->d_name;
        std::size_t at = std::string::npos;
        for (const char *tag : {kTempTag, kBackupTag})
            if (file.compare(0, name.size(), name) == 0 &&
                file.compare(name.size(), std::strlen(tag), tag) == 0)
                at = name.size() + std::strlen(tag);
        if (at == std::string::npos)
            continue;
        // PID.XXXXXXXX: digits, a dot, eight hexadecimal digits, nothing else.
        const std::size_t dot = file.find('.', at);
        if (dot == std::string::npos || dot == at || file.size() != dot + 9 ||
            file.find_first_not_of("0123456789", at) != dot ||
            file.find_first_not_of("0123456789abcdef", dot + 1) != std::string::npos)
            continue;
        const long pid = std::strtol(file.c_str() + at, nullptr, 10);
        const std::string path = folder + "/" + file;
        struct stat info {};
        if (pid <= 0 || pid == ::getpid() || ::lstat(path.c_str(), &info) != 0 ||
            !S_ISREG(info.st_mode) || now - info.st_mtime < kStaleSeconds)
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            ::unlink(path.c_str());
    }
    ::closedir(dir);
}

/// A temporary file that is removed unless it was renamed into place.
struct Prepared {
    std::string path;   ///< as the caller gave it, for messages
    std::string target; ///< the file replaced (links followed)
    std::string temp;
    std::string backup; ///< a hard link to the old file while the set is committed
    bool existed = false;
    int tempSlot = -1, backupSlot = -1;

    Prepared() = default;
    Prepared(const Prepared &) = delete;
    Prepared &operator=(const Prepared &) = delete;
    ~Prepared() {
        if (!temp.empty())
            ::unlink(temp.c_str());
        if (!backup.empty())
            ::unlink(backup.c_str());
        unregisterTempFile(tempSlot);
        unregisterTempFile(backupSlot);
    }
};

/// Writes `contents` to a new temporary file beside the target and syncs it; on failure returns the
/// system's reason.
std::optional<std::string> writeTemp(Prepared &p, const std::string &contents,
                                     const struct stat *old) {
    removeStaleSideFiles(p.target);
    const std::string temp = sideName(p.target, kTempTag);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return std::string(std::strerror(errno));
    p.temp = temp;
    p.tempSlot = registerTempFile(temp.c_str());
    if (old) { // a replaced file keeps its permissions (and, for root, its owner)
        (void)::fchmod(fd, old->st_mode & 07777);
        if (::geteuid() == 0)
            (void)::fchown(fd, old->st_uid, old->st_gid);
    }
    std::size_t done = 0;
    while (done < contents.size()) {
        const ssize_t wrote = ::write(fd, contents.data() + done, contents.size() - done);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote < 0) {
            const int error = errno;
            ::close(fd);
            return std::string(std::strerror(error));
        }
        done += static_cast<std::size_t>(wrote);
    }
    if (::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        return std::string(std::strerror(error));
    }
    if (::close(fd) != 0)
        return std::string(std::strerror(errno));
    return std::nullopt;
}

void syncFolder(const std::string &file) {
    const int fd = ::open(folderOf(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd); // the renames reach the disk too; some file systems refuse: harmless
        ::close(fd);
    }
}

} // namespace

std::string WriteError::message() const { return "cannot write '" + path + "': " + reason; }

std::optional<std::string> writeTarget(const std::string &path) {
    std::string current = path;
    for (int hop = 0; hop < 40; ++hop) {
        struct stat info {};
        if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode))
            return current;
        char link[PATH_MAX];
        const ssize_t size = ::readlink(current.c_str(), link, sizeof link - 1);
        if (size < 0)
            return current;
        const std::string next(link, static_cast<std::size_t>(size));
        current = next.front() == '/' ? next : folderOf(current) + "/" + next;
    }
    return std::nullopt;
}

bool sameWriteTarget(const std::string &a, const std::string &b) {
    const auto ta = writeTarget(a), tb = writeTarget(b);
    if (!ta || !tb)
        return false;
    struct stat sa {
    }, sb{};
    if (::stat(ta->c_str(), &sa) == 0 && ::stat(tb->c_str(), &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    // Not both there yet: the same name in the same folder.
    const auto canonicalFolder = [](const std::string &path) {
        char real[PATH_MAX];
        return ::realpath(folderOf(path).c_str(), real) ? std::string(real) : folderOf(path);
    };
    return nameOf(*ta) == nameOf(*tb) && canonicalFolder(*ta) == canonicalFolder(*tb);
}

std::optional<std::string> unwritableTarget(const std::string &path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
        return kindOf(info.st_mode) +
               "; dimscope writes only regular files, and does not replace this";
    if (!writeTarget(path))
        return std::string("a loop of symbolic links");
    return std::nullopt;
}

std::optional<WriteError> writeFilesAtomically(const std::vector<FileToWrite> &files) {
    for (std::size_t i = 0; i < files.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sameWriteTarget(files[i].path, files[j].path))
                return WriteError{files[i].path, "is the same file as '" + files[j].path +
                                                     "'; give each output a name of its own"};
    std::vector<Prepared> prepared(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        Prepared &p = prepared[i];
        p.path = files[i].path;
        if (auto reason = unwritableTarget(p.path))
            return WriteError{p.path, *reason};
        struct stat old {};
        p.existed = ::stat(p.path.c_str(), &old) == 0;
        p.target = *writeTarget(p.path);
        if (auto reason = writeTemp(p, files[i].contents, p.existed ? &old : nullptr))
            return WriteError{p.path, *reason};
    }
    // Every file is complete on disk: replace the targets. Backups make the set all or nothing
    // should a rename fail half-way.
    const bool several = prepared.size() > 1;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        Prepared &p = prepared[i];
        if (several && p.existed) {
            const std::string backup = sideName(p.target, kBackupTag);
            if (::link(p.target.c_str(), backup.c_str()) == 0) {
                p.backup = backup;
                p.backupSlot = registerTempFile(backup.c_str());
            }
        }
        if (::rename(p.temp.c_str(), p.target.c_str()) == 0) {
            unregisterTempFile(p.tempSlot);
            p.tempSlot = -1;
            p.temp.clear();
            continue;
        }
        const WriteError error{p.path, std::strerror(errno)};
        for (std::size_t j = 0; j < i; ++j) { // put back what was replaced
            Prepared &q = prepared[j];
            if (!q.backup.empty() && ::rename(q.backup.c_str(), q.target.c_str()) == 0)
                q.backup.clear();
            else if (!q.existed)
                ::unlink(q.target.c_str());
        }
        return error;
    }
    for (const Prepared &p : prepared)
        syncFolder(p.target);
    return std::nullopt; // ~Prepared removes the backups
}

std::optional<std::string> writeFileAtomically(const std::string &path,
                                               const std::string &contents) {
    if (const auto error = writeFilesAtomically({{path, contents}}))
        return error->message();
    return std::nullopt;
}

} // namespace dimscope
