// SPDX-License-Identifier: MIT
// Session files (File → Open session, `export --session`): read and checked whole, every
// explorer's parameters against its specs; whatever is refused, is refused with a short message.
#include "fuzz_support.h"
#include "io/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("session.json", fuzz::bytesOf(data, size));
    Session session;
    if (const auto error = readSession(path, session)) {
        if (error->size() > fuzz::kLongestMessage)
            std::abort();
        return 0;
    }
    // What was accepted writes back and reads again to the same state.
    const nlohmann::json again = sessionToJson(session);
    Session reread;
    if (sessionFromJson(again, path, reread) || sessionToJson(reread) != again)
        std::abort();
    return 0;
}
