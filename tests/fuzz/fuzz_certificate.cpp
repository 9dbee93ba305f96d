// SPDX-License-Identifier: MIT
// Inequality certificates: a bare certificate or a `compute inequality` output holding one; the
// reader re-evaluates lhs, rhs and R from the weights and checks them against the stored ones.
#include "fuzz_support.h"
#include "inequality/inequality.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("certificate.json", fuzz::bytesOf(data, size));
    fuzz::refusesCleanly([&] { inequality::loadCertificateSettings(path); });
    fuzz::refusesCleanly([&] { inequality::loadCertificate(path); });
    return 0;
}
