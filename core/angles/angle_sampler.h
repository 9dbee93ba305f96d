// SPDX-License-Identifier: MIT
#pragma once
// The inner loops of the angles explorer: draw `count` pairs (x, y) from one chunk's random streams
// and write θ and cos θ per pair. No allocation beyond O(n) scratch; called from worker threads.

#include <cstdint>
#include <functional>

#include "angles/angles.h"

namespace dimscope::angles {

/// What the kernels need from AngleParams.
struct SamplerSetup {
    int dimension = 100;
    Distribution distribution = Distribution::Gaussian;
    double mu = 1.0;
    bool center = false;
    Sampler sampler = Sampler::Vectors;
};

SamplerSetup samplerSetup(const AngleParams &params);

/// Pairs per chunk for this setup: a pure function of the setup, so the chunk layout (and thus
/// every random number) does not depend on the thread count. Vectors: ~2^22 coordinates per chunk
/// (16…4096 pairs); centred vectors: 1024 (the centring batch); exact: 16384.
std::int64_t chunkPairsTarget(const SamplerSetup &setup);

/// Fills theta[i] (radians, in [0, π]) and cosine[i] for i < count, from streams derived from
/// chunkSeed. Returns false, leaving the outputs partial, when stop() became true (polled about
/// every 2^20 coordinates). Thread-safe: no shared state.
bool samplePairs(const SamplerSetup &setup, std::uint64_t chunkSeed, std::int64_t count,
                 double *theta, double *cosine, const std::function<bool()> &stop);

} // namespace dimscope::angles
