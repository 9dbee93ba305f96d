#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The k nearest neighbours of every point of a large or sharded .npy collection, with faiss.

Writes the N x k neighbour file that `dimscope compute hubness --neighbors FILE` reads: row i lists
the 0-based global row numbers of point i's k nearest neighbours among the other points (the point
itself excluded), nearest first, -1 where the search found fewer than k (approximate indexes).
Global row numbers follow the shards in the order given (globs are sorted): shard 1's rows first,
then shard 2's, and so on.

The shards are opened with numpy's memory map and read in batches, so the collection need not fit
in memory twice; the index holds the vectors (flat and hnsw: N x d float32; ivf as flat; a
--factory string such as "IVF65536,PQ64" compresses them). With faiss built for GPUs the index is
spread over all of them (faiss.index_cpu_to_all_gpus); otherwise it runs on the CPU cores.

Exit status: 0 done; 2 bad input (a missing file, a shard that is not a 2-D float array, shards of
different dimensions, non-finite values, a zero vector under cosine, k too large); 1 otherwise.
"""

import argparse
import glob
import os
import re
import sys
import tempfile
import time

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """The input is not what the script can work on; the message says why and where."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="faiss_knn.py",
        description=__doc__.split("\n\n")[0],
        epilog=(
            "examples:\n"
            "  faiss_knn.py emb.npy --k 10 --out nn.npy\n"
            "  faiss_knn.py 'shards/part-*.npy' --k 10 --metric cosine --out nn.npy\n"
            "  faiss_knn.py 'shards/*.npy' --k 10 --index ivf --nlist 65536 --nprobe 32 --out nn.npy\n"
            "then: dimscope compute hubness --neighbors nn.npy --k 10 --json report.json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="SHARD",
                   help=".npy files of float32/float64 vectors (rows = points), or globs of them")
    p.add_argument("--out", required=True, help="the N x k neighbour .npy to write (atomically)")
    p.add_argument("--k", type=int, default=10, help="neighbours per point, self excluded (10)")
    p.add_argument("--metric", choices=["euclidean", "cosine"], default="euclidean",
                   help="euclidean (L2) or cosine (vectors normalised, inner product) (euclidean)")
    p.add_argument("--index", choices=["flat", "ivf", "hnsw"], default="flat",
                   help="flat = exact (default); ivf or hnsw = approximate, for huge collections")
    p.add_argument("--factory", default=None,
                   help="any faiss index_factory string instead of --index, e.g. 'IVF65536,PQ64'")
    p.add_argument("--nlist", type=int, default=4096, help="ivf: inverted lists (4096)")
    p.add_argument("--nprobe", type=int, default=16, help="ivf/factory: lists searched (16)")
    p.add_argument("--train-size", type=int, default=0,
                   help="ivf/factory: training sample, 0 = min(N, 64 x the IVF lists) (0)")
    p.add_argument("--hnsw-m", type=int, default=32, help="hnsw: links per node (32)")
    p.add_argument("--ef-construction", type=int, default=200, help="hnsw: build beam (200)")
    p.add_argument("--ef-search", type=int, default=128, help="hnsw: search beam (128)")
    p.add_argument("--batch", type=int, default=65536, help="rows read and searched at once (65536)")
    p.add_argument("--gpu", choices=["auto", "off"], default="auto",
                   help="auto: all GPUs when faiss has GPU support, else CPU (auto)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads, 0 = faiss's default (0)")
    p.add_argument("--seed", type=int, default=1, help="seed of the training sample (1)")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    return p.parse_args(argv)


def expand(inputs):
    """Paths in the order given, each glob's matches sorted; a missing file is bad input."""
    paths = []
    for item in inputs:
        if any(c in item for c in "*?["):
            matches = sorted(glob.glob(item))
            if not matches:
                raise BadInput(f"{item}: no file matches this pattern")
            paths.extend(matches)
        else:
            paths.append(item)
    for path in paths:
        if not os.path.exists(path):
            raise BadInput(f"{path}: no such file")
        if not os.path.isfile(path):
            raise BadInput(f"{path}: not a regular file; expected a .npy file")
    return paths


def open_shards(np, paths):
    """Memory-mapped 2-D float arrays of one dimension."""
    shards = []
    for path in paths:
        try:
            a = np.load(path, mmap_mode="r", allow_pickle=False)
        except Exception as e:  # numpy says what is wrong with the file
            raise BadInput(f"{path}: cannot read as .npy: {e}") from e
        if a.ndim != 2:
            raise BadInput(f"{path}: the array has shape {a.shape}; expected a 2-D array "
                           "(rows = points, columns = coordinates)")
        if a.dtype not in (np.float32, np.float64):
            raise BadInput(f"{path}: the array holds {a.dtype} values; expected float32 or "
                           "float64 coordinates")
        if shards and a.shape[1] != shards[0][1].shape[1]:
            raise BadInput(f"{path}: {a.shape[1]} columns, but {shards[0][0]} has "
                           f"{shards[0][1].shape[1]}; every shard must have the same dimension")
        if a.shape[0] == 0:
            raise BadInput(f"{path}: no rows")
        shards.append((path, a))
    return shards


def batches(np, shards, batch, cosine):
    """(global first row, float32 C-order block) over all shards, checked and normalised."""
    first = 0
    for path, a in shards:
        for start in range(0, a.shape[0], batch):
            x = np.array(a[start:start + batch], dtype=np.float32, order="C")  # a copy
            bad = ~np.isfinite(x)
            if bad.any():
                r, c = np.argwhere(bad)[0]
                raise BadInput(f"{path}: row {start + r + 1}, column {c + 1}: not a finite "
                               "number (float32); expected finite coordinates")
            if cosine:
                norms = np.linalg.norm(x, axis=1, keepdims=True)
                zero = np.flatnonzero(norms[:, 0] == 0)
                if zero.size:
                    raise BadInput(f"{path}: row {start + zero[0] + 1} is the zero vector; "
                                   "cosine is undefined for it")
                x /= norms
            yield first + start, x
        first += a.shape[0]


