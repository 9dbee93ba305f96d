// SPDX-License-Identifier: MIT
#include "io/user_file.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dimscope {

namespace {

std::string kindOf(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return "not a file";
}

} // namespace

UserFile::UserFile(const std::string &path, const std::string &expected) : m_path(path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    m_fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (m_fd < 0)
        throw DataFileError(path + ": cannot open the file: " + std::strerror(errno));
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) {
        const int error = errno;
        ::close(m_fd);
        throw DataFileError(path + ": cannot read the file: " + std::strerror(error));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(m_fd);
        if (S_ISDIR(info.st_mode))
            throw DataFileError(path + ": is a folder; expected " + expected);
        throw DataFileError(path + ": is not a regular file (" + kindOf(info.st_mode) +
                            "); expected " + expected);
    }
    m_size = static_cast<std::uint64_t>(info.st_size);
}

UserFile::~UserFile() {
    if (m_fd >= 0)
        ::close(m_fd);
}

void UserFile::read(void *buffer, std::size_t count) {
    auto *out = static_cast<char *>(buffer);
    std::size_t done = 0;
    while (done < count) {
        const ssize_t got = ::read(m_fd, out + done, count - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw DataFileError(m_path + ": byte " + std::to_string(m_offset + done) +
                                ": cannot read the file: " + std::strerror(errno));
        if (got == 0)
            throw DataFileError(m_path + ": byte " + std::to_string(m_offset + done) +
                                ": the file ended early (did it change while being read?)");
        done += static_cast<std::size_t>(got);
    }
    m_hash.update(out, count);
    m_offset += count;
}

FileRead UserFile::record(const std::string &param) {
    FileRead r;
    r.param = param;
    r.path = m_path;
    r.bytes = m_offset;
    r.sha256 = m_hash.hex();
    return r;
}

MappedUserFile::MappedUserFile(const std::string &path, const std::string &expected)
    : m_file(path, expected) {
    if (m_file.size() == 0)
        return; // nothing to map; readers refuse an empty file with their own words
    if (m_file.size() > std::numeric_limits<std::size_t>::max())
        throw DataFileError(path + ": holds " + sizeText(m_file.size()) +
                            ", more than this system can map");
    void *map = ::mmap(nullptr, static_cast<std::size_t>(m_file.size()), PROT_READ, MAP_SHARED,
                       m_file.descriptor(), 0);
    if (map == MAP_FAILED)
        throw DataFileError(path + ": cannot map the file: " + std::strerror(errno));
    m_data = static_cast<const unsigned char *>(map);
    ::madvise(map, static_cast<std::size_t>(m_file.size()), MADV_SEQUENTIAL);
}

MappedUserFile::~MappedUserFile() {
    if (m_data)
        ::munmap(const_cast<unsigned char *>(m_data), static_cast<std::size_t>(m_file.size()));
}

void MappedUserFile::read(void *buffer, std::size_t count) {
    if (count > m_file.size() - m_offset)
        throw DataFileError(path() + ": byte " + std::to_string(m_file.size()) +
                            ": the file ended early (did it change while being read?)");
    struct stat info {};
    if (::fstat(m_file.descriptor(), &info) != 0 ||
        static_cast<std::uint64_t>(info.st_size) < m_file.size())
        throw DataFileError(path() + ": byte " + std::to_string(m_offset) +
                            ": the file shrank while being read; expected " +
                            std::to_string(m_file.size()) + " bytes");
    if (count == 0)
        return;
    std::memcpy(buffer, m_data + m_offset, count);
    m_hash.update(buffer, count);
    m_offset += count;
    // Release the whole pages behind the reader: this process's mapping and the page cache's copy.
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t upTo = m_offset / page * page;
    if (upTo > m_released) {
        auto *from = const_cast<unsigned char *>(m_data) + m_released;
        ::madvise(from, static_cast<std::size_t>(upTo - m_released), MADV_DONTNEED);
        ::posix_fadvise(m_file.descriptor(), static_cast<off_t>(m_released),
                        static_cast<off_t>(upTo - m_released), POSIX_FADV_DONTNEED);
        m_released = upTo;
    }
}

FileRead MappedUserFile::record(const std::string &param) {
    FileRead r;
    r.param = param;
    r.path = path();
    r.bytes = m_offset;
    r.sha256 = m_hash.hex();
    return r;
}

std::string readUserFile(const std::string &path, std::uint64_t maxBytes,
                         const std::string &expected, const std::string &plural, FileRead *read) {
    UserFile file(path, expected);
    if (file.size() > maxBytes)
        throw DataFileError(path + ": holds " + sizeText(file.size()) + "; " + plural +
                            " are read up to " + sizeText(maxBytes));
    std::string text(static_cast<std::size_t>(file.size()), '\0');
    file.read(text.data(), text.size());
    if (read)
        *read = file.record();
    return text;
}

CellNumber parseNumber(std::string_view cell, double &value) {
    if (cell.empty())
        return CellNumber::Empty;
    // A leading '+' is a sign Python and C never print but people type; from_chars refuses it.
    if (cell.size() > 1 && cell[0] == '+' && ((cell[1] >= '0' && cell[1] <= '9') || cell[1] == '.'))
        cell.remove_prefix(1);
    const char *first = cell.data(), *last = cell.data() + cell.size();
    const auto [end, error] = std::from_chars(first, last, value, std::chars_format::general);
    if (end != last || error == std::errc::invalid_argument)
        return CellNumber::NotNumber; // "0x10" stops at the x, "1,5" at the comma
    if (error == std::errc::result_out_of_range) {
        // Beyond a double's range: an overflow is refused, an underflow is the nearest double.
        const std::string copy(cell);
        value = std::strtod(copy.c_str(), nullptr);
        return std::isfinite(value) ? CellNumber::Number : CellNumber::NotFinite;
    }
    return std::isfinite(value) ? CellNumber::Number : CellNumber::NotFinite;
}

} // namespace dimscope
