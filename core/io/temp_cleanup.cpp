// SPDX-License-Identifier: MIT
#include "io/temp_cleanup.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <initializer_list>

#include <unistd.h>

namespace dimscope {

namespace {

constexpr std::size_t kMaxPath = 4096;

/// A fixed table, because a signal handler may neither allocate nor lock: a slot's path is
/// written while it is Claimed and read by the handler only once it is Ready.
enum SlotState : int { Free = 0, Claimed = 1, Ready = 2 };

struct Slot {
    std::atomic<int> state{Free};
    char path[kMaxPath];
};

Slot g_slots[kTempFileSlots];

extern "C" void removeAndReraise(int signal) {
    for (Slot &slot : g_slots)
        if (slot.state.load() == Ready)
            ::unlink(slot.path); // async-signal-safe
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    ::sigaction(signal, &fallback, nullptr);
    ::raise(signal); // delivered with the default action once this handler returns
}

} // namespace

void removeTempFilesOnSignals() {
    static_assert(std::atomic<int>::is_always_lock_free, "the handler needs lock-free atomics");
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction current {};
        if (::sigaction(signal, nullptr, &current) != 0 || current.sa_handler != SIG_DFL ||
            (current.sa_flags & SA_SIGINFO))
            continue;
        struct sigaction handler {};
        handler.sa_handler = removeAndReraise;
        sigemptyset(&handler.sa_mask);
        ::sigaction(signal, &handler, nullptr);
    }
}

int registerTempFile(const char *path) {
    const std::size_t length = std::strlen(path);
    if (length >= kMaxPath)
        return -1;
    for (std::size_t i = 0; i < kTempFileSlots; ++i) {
        int expected = Free;
        if (!g_slots[i].state.compare_exchange_strong(expected, Claimed))
            continue;
        std::memcpy(g_slots[i].path, path, length + 1);
        g_slots[i].state.store(Ready);
        return static_cast<int>(i);
    }
    return -1;
}

void unregisterTempFile(int slot) {
    if (slot >= 0 && static_cast<std::size_t>(slot) < kTempFileSlots)
        g_slots[slot].state.store(Free);
}

} // namespace dimscope
