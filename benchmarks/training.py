"""Training throughput of the embedded default's task mix, path by path, against the machine's ceiling.

Every verdict of the embedded default costs training: pretraining, oracles and the unlearning methods all run through
`unlearnbook.train.train`. This times the reproduction's real work on the `[digits]` section of settings.ini, through
the library's own entry points (nothing is re-implemented here), at the recipe's batch size and epochs:

- the task mix: a pretrained model and an oracle (`train` with the section's recipe), then DEL on its mask, finetuning,
  NegGrad+ and random labels (`unlearn` with the tuned hyperparameters of the iid forget setting);
- each **path**, with its warm-up and compilation counted in its time:
  - `baseline`: the plain path (`fast=False`), float32, the DataLoader path: the production loop before the
    `[digits]` section chose the fast path;
  - `channels_last`: `fast=True` (images held as one tensor, a channels-last network), the section's path now;
  - `bfloat16`: `fast=True` with bf16 autocast (slow where the CPU has no bf16 instructions);
  - `compile`: `fast=True` with `torch.compile` of the forward (one compilation per model, as `train` does it; the
    first round pays the compilation, later rounds of the process reuse it, as a worker's later models would);
  - `stacked K` / `stacked_fast K`: K subset models of the recipe (70 % of the training set each) trained at once as
    one network of grouped convolutions (`memorization.train_stacked`, as the memorization scores are computed), on
    the plain / the fast path, per model;
- for each: examples/s (examples passed forward for a backward pass, per second of wall time), GFLOP/s (the network's
  forward and backward FLOPs, counted by `torch.utils.flop_counter`, per second) and the ratio to `baseline`;
- the ceiling: a 2048 × 2048 float32 matrix product's GFLOP/s on the same number of threads;
- one and two threads (`--threads 1 2`);
- `--repeats` rounds over every path (3 by default), each path's median round shown: single rounds of a few seconds
  vary by 20 % on a shared machine.

Each path reaches every training of the task mix as in production: pretraining and the oracle through the recipe (its
`fast`, `precision` and `compile` keys, into a scratch store), every method's training through `unlearn`'s `path`
(`path_options` of the recipe), as `Experiment.run` passes it.

A benchmark, not a test: nothing is asserted, the figures depend on the machine and its load; time on a quiet machine.
Run from the repository root:

    .venv/bin/python benchmarks/training.py [--threads 1 2] [--paths baseline channels_last ...] [--repeats 3]
"""
import argparse, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's unlearnbook, wherever it is run from

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from unlearnbook.data import data_loader, load_dataset, make_forget_set
from unlearnbook.localize import make_mask
from unlearnbook.memorization import subset_indices, train_stacked
from unlearnbook.project import load_section
from unlearnbook.store import ArtifactStore
from unlearnbook.train import build_network, path_options, pretrain, train_oracle
from unlearnbook.unlearn import hparams_from_section, unlearn

PATHS = {"baseline": {"fast": False}, "channels_last": {"fast": True},
         "bfloat16": {"fast": True, "precision": "bfloat16"},
         "compile": {"fast": True, "compile": True}}  # each path's recipe keys (`unlearnbook.train.RECIPE_KEYS`)
STACKED = {"stacked": "baseline", "stacked_fast": "channels_last"}  # stacked subset models, on which path
METHODS = ("del", "finetune", "neggrad_plus", "random_label")
RATIO = 0.7  # the subset models' share of the training set (memorization's default)


def ceiling_gflops(n: int = 2048, dtype=torch.float32, repeats: int = 5) -> float:
    "GFLOP/s of an n × n matrix product on the current thread count (best of `repeats`)."
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def _timed(fn) -> float:
    start = time.perf_counter(); fn(); return time.perf_counter() - start


def flops_per_example(model, image_shape) -> float:
    "Forward and backward FLOPs of `model` per example (counted on a batch of 64)."
    x = torch.randn(64, *image_shape)
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(model.train()(x), torch.zeros(64, dtype=torch.long)).backward()
    return counter.get_total_flops() / 64


