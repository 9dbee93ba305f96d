// SPDX-License-Identifier: MIT
// Force-included before every translation unit when the compiler is GCC < 13 (see CMakeLists.txt).
//
// Why: GCC 12's intrinsics headers make their "undefined" vectors by initialising a variable from
// itself (`__m512d __Y = __Y;` in avx512fintrin.h, `__m256d __Y = __Y;` in avxintrin.h; GCC bug
// 105593, fixed in GCC 13). Once Eigen's packet code inlines them into our functions (AVX-512
// builds: -march=x86-64-v4 or native on such a CPU), -Wuninitialized and -Wmaybe-uninitialized
// fire and -Werror stops the build, although Eigen is a system include. Diagnostic pragmas are
// positional, so including the intrinsics here, first, between push and pop, silences those two
// warnings for the lines of those headers only: our own code keeps both (checked by compiling a
// use of an uninitialised int after this header).
//
// -Warray-bounds too: when Eigen assigns a small fixed-size vector (a Vector2d member) to a
// dynamic one, GCC 12 sees the 8-wide AVX-512 (or 2-wide SSE2) unaligned load in the packet path
// that only runs for sizes of at least a packet, and reports it as reading past the object. The
// warning is placed on the intrinsic's line, so it is silenced there only; an out-of-bounds index
// in our own code still fails the build (checked the same way).
#pragma once
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif
