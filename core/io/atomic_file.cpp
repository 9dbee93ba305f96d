// SPDX-License-Identifier: MIT
#include "io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include <sys/stat.h>
#include <unistd.h>

namespace dimscope {

std::optional<std::string> writeFileAtomically(const std::string &path,
                                               const std::string &contents) {
    const std::string temp =
        path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
    std::FILE *f = std::fopen(temp.c_str(), "wb");
    if (!f)
        return "cannot write '" + path + "': " + std::strerror(errno);
    struct stat old {};
    if (::stat(path.c_str(), &old) == 0)
        (void)::fchmod(::fileno(f), old.st_mode & 07777); // replacing a file keeps its permissions
    const bool written = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
    const int writeErrno = errno;
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const bool closed = std::fclose(f) == 0;
    if (!written || !flushed || !closed) {
        std::remove(temp.c_str());
        return "cannot write '" + path + "': " + std::strerror(written ? errno : writeErrno);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        std::remove(temp.c_str());
        return "cannot replace '" + path + "': " + std::strerror(e);
    }
    return std::nullopt;
}

std::optional<std::string> readWholeFile(const std::string &path, std::string &contents) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "cannot open '" + path + "': " + std::strerror(errno);
    contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad())
        return "cannot read '" + path + "'";
    return std::nullopt;
}

} // namespace dimscope
