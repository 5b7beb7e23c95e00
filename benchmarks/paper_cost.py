"""What `unlearnbook reproduce --dataset NAME` costs at the paper's scale, per experiment notebook.

The paper datasets need a GPU, so before starting one a user wants to know what it will take. This prints, for each
section of `settings.ini` (or `--dataset`):

1. **epochs**: per experiment notebook, the model training it runs, counted in passes over the training set
   (a pass over the retain set counts as 1 − forget_fraction of one). The count follows the notebooks' loops
   and the section's epochs, replicates and forget settings; a run another notebook already made (the store shares
   it) is counted once, where it is first made (pretraining and the oracles under `shared`). Methods that do not
   train for epochs count as one pass (IU's and SSD's Fisher estimates).
2. **PFLOP**: those passes times the floating-point operations of one training step per example at the
   dataset's shapes (architecture, image size, classes), counted by `torch.utils.flop_counter` on the CPU:
   forward and backward, the optimizer step left out.
3. **hours**: PFLOP divided by `--tflops`, an assumed sustained throughput. The default, 30 TFLOP/s, is about 6 %
   of an H100's dense TF32 peak (495 TFLOP/s) and puts a ResNet-18 epoch on CIFAR-10 at about 5.5 s: plain
   PyTorch training of small images at batch 128 in float32, fed by torchvision's loaders, is bound by the data
   pipeline and kernel launches far below the peak. It is an estimate, not a measurement.
4. With `--time`, the wall time of `--steps` training steps on synthetic tensors of the dataset's shapes at its
   batch size on `--device` (after one warm-up step), extrapolated to one epoch; run it on the GPU you will use
   to replace the estimate with a measurement, e.g. `--device cuda --time`.

It is a benchmark, not a test: nothing is asserted. Run from the repository root:

    .venv/bin/python benchmarks/paper_cost.py [--dataset cifar10] [--tflops 30] [--time --device cuda --steps 20]
"""
import argparse, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's unlearnbook, wherever it is run from

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from unlearnbook.models import create_model
from unlearnbook.project import load_section
from unlearnbook.unlearn import default_hparams, hparams_from_section

TRAIN_SIZE = {"digits": 1437, "cifar10": 50_000, "svhn": 73_257, "imagenet100": 126_689}  # training examples
SHAPE = {"digits": (1, 8, 8), "cifar10": (3, 32, 32), "svhn": (3, 32, 32), "imagenet100": (3, 128, 128)}
CLASSES = {"digits": 10, "cifar10": 10, "svhn": 10, "imagenet100": 100}
ONE_PASS = ("iu", "ssd")  # no epochs: one pass for their Fisher estimates
# passes per epoch, as a multiple of a pass over the retain set: at every retain step gradient ascent takes a forget
# batch forward and backward and the retain batch forward without a graph (1/3 of a step), NegGrad+ takes both batches
# forward and backward, SCRUB adds its teacher's forward (its max-steps over the forget set are left out)
RETAIN_PASSES = {"ga": 1 + 1 / 3, "neggrad_plus": 2.0, "scrub": 1 + 1 / 3}

def method_epochs(s: dict, method: str) -> float:
    "Passes over the training set of one run of `method` (or pair) with the section's values (mean over settings)."
    algorithm = method.rpartition("+")[2]
    if algorithm in ONE_PASS: return 1.0
    retain = 1 - s["forget_fraction"]
    values = [hparams_from_section(s, method, f).get("epochs", default_hparams(algorithm)["epochs"])
              for f in s["forget_settings"]]
    # the union, or the retain set
    share = 1.0 if algorithm in ("random_label", "salun") else retain * RETAIN_PASSES.get(algorithm, 1.0)
    return sum(values) / len(values) * share

