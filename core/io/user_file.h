// SPDX-License-Identifier: MIT
#pragma once
// Reading the files users name (points, neighbour lists, model folders, inputs, certificates,
// parameter files, training logs): one way in for all of them, so that none blocks on a FIFO,
// reads a folder or a device, reads without a bound, or echoes more than a short excerpt of what
// it found. Every reader hashes the bytes as it reads them (SHA-256), so a figure's provenance
// names the bytes the run used.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/excerpt.h"     // excerpt, sizeText: for every reader's messages
#include "common/run_control.h" // FileRead
#include "io/npy.h"             // DataFileError
#include "io/sha256.h"

namespace dimscope {

/// A user's file open for reading, front to back. Opened with O_NONBLOCK, so that a FIFO without a
/// writer cannot block, then refused unless fstat says it is a regular file: a folder, FIFO,
/// socket or device throws DataFileError naming the file, what it is and `expected` ("a .npy
/// file"). Closes the file on every way out.
class UserFile {
public:
    UserFile(const std::string &path, const std::string &expected);
    ~UserFile();
    UserFile(const UserFile &) = delete;
    UserFile &operator=(const UserFile &) = delete;

    const std::string &path() const { return m_path; }
    /// The size fstat gave when the file was opened.
    std::uint64_t size() const { return m_size; }
    /// Bytes read so far.
    std::uint64_t offset() const { return m_offset; }
    /// Reads the next `count` bytes. Throws DataFileError naming the file and the byte when the
    /// file ends first (it shrank while being read) or the system refuses.
    void read(void *buffer, std::size_t count);
    /// {path, bytes read, SHA-256 of those bytes}. Call once, after the last read.
    FileRead record(const std::string &param = {});
    /// The open descriptor (MappedUserFile maps it); owned by this object.
    int descriptor() const { return m_fd; }

private:
    std::string m_path;
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::uint64_t m_offset = 0;
    Sha256 m_hash;
};

/// A user's regular file mapped read-only (POSIX mmap), for readers that walk a file larger than
/// memory once, front to back, in chunks (hubness/neighbor_file.h). Opened and refused as UserFile
/// does. read() copies the next bytes out of the mapping into the caller's chunk buffer and hashes
/// that copy, so the digest is of exactly the bytes the reader parses (even if another program
/// writes the file meanwhile); then the pages behind are released from this process
/// (MADV_DONTNEED) and from the page cache (POSIX_FADV_DONTNEED), so the resident memory stays
/// about one chunk whatever the file's size. The mapping is advised MADV_SEQUENTIAL.
class MappedUserFile {
public:
    MappedUserFile(const std::string &path, const std::string &expected);
    ~MappedUserFile();
    MappedUserFile(const MappedUserFile &) = delete;
    MappedUserFile &operator=(const MappedUserFile &) = delete;

    const std::string &path() const { return m_file.path(); }
    std::uint64_t size() const { return m_file.size(); }
    /// Bytes read so far.
    std::uint64_t offset() const { return m_offset; }
    /// Copies the next `count` bytes into `buffer`. Throws DataFileError naming the file and the
    /// byte when they lie beyond the end or the file has shrunk since it was opened (reading a
    /// page past a shrunk file's end would end the process with SIGBUS).
    void read(void *buffer, std::size_t count);
    /// {path, bytes read, SHA-256 of those bytes}. Call once, after the last read.
    FileRead record(const std::string &param = {});

private:
    UserFile m_file;
    const unsigned char *m_data = nullptr;
    std::uint64_t m_offset = 0;
    std::uint64_t m_released = 0; ///< pages before this byte were released
    Sha256 m_hash;
};

/// The whole file at `path`, at most `maxBytes` of it: larger files are refused before anything is
/// read ("<path>: holds 1.2 GiB; <plural> are read up to 1.0 GiB"). Refuses what is not a regular
/// file as UserFile does. When `read` is given, it receives the record of the bytes read.
std::string readUserFile(const std::string &path, std::uint64_t maxBytes,
                         const std::string &expected, const std::string &plural,
                         FileRead *read = nullptr);

/// How a cell reads as a number. Numbers are decimal, as Python and C print them: an optional sign,
/// digits with an optional point, an optional exponent. Hexadecimal ("0x10", which strtod reads as
/// 16), "1,5", and words are NotNumber; "nan", "inf" and values beyond a double's range are
/// NotFinite; values below its range are the nearest double (0 or a subnormal).
enum class CellNumber { Number, Empty, NotNumber, NotFinite };
CellNumber parseNumber(std::string_view cell, double &value);

} // namespace dimscope
