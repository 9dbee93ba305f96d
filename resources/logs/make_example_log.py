#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the example log of the training-log explorer: mnist-mlp/version_{0,1,2}/, three seeds
of a 784-256-10 MLP on MNIST as PyTorch Lightning's CSVLogger lays them out (metrics.csv and
hparams.yaml per version). The numbers are synthetic, shaped like such a run: Adam at lr 1e-3,
batch 128 (469 steps an epoch), log_every_n_steps=50, 10 epochs, validation at each epoch's end.

metrics.csv is as CSVLogger writes it: columns sorted by name, `epoch` and `step` on every row, a
training row every 50 steps with the validation cells empty, a validation row per epoch with the
training cell empty, floats as Python prints a float32 turned into a float.

Run once from this folder (python3 make_example_log.py); the output is committed. Standard
library only, seeded, so a rerun writes the same bytes.
"""
import math
import os
import random
import struct

STEPS_PER_EPOCH = 469
EPOCHS = 10
LOG_EVERY = 50


def f32(v):
    """The float a float32 tensor's .item() gives, printed as Python prints it."""
    return repr(struct.unpack("f", struct.pack("f", v))[0])


def write_run(version, seed):
    rng = random.Random(1000 + seed)
    fast = 40 * rng.uniform(0.9, 1.1)     # steps of the early drop
    middle = 250 * rng.uniform(0.85, 1.15)
    slow = 1500 * rng.uniform(0.85, 1.15)  # steps of the long tail
    floor = 0.02 * rng.uniform(0.8, 1.2)
    overfit = 0.004 * rng.uniform(0.7, 1.3)
    folder = os.path.join("mnist-mlp", f"version_{version}")
    os.makedirs(folder, exist_ok=True)
    rows = []
    total = STEPS_PER_EPOCH * EPOCHS
    for step in range(total):
        epoch = step // STEPS_PER_EPOCH
        if (step + 1) % LOG_EVERY == 0:
            clean = floor + 2.28 * (0.7 * math.exp(-step / fast) + 0.2 * math.exp(-step / middle)
                                    + 0.1 * math.exp(-step / slow))
            noisy = clean * math.exp(rng.gauss(0.0, 0.22))  # one batch's loss
            rows.append((epoch, step, f32(noisy), "", ""))
        if (step + 1) % STEPS_PER_EPOCH == 0:
            e = epoch + 1
            val = 0.06 + 0.22 * math.exp(-(e - 1) / 1.6) + overfit * max(0, e - 5) ** 1.5
            val *= math.exp(rng.gauss(0.0, 0.03))
            acc = min(0.995, 0.985 - 0.055 * math.exp(-(e - 1) / 1.5) + rng.gauss(0.0, 0.0015))
            rows.append((epoch, step, "", f32(acc), f32(val)))
    with open(os.path.join(folder, "metrics.csv"), "w", newline="") as out:
        out.write("epoch,step,train_loss,val_acc,val_loss\r\n")  # csv.DictWriter's line ends
        for epoch, step, train, acc, val in rows:
            out.write(f"{epoch},{step},{train},{acc},{val}\r\n")
    with open(os.path.join(folder, "hparams.yaml"), "w") as out:
        out.write(f"batch_size: 128\nhidden: 256\nlr: 0.001\nseed: {seed}\n")


if __name__ == "__main__":
    for version, seed in enumerate([0, 1, 2]):
        write_run(version, seed)