def notebook_epochs(s: dict) -> dict:
    "Passes over the training set per experiment notebook, each run counted where it is first made."
    S, R, E, retain = len(s["forget_settings"]), len(s["replicates"]), s["epochs"], 1 - s["forget_fraction"]
    N = s.get("quality_models", 8)
    runs = lambda n, method: n * R * S * method_epochs(s, method)
    best = s.get("best_algorithm", {})
    masks = [f"{k}@{a}" for k in ("deepest", "shallowest", "salloc")
             for a in s.get("mask_budgets", (0.1, 0.3, 0.5))] + ["critmem"]
    fig2 = sum(R * method_epochs(s, f"{m}+{best.get(f, {}).get(m, 'del')}")
               for f in s["forget_settings"] for m in masks)
    # subsets of 70 % of the training set
    mem = s.get("memorization_models", 128) * s.get("memorization_epochs", E) * 0.7
    mem_runs = (len(s.get("mem_settings", ())) * R
                * (2 * E * retain + sum(method_epochs(s, m) for m in ("del", "finetune", "salun"))))
    return {
        # a pretrained model and two oracles per setting in each replicate
        "shared (pretraining, oracles)": R * E + 2 * R * S * E * retain,
        # forgetting quality on the fixed design: its pretrained model, 2N oracles, N runs of DEL and of finetuning
        "table2_del_vs_baselines": sum(runs(1, m) for m in s["methods"]) + E
            + 2 * N * S * E * retain + N * S * (method_epochs(s, "del") + method_epochs(s, "finetune")),
        "table1_granularity_criterion": runs(3, "del"),
        "table3_random_masks": runs(3, "del"),
        "table4_forget_specific": runs(2, "del") + S,  # + the training-set scores of weighted_grad_all
        "fig2_memorization_strategies": fig2,
        "fig3_mask_x_algorithm": sum(runs(1, f"{k}@{s['mask_budget']}+{a}")
                                     for k in ("del", "salloc") for a in s.get("algorithms", ())),
        "xcompute_matched": R * sum(b * retain * 3 for b in s.get("budgets", ()) if b != E),
        "xmemorization": mem + mem_runs,
    }

def paper_model(dataset: str, arch: str) -> torch.nn.Module:
    "A fresh `arch` for the dataset's classes and image size."
    return create_model(arch, CLASSES[dataset], seed=0, **({"image_size": SHAPE[dataset][1]} if arch == "vit" else {}))

def flops_per_example(dataset: str, arch: str) -> float:
    "Forward and backward FLOPs of one training example at the dataset's shapes (counted at batch 2)."
    model = paper_model(dataset, arch)
    x, y = torch.randn(2, *SHAPE[dataset]), torch.arange(2) % CLASSES[dataset]
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(model(x), y).backward()
    return counter.get_total_flops() / 2

def seconds_per_epoch(dataset: str, arch: str, batch: int, steps: int, device: torch.device) -> float:
    "Training steps on synthetic tensors at the dataset's shapes, extrapolated to one epoch of its training set."
    model = paper_model(dataset, arch).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = (torch.randn(batch, *SHAPE[dataset], device=device),
            torch.randint(0, CLASSES[dataset], (batch,), device=device))
    def step():
        opt.zero_grad(); F.cross_entropy(model(x), y).backward(); opt.step()
    step()
    if device.type == "cuda": torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps): step()
    if device.type == "cuda": torch.cuda.synchronize()
    return (time.perf_counter() - start) / steps * TRAIN_SIZE[dataset] / batch

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="*", default=["cifar10", "svhn", "imagenet100"],
                        help="sections of settings.ini")
    parser.add_argument("--tflops", type=float, default=30.0, help="assumed sustained TFLOP/s for the hours column")
    parser.add_argument("--time", action="store_true", help="also time training steps on --device")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, default=20, help="timed training steps (with --time)")
    args = parser.parse_args(argv)
    for dataset in args.dataset:
        s = load_section(dataset)
        per_example = flops_per_example(dataset, s["arch"])
        epoch_pflop = per_example * TRAIN_SIZE[dataset] / 1e15
        print(f"\n[{dataset}] {s['arch']}, {TRAIN_SIZE[dataset]} training examples of shape {SHAPE[dataset]}: "
              f"{per_example / 1e9:.2f} GFLOP per example, {epoch_pflop:.3f} PFLOP per epoch")
        if args.time:
            sec = seconds_per_epoch(dataset, s["arch"], s["batch_size"], args.steps, torch.device(args.device))
            print(f"  measured on {args.device}: {sec:.1f} s per epoch "
                  f"(synthetic tensors, batch {s['batch_size']}, no data loading)")
        rows = notebook_epochs(s)
        print(f"  {'notebook':<32} {'epochs':>8} {'PFLOP':>9} {'hours':>7}" + ("  measured hours" if args.time else ""))
        for name, epochs in [*rows.items(), ("total", sum(rows.values()))]:
            hours = epochs * epoch_pflop * 1e3 / args.tflops / 3600
            extra = f"  {epochs * sec / 3600:14.1f}" if args.time else ""
            print(f"  {name:<32} {epochs:8.0f} {epochs * epoch_pflop:9.1f} {hours:7.1f}{extra}")

if __name__ == "__main__":
    main()
