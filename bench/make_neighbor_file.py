#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A synthetic N x k int32 neighbour file as faiss writes one, for measuring how dimscope streams
neighbour files (README, "From 100 M embeddings to a hubness report"). Row i lists k distinct
indices other than i; the rows start at skewed random points, so a few points are hubs. Written in
chunks through a memory map, so N = 10^8 (4 GB at k = 10) needs little memory.

usage: make_neighbor_file.py OUT.npy N K [--missing-every M]   (every M-th row ends with a -1)
"""
import argparse

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("n", type=int)
    p.add_argument("k", type=int)
    p.add_argument("--missing-every", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    dtype = np.int64 if a.n >= 2**31 else np.int32
    table = np.lib.format.open_memmap(a.out, mode="w+", dtype=dtype, shape=(a.n, a.k))
    rng = np.random.default_rng(a.seed)
    steps = np.arange(1, a.k + 1, dtype=np.int64)
    chunk = 1 << 22
    for first in range(0, a.n, chunk):
        rows = np.arange(first, min(first + chunk, a.n), dtype=np.int64)
        start = (a.n * rng.random(rows.size) ** 3).astype(np.int64)  # skewed: hubs near 0
        # Row i lists start+1 … start+k (mod N): distinct; shifted past i when it would list i.
        hits = ((rows - start - 1) % a.n) < a.k
        start[hits] = (rows[hits] + 1) % a.n
        block = (start[:, None] + steps[None, :]) % a.n
        if a.missing_every:
            block[rows % a.missing_every == 0, -1] = -1
        table[first:first + rows.size] = block
    table.flush()


if __name__ == "__main__":
    main()
