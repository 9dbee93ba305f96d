// SPDX-License-Identifier: MIT
#include "training_log/log_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "io/npy.h" // DataFileError
#include "training_log/log_text.h"

namespace fs = std::filesystem;

namespace dimscope::training_log {

namespace {

std::string trimmed(const std::string &s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// Natural order: runs of digits compare as numbers, so version_2 comes before version_10.
bool naturalLess(const std::string &a, const std::string &b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = std::isdigit(static_cast<unsigned char>(a[i]));
        const bool db = std::isdigit(static_cast<unsigned char>(b[j]));
        if (da && db) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
                ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
                ++ej;
            std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
            nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
            if (na.size() != nb.size())
                return na.size() < nb.size();
            if (na != nb)
                return na < nb;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

bool isTable(const fs::path &p) {
    std::string ext = p.extension().string();
    for (char &c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::error_code error;
    return (ext == ".csv" || ext == ".tsv") && fs::is_regular_file(p, error);
}

std::vector<std::string> tablesIn(const fs::path &folder) {
    std::vector<std::string> found;
    std::error_code error;
    for (const auto &entry : fs::directory_iterator(folder, error)) {
        if (isTable(entry.path())) {
            found.push_back(entry.path().string());
        } else if (entry.is_directory(error)) {
            for (const auto &inner : fs::directory_iterator(entry.path(), error))
                if (isTable(inner.path()))
                    found.push_back(inner.path().string());
        }
    }
    std::sort(found.begin(), found.end(), naturalLess);
    return found;
}

std::string absolute(const std::string &path) {
    std::error_code error;
    const fs::path p = fs::absolute(path, error);
    return error ? path : p.lexically_normal().string();
}

} // namespace

std::vector<std::string> splitLogList(const std::string &text) {
    std::vector<std::string> entries;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(';', start);
        const std::string entry =
            trimmed(text.substr(start, end == std::string::npos ? end : end - start));
        if (!entry.empty())
            entries.push_back(absolute(entry));
        if (end == std::string::npos)
            return entries;
        start = end + 1;
    }
}

std::string joinLogList(const std::vector<std::string> &entries) {
    std::string text;
    for (const auto &e : entries)
        text += (text.empty() ? "" : "; ") + e;
    return text;
}

std::optional<std::string> checkLogEntries(const std::vector<std::string> &entries) {
    for (const auto &e : entries) {
        std::error_code error;
        if (!fs::exists(e, error))
            return "parameter 'log': " + excerpt(e) +
                   " does not exist; expected a log file or "
                   "a folder of them";
    }
    return std::nullopt;
}

std::vector<std::string> expandLogEntries(const std::vector<std::string> &entries) {
    std::vector<std::string> files;
    for (const auto &e : entries) {
        std::error_code error;
        const fs::file_status status = fs::status(e, error);
        if (error || !fs::exists(status))
            throw DataFileError(e + ": no such file or folder");
        if (!fs::is_directory(status)) {
            files.push_back(e); // readLogText refuses what is not a regular file, with its reason
            continue;
        }
        const std::vector<std::string> found = tablesIn(e);
        if (found.empty())
            throw DataFileError(e + ": a folder without .csv or .tsv files (looked in it and in "
                                    "its immediate subfolders)");
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::string exampleLogFolder() {
    std::vector<fs::path> places;
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error)
        places.push_back(self.parent_path() / DIMSCOPE_DATA_FROM_BIN / "dimscope" / "logs");
    places.emplace_back(DIMSCOPE_SOURCE_LOGS_DIR);
    places.emplace_back(DIMSCOPE_INSTALLED_LOGS_DIR);
    std::string tried;
    for (const fs::path &place : places) {
        const fs::path folder = (place / kExampleLog).lexically_normal();
        if (fs::is_directory(folder, error))
            return folder.string();
        tried += (tried.empty() ? "" : ", ") + folder.string();
    }
    throw DataFileError("the example log is not installed (looked in " + tried +
                        "); give a log with --log FILE");
}

std::vector<std::string> runNamesOf(const std::vector<std::string> &files) {
    const auto namesBy = [&](auto nameOf) {
        std::vector<std::string> names;
        for (const auto &f : files)
            names.push_back(nameOf(fs::path(f)));
        return names;
    };
    const auto unique = [](std::vector<std::string> names) {
        std::sort(names.begin(), names.end());
        return std::adjacent_find(names.begin(), names.end()) == names.end();
    };
    auto names = namesBy([](const fs::path &p) { return p.stem().string(); });
    if (unique(names))
        return names;
    names = namesBy([](const fs::path &p) { return p.parent_path().filename().string(); });
    if (unique(names))
        return names;
    return files;
}

} // namespace dimscope::training_log
