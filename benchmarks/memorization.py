"""Time the subset models of the memorization estimator on digits: batched, one at a time, and in worker processes.

`unlearnbook.memorization.memorization_scores` trains K subset models (the digits CNN on 70% of the training set,
each with its own subset, initialization and data order) and keeps each one's correctness on every training example.
This times, at equal K and with the same recipe, the three ways to train them:

- `batched`: one process with `--threads` threads; the models are stacked by groups into one network of grouped
  convolutions (`train_stacked`) and trained by the one training loop;
- `loop`: one process with `--threads` threads; one model at a time (`train_subset_model`);
- `workers`: `--workers` processes of one thread each (`unlearnbook.execute.LocalExecutor`, the executor of
  `subset_runs(..., executor=)`), each training stacked groups; the processes' start is timed apart.

All modes train the same groups of models (`--batch` models per group, fewer when that leaves a worker idle) and
include the evaluation of every model on the training and test sets. For each mode it prints the wall time,
`models/s`, the ratios to the loop and to the batched mode, and the time K = 512 models would take at that rate (the
workers' start-up, a few seconds of imports, is timed apart and added once).
It then checks that the workers' runs equal the batched runs: bit for bit when both ran with one thread; with more
threads in the batched process, float rounding may differ, and the largest difference of the stored confidences is
printed instead.

It is a benchmark, not a test: nothing is asserted about time, and the figures depend on the machine and its load.
Run from the repository root, on a quiet machine:

    .venv/bin/python benchmarks/memorization.py [--k 64] [--epochs 30] [--modes batched,loop,workers]
        [--threads 2] [--workers 2] [--batch 64] [--device cpu]
"""
import argparse, math, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's unlearnbook, wherever it is run from

import torch

from unlearnbook.data import load_dataset
from unlearnbook.execute import LocalExecutor, Task
from unlearnbook.memorization import _subset_payloads
from unlearnbook.project import load_section

MODES = ("batched", "loop", "workers")


def run_mode(mode, splits, recipe, groups, args):
    "Train every group in `mode`; return the wall time of the training, that of starting workers, and the payloads."
    startup = 0.0
    if mode == "workers":
        executor = LocalExecutor(args.workers, progress=False)
        tick = time.perf_counter()
        executor.map([Task(time.sleep, (1.0,))] * args.workers)  # start every worker (and its imports) before timing
        startup = time.perf_counter() - tick - 1.0
        start = time.perf_counter()
        payloads = [p for ps in executor.map([Task(_subset_payloads, (splits, recipe, g, 0.7, True, args.device))
                                              for g in groups]) for p in ps]
        seconds = time.perf_counter() - start
        executor.close()
    else:
        start = time.perf_counter()
        payloads = [p for g in groups for p in _subset_payloads(splits, recipe, g, 0.7, mode == "batched", args.device)]
        if args.device.startswith("cuda"): torch.cuda.synchronize()
        seconds = time.perf_counter() - start
    return seconds, startup, payloads


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k", type=int, default=64, help="subset models per mode")
    ap.add_argument("--epochs", type=int, default=None, help="epochs per model (default: the [digits] recipe's)")
    ap.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, among {', '.join(MODES)}")
    ap.add_argument("--threads", type=int, default=2, help="torch threads of the batched and loop modes")
    ap.add_argument("--workers", type=int, default=2, help="processes of the workers mode (one thread each)")
    ap.add_argument("--batch", type=int, default=64, help="models stacked per group")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown: ap.error(f"unknown modes {unknown}; allowed: {', '.join(MODES)}")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        ap.error("--device cuda but no GPU is available")
    torch.set_num_threads(args.threads)

    section = load_section("digits")
    recipe = {**section, "epochs": args.epochs or section["epochs"]}
    splits = load_dataset("digits", label_noise=section["label_noise"], seed=section["data_seed"])
    size = max(1, min(args.batch, math.ceil(args.k / args.workers)))
    groups = [list(range(i, min(i + size, args.k))) for i in range(0, args.k, size)]
    print(f"device {args.device}; K={args.k} subset models of {recipe['epochs']} epochs "
          f"({int(0.7 * len(splits.train))} of {len(splits.train)} digits each), groups of {size}; "
          f"torch {torch.__version__}")
    print(f"{'mode':<8} {'threads':>8} {'seconds':>9} {'start s':>8} {'models/s':>9} {'vs loop':>8} {'vs batched':>10} "
          f"{'K=512 min':>10}")
    results = {mode: run_mode(mode, splits, recipe, groups, args) for mode in modes}
    for mode, (seconds, startup, _) in results.items():
        rate = args.k / seconds
        ratio = lambda other: f"{results[other][0] / seconds:.2f}" if other in results else "-"
        threads = f"{args.workers}x1" if mode == "workers" else str(args.threads)
        print(f"{mode:<8} {threads:>8} {seconds:>9.2f} {startup:>8.1f} {rate:>9.3f} {ratio('loop'):>8} "
              f"{ratio('batched'):>10} {(512 / rate + startup) / 60:>10.1f}")
    print("seconds: training and evaluating the K models; start s: starting the worker processes "
          "(not in models/s);\nvs loop, vs batched: how many times faster than that mode; "
          "K=512 min: 512 models at this rate, plus the start")
    if "workers" in results and "batched" in results:
        a, b = results["workers"][2], results["batched"][2]
        same = all(torch.equal(x["confidence"], y["confidence"]) and torch.equal(x["correct"], y["correct"])
                   for x, y in zip(a, b))
        diff = max((x["confidence"] - y["confidence"]).abs().max().item() for x, y in zip(a, b))
        print(f"workers' runs identical to the batched runs: {same} (largest |confidence difference| {diff:.2e}"
              f"{'' if args.threads == 1 else f'; the batched process ran {args.threads} threads'})")


if __name__ == "__main__":
    main()