def build_index(faiss, np, args, d, n, shards, cosine, log):
    metric = faiss.METRIC_INNER_PRODUCT if cosine else faiss.METRIC_L2
    if args.factory:
        index = faiss.index_factory(d, args.factory, metric)
    elif args.index == "flat":
        index = faiss.IndexFlatIP(d) if cosine else faiss.IndexFlatL2(d)
    elif args.index == "ivf":
        index = faiss.index_factory(d, f"IVF{args.nlist},Flat", metric)
    else:
        index = faiss.IndexHNSWFlat(d, args.hnsw_m, metric)
        index.hnsw.efConstruction = args.ef_construction
    gpus = faiss.get_num_gpus() if (args.gpu == "auto" and hasattr(faiss, "get_num_gpus")) else 0
    if gpus > 0 and args.index != "hnsw":  # faiss has no GPU HNSW
        log(f"using {gpus} GPU(s)")
        index = faiss.index_cpu_to_all_gpus(index)
    else:
        log("using the CPU")
    if not index.is_trained:
        lists = args.nlist
        if args.factory:  # "IVF65536,PQ64": 65536 lists to train
            found = re.search(r"IVF(\d+)", args.factory)
            lists = int(found.group(1)) if found else 1024
        size = min(args.train_size or 64 * lists, n)
        rng = np.random.default_rng(args.seed)
        rows = np.sort(rng.choice(n, size=size, replace=False))
        sample = np.empty((size, d), dtype=np.float32)
        at, first = 0, 0
        for _, a in shards:
            mine = rows[(rows >= first) & (rows < first + a.shape[0])] - first
            sample[at:at + mine.size] = a[mine]
            at += mine.size
            first += a.shape[0]
        if cosine:
            sample /= np.maximum(np.linalg.norm(sample, axis=1, keepdims=True), 1e-30)
        log(f"training on {size} vectors")
        index.train(sample)
        del sample
    for first, x in batches(np, shards, args.batch, cosine):
        index.add(x)
        log(f"added {first + x.shape[0]} / {n}", every=True)
    try:
        faiss.ParameterSpace().set_index_parameter(index, "nprobe", args.nprobe)
    except Exception:
        pass  # not an IVF index
    if args.index == "hnsw" and not args.factory:
        index.hnsw.efSearch = max(args.ef_search, args.k + 1)
    return index


def drop_self(np, ids, first, k):
    """Each row without its own id (or, when the search missed it, without its last entry)."""
    own = np.arange(first, first + ids.shape[0], dtype=ids.dtype)[:, None]
    mask = ids == own
    missed = ~mask.any(axis=1)
    mask[missed, k] = True
    return ids[~mask].reshape(ids.shape[0], k)


def write_neighbours(np, faiss, args, index, shards, n, cosine, log):
    out = os.path.abspath(args.out)
    folder = os.path.dirname(out)
    dtype = np.int64 if n >= 2**31 else np.int32
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(out) + ".", suffix=".tmp")
    os.close(fd)
    try:
        table = np.lib.format.open_memmap(tmp, mode="w+", dtype=dtype, shape=(n, args.k))
        for first, x in batches(np, shards, args.batch, cosine):
            _, ids = index.search(x, args.k + 1)
            table[first:first + x.shape[0]] = drop_self(np, ids, first, args.k)
            log(f"searched {first + x.shape[0]} / {n}", every=True)
        table.flush()
        del table
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
        dirfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out, dtype


def main(argv):
    args = parse_args(argv)
    start = time.monotonic()
    last = [0.0]

    def log(message, every=False):
        if args.quiet:
            return
        now = time.monotonic()
        if every and now - last[0] < 2.0:
            return
        last[0] = now
        print(f"faiss_knn: [{now - start:7.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        import numpy as np
    except ImportError:
        print("faiss_knn: numpy is missing (Debian: apt install python3-numpy)", file=sys.stderr)
        return 1
    try:
        import faiss
    except ImportError:
        print("faiss_knn: faiss is missing (Debian: apt install python3-faiss)", file=sys.stderr)
        return 1
    try:
        if args.k < 1:
            raise BadInput(f"--k {args.k}: expected at least 1")
        if args.batch < 1:
            raise BadInput(f"--batch {args.batch}: expected at least 1")
        out_folder = os.path.dirname(os.path.abspath(args.out))
        if not os.path.isdir(out_folder):
            raise BadInput(f"{args.out}: the folder {out_folder} does not exist")
        shards = open_shards(np, expand(args.inputs))
        n = sum(a.shape[0] for _, a in shards)
        d = shards[0][1].shape[1]
        if args.k > n - 1:
            raise BadInput(f"--k {args.k}: the {n} points have at most {n - 1} neighbours each")
        if args.threads > 0:
            faiss.omp_set_num_threads(args.threads)
        cosine = args.metric == "cosine"
        log(f"{n} points of dimension {d} in {len(shards)} shard(s), k = {args.k}, "
            f"{args.metric}, {args.factory or args.index}")
        index = build_index(faiss, np, args, d, n, shards, cosine, log)
        out, dtype = write_neighbours(np, faiss, args, index, shards, n, cosine, log)
        log(f"wrote {out} ({n} x {args.k} {np.dtype(dtype).name})")
        return 0
    except BadInput as e:
        print(f"faiss_knn: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("faiss_knn: interrupted; nothing written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