def task_mix(splits, section, forget, seed: int) -> list[tuple[str, int, float]]:
    "(task, backward examples, seconds) of the embedded default's task mix with `section`'s recipe and path."
    store, epochs = ArtifactStore(tempfile.mkdtemp()), section["epochs"]  # a scratch store: everything is trained
    pretrained = pretrain(splits, section, seed, store=store, device="cpu", progress=False)
    oracle = train_oracle(splits, forget, section, seed, store=store, device="cpu", progress=False)
    out = [("pretrain", epochs * len(splits.train), pretrained.seconds),
           ("oracle", epochs * len(forget.retain), oracle.seconds)]
    hparams = {method: hparams_from_section(section, method, "iid") for method in METHODS}
    forget_loader = data_loader(splits.train, forget.indices, batch_size=section["batch_size"])
    retain_loader = data_loader(splits.train, forget.retain, batch_size=section["batch_size"], shuffle=True, seed=seed)
    start = time.perf_counter()
    mask = make_mask(pretrained.model, forget_loader, budget=section["mask_budget"])
    out.append(("del mask", 0, time.perf_counter() - start))
    for method in METHODS:
        done = unlearn(method, pretrained.model, forget=forget_loader, retain=retain_loader,
                       mask=mask if method == "del" else None, seed=seed, device="cpu", progress=False,
                       path=path_options(section), **hparams[method])
        out.append((method, done.cost["backward_examples"], done.cost["seconds"]))
    return out


def stacked_subsets(splits, section, k: int, seed: int) -> tuple[int, float]:
    "(backward examples, seconds) of K subset models of the recipe trained at once (`train_stacked`, ratio 0.7)."
    seeds = [seed + i for i in range(k)]
    start = time.perf_counter()
    train_stacked(splits, section, seeds, ratio=RATIO, device="cpu")
    examples = sum(len(subset_indices(len(splits.train), RATIO, s)) for s in seeds) * section["epochs"]
    return examples, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch thread counts to time")
    ap.add_argument("--paths", nargs="+", default=[*PATHS, *STACKED], choices=[*PATHS, *STACKED],
                    help="the paths to time (baseline always runs first)")
    ap.add_argument("--stack", type=int, default=5, help="models per stack")
    ap.add_argument("--seed", type=int, default=1, help="the runs' seed")
    ap.add_argument("--repeats", type=int, default=3, help="rounds over the paths; each path's median is shown")
    args = ap.parse_args()
    section = load_section("digits")
    splits = load_dataset("digits", label_noise=section["label_noise"], seed=section["data_seed"])
    forget = make_forget_set(splits.train, "iid", section["forget_fraction"], seed=section["forget_seed"])
    flops = flops_per_example(build_network(section, splits, seed=0), splits.image_shape)
    print(f"digits CNN, {len(splits.train)} training examples, batch {section['batch_size']}, "
          f"{flops / 1e6:.2f} MFLOP per example forward and backward; torch {torch.__version__}, "
          f"CPU capability {torch.backends.cpu.get_cpu_capability()}")
    paths = ["baseline", *[p for p in args.paths if p != "baseline"]]
    for threads in args.threads:
        torch.set_num_threads(threads)
        ceiling = ceiling_gflops()
        runs = {path: [] for path in paths}  # path -> (examples/s, per task) of each round
        for _ in range(args.repeats):  # rounds over every path, so that a drift of the machine's speed hits them all
            for path in paths:
                try: runs[path].append(measure(path, splits, section, forget, args))
                except Exception as e: runs[path].append((float("nan"), f"failed: {type(e).__name__}: {str(e)[:100]}"))
        print(f"\n{threads} thread(s): ceiling (2048² float32 matmul) {ceiling:.1f} GFLOP/s; "
              f"the median of {args.repeats} round(s)")
        print(f"{'path':16s} {'examples/s':>11s} {'GFLOP/s':>8s} {'of ceiling':>10s} {'vs baseline':>11s}  per task")
        base = None
        for path, rounds in runs.items():
            rate, tasks = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
            base = base or rate
            gflops = rate * flops / 1e9
            name = f"{path} {args.stack}" if path in STACKED else path
            print(f"{name:16s} {rate:11,.0f} {gflops:8.1f} {gflops / ceiling:10.0%} {rate / base:10.2f}×  {tasks}")


def measure(path: str, splits, section, forget, args) -> tuple[float, str]:
    "(examples/s, its tasks in words) of one round of `path`: the task mix, or a stack of subset models."
    if path in STACKED:
        examples, seconds = stacked_subsets(splits, {**section, **PATHS[STACKED[path]]}, args.stack, args.seed)
        return examples / seconds, f"{args.stack} subset models (ratio {RATIO}), on the {STACKED[path]} path"
    mix = task_mix(splits, {**section, **PATHS[path]}, forget, args.seed)
    return (sum(m[1] for m in mix) / sum(m[2] for m in mix),
            "  ".join(f"{name} {s:.1f}s" for name, _, s in mix))

if __name__ == "__main__":
    main()
