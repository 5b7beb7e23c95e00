"""The cost of identifying the data by content (`unlearnbook.data.fingerprint`) on data of CIFAR-10's size, next to
one training epoch of the paper's ResNet-18 on it. Prints seconds; nothing is asserted.

    .venv/bin/python benchmarks/fingerprint.py [--threads 2] [--batches 3]
"""
import argparse, time

import numpy as np
import torch
import torch.nn.functional as F
from torchvision import transforms as T

from unlearnbook.data import Labeled, fingerprint
from unlearnbook.models import create_model


class ArrayImages:
    "Stands in for torchvision's CIFAR10: a uint8 `.data` array of (N, 32, 32, 3) images and a transform."
    def __init__(self, n, seed=0):
        self.data = np.random.default_rng(seed).integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)
        self.transform = T.ToTensor()
    def __len__(self): return len(self.data)
    def __getitem__(self, i): return self.transform(self.data[i]), 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads(), help="torch threads")
    parser.add_argument("--batches", type=int, default=3,
                        help="ResNet-18 training batches timed to extrapolate one epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for n, name in ((50_000, "CIFAR-10 train"), (10_000, "CIFAR-10 test")):
        data = Labeled(ArrayImages(n), torch.zeros(n, dtype=torch.long))
        start = time.perf_counter(); fingerprint(data); seconds = time.perf_counter() - start
        print(f"fingerprint of {name} ({n:,} images, {data.source.data.nbytes / 2**20:.0f} MiB): {seconds:.3f} s")
    model = create_model("resnet18", 10, seed=0)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x, y = torch.rand(128, 3, 32, 32), torch.randint(0, 10, (128,))
    times = []
    for _ in range(args.batches + 1):
        start = time.perf_counter()
        opt.zero_grad(); F.cross_entropy(model(x), y).backward(); opt.step()
        times.append(time.perf_counter() - start)
    per_batch = float(np.median(times[1:]))
    print(f"ResNet-18, one training batch of 128 on {torch.device('cpu')} ({args.threads} threads): {per_batch:.2f} s; "
          f"one epoch of 391 batches: about {391 * per_batch:.0f} s")


if __name__ == "__main__":
    main()
