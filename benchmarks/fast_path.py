"""Time one pretraining epoch of ResNet-18 on CIFAR-10-shaped data: the plain path against the fast path.

Both paths run `unlearnbook.train.train` with the CIFAR-10 recipe's optimizer (SGD, momentum 0.9, lr 0.1, batch 128):

- **plain**: a `DataLoader` over a dataset that converts each uint8 image to a tensor one by one (`PIL.Image` then
  `ToTensor`, as torchvision's `CIFAR10` does and as the authors' code reads CIFAR-10), in float32;
- **fast**: the same loader on the fast path (`fast=True`: the images converted once and held on the device, batches
  gathered there in the same order, a channels-last model) with bf16 autocast, and `torch.compile` with `--compile`.

The images are random (seeded), of CIFAR-10's shape: 32×32×3, 10 classes. Each path trains two epochs and the
second is timed (the first pays for warm-up: cuDNN's choices, compilation). The time to hold the images on the
device is printed apart: it is paid once per dataset and process, not per epoch.

On a GPU it also compares the fast epoch with the physical limit: ResNet-18 (CIFAR stem) costs about 0.56 GFLOP
forward per 32×32 image, so forward and backward over CIFAR-10's 50,000 images are about 166 TFLOP (`--n` scales it);
at an H100 SXM's dense bf16 peak (989 TFLOP/s) that is 0.17 s. Goals: fast ≥ 3× plain, and within 5× of the limit.

A benchmark, not a test: nothing is asserted, and the figures depend on the machine and its load. On a CPU keep `--n`
small (the default is 256 on a CPU, 50,000 on a GPU). Run from the repository root:

    .venv/bin/python benchmarks/fast_path.py [--device cuda] [--n 50000] [--compile] [--threads 1] [--workers 4]
"""
import argparse, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's unlearnbook, wherever it is run from

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms as T

from unlearnbook.data import Labeled, data_loader
from unlearnbook.models import create_model
from unlearnbook.train import FastBatches, train

TFLOP_PER_CIFAR_EPOCH = 166.0  # forward and backward of ResNet-18 over 50,000 32×32 images
H100_BF16_TFLOPS = 989.0  # an H100 SXM's dense bf16 peak

class CifarShaped(Dataset):
    "Random uint8 32×32×3 images read like torchvision's CIFAR10: PIL image, then the transform."
    def __init__(self, n: int, seed: int):
        rng = np.random.default_rng(seed)
        self.data, self.targets = rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8), rng.integers(0, 10, n).tolist()
        self.transform = T.ToTensor()
    def __len__(self): return len(self.data)
    def __getitem__(self, i): return self.transform(Image.fromarray(self.data[i])), self.targets[i]

def epoch_seconds(loader, device, **path) -> float:
    "Wall time of the second of two epochs of ResNet-18 on `loader` (the first warms up)."
    model = create_model("resnet18", 10, seed=0)
    run = train(model, loader, epochs=2, lr=0.1, seed=0, device=device, progress=False, schedule="constant", **path)
    return run.history[-1]["seconds"]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                    help="cpu or cuda (default: cuda when present)")
    ap.add_argument("--n", type=int, default=None, help="images per epoch (default: 50,000 on a GPU, 256 on a CPU)")
    ap.add_argument("--batch", type=int, default=128, help="batch size (the CIFAR-10 recipe's 128)")
    ap.add_argument("--workers", type=int, default=None,
                    help="the plain loader's worker processes (default: 4 on a GPU, 0 on a CPU)")
    ap.add_argument("--compile", action="store_true", help="the fast path also runs torch.compile")
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's choice)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random images")
    args = ap.parse_args()
    if args.threads is not None: torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    gpu = device.type == "cuda"
    n = args.n or (50_000 if gpu else 256)
    data = CifarShaped(n, args.seed)
    labeled = Labeled(data, data.targets)
    loader = lambda: data_loader(labeled, batch_size=args.batch, shuffle=True,
                                 num_workers=args.workers if args.workers is not None else (4 if gpu else 0))
    start = time.perf_counter()
    FastBatches(loader(), device)  # holds the images on the device for the fast run below (cached per dataset)
    hold = time.perf_counter() - start
    plain = epoch_seconds(loader(), device)
    fast = epoch_seconds(loader(), device, fast=True, precision="bfloat16", compiled=args.compile)
    name = torch.cuda.get_device_name(device) if gpu else f"CPU, {torch.get_num_threads()} threads"
    print(f"ResNet-18, {n:,} CIFAR-10-shaped images, batch {args.batch}, {name}")
    print(f"plain epoch s {plain:.3f}  fast epoch s {fast:.3f}  fast/plain speed-up {plain / fast:.2f}x"
          f"  (holding the images once: {hold:.2f} s{', torch.compile' if args.compile else ''})")
    if gpu:
        limit = TFLOP_PER_CIFAR_EPOCH * n / 50_000 / H100_BF16_TFLOPS
        print(f"physical limit s {limit:.3f} (at {H100_BF16_TFLOPS:.0f} TFLOP/s)  "
              f"fast epoch / limit {fast / limit:.1f}x")

if __name__ == "__main__":
    main()
