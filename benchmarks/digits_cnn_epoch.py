"""Time one training epoch of the digits CNN (`unlearnbook.models.create_model("cnn", 10)`).

The embedded default trains many models (pretraining, oracles, unlearning runs), so an epoch must be cheap. This
prints the wall time of one epoch over `--n` random 8×8 one-channel images at batch `--batch` (forward, cross-entropy,
backward and an SGD step with momentum), on the CPU unless `--device` says otherwise:

- `best s` / `median s`: the best and the median of `--repeats` epochs, after one warm-up epoch;
- `images/s`: `--n` divided by the best time.

It is a benchmark, not a test: nothing is asserted about time, and the figures depend on the machine and its load.
Pin the number of CPU threads with `--threads` to compare runs. Run from the repository root:

    .venv/bin/python benchmarks/digits_cnn_epoch.py [--threads 1] [--repeats 3] [--n 1280] [--batch 128]
"""
import argparse, statistics, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's unlearnbook, wherever it is run from

import torch
import torch.nn.functional as F

from unlearnbook.models import create_model

def epoch(model, opt, x, y, batch: int, device: torch.device) -> float:
    "Wall time, in seconds, of one training epoch over `x`, `y`."
    if device.type == "cuda": torch.cuda.synchronize()
    start = time.perf_counter()
    for i in range(0, len(x), batch):
        opt.zero_grad()
        F.cross_entropy(model(x[i:i + batch]), y[i:i + batch]).backward()
        opt.step()
    if device.type == "cuda": torch.cuda.synchronize()
    return time.perf_counter() - start

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's choice)")
    ap.add_argument("--repeats", type=int, default=3, help="timed epochs, after one warm-up epoch")
    ap.add_argument("--n", type=int, default=1280, help="images per epoch")
    ap.add_argument("--batch", type=int, default=128, help="batch size")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--seed", type=int, default=0, help="seed of the model and of the random images")
    args = ap.parse_args()
    if args.threads is not None: torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    model = create_model("cnn", 10, seed=args.seed).to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    gen = torch.Generator().manual_seed(args.seed)
    x = torch.randn(args.n, model.options["in_channels"], 8, 8, generator=gen).to(device)
    y = torch.randint(0, model.num_classes, (args.n,), generator=gen).to(device)
    epoch(model, opt, x, y, args.batch, device)  # warm-up
    times = [epoch(model, opt, x, y, args.batch, device) for _ in range(args.repeats)]
    print(f"digits CNN ({sum(p.numel() for p in model.parameters()):,} parameters), {args.n} images, "
          f"batch {args.batch}, device {device}, threads {torch.get_num_threads()}")
    print(f"best s {min(times):.4f}  median s {statistics.median(times):.4f}  images/s {args.n / min(times):,.0f}")

if __name__ == "__main__":
    main()
