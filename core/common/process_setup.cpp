// SPDX-License-Identifier: MIT
// Process-wide settings that every dimscope program shares. This runs before main in every program
// that links the core (core/CMakeLists.txt passes the object on to each consumer).
#include <cblas.h>
#include <malloc.h>

namespace {

[[maybe_unused]] const bool processConfigured = [] {
    // dimscope parallelises above BLAS: forEachChunk splits the work between its own threads, and
    // the benchmarks say "one thread". OpenBLAS's pool would oversubscribe the cores (its workers
    // spin while they wait), so every BLAS call stays on the thread that makes it.
    openblas_set_num_threads(1);
    // The engines free and reallocate megabyte-sized temporaries at every call. By default glibc
    // maps and unmaps such blocks each time; the page faults cost 30 % of a cold call of the
    // batched gradient norms (issue 4's benchmark). Keep blocks below 64 MiB in the heap, and up
    // to 256 MiB of free heap before giving memory back.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
}();

} // namespace
