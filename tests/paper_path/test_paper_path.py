"""The paper path, end to end, before a user runs it: every experiment notebook on CIFAR-10 (ResNet-18), SVHN (ViT)
and ImageNet-100 (ResNet-50), through the real runner (`unlearnbook reproduce --dataset NAME --set ...`) with the
paper sections of settings.ini, shrunk only in sizes: tiny files written in each dataset's real on-disk format,
8-pixel images (the ViT follows the side: `unlearnbook.models.input_options`), 2 seeds, 1 epoch for everything,
3 forgetting-quality models, 35 memorization subset models (the fewest that leave each of 50 examples in and out of 3),
budgets of 1 and 2 epochs.

This is not part of `make test` (pyproject's pytest configuration keeps `pytest tests` out of this folder); CI runs
it first, on its own: `python -m pytest tests/paper_path -n 2` (one dataset per worker, one thread each)."""
import json, os, pickle, subprocess, sys, textwrap, time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
N_TRAIN, N_TEST = 50, 20  # images per split: 5 of each class in training, enough for 10% forget sets of two classes


def write_cifar(root: Path, rng):
    "CIFAR-10's python version: five pickled training batches, a test batch and batches.meta (Python 2 pickles)."
    d = root / "cifar-10-batches-py"; d.mkdir(parents=True)
    per_batch = N_TRAIN // 5
    for i, name in enumerate([f"data_batch_{k}" for k in range(1, 6)] + ["test_batch"]):
        n = N_TEST if name == "test_batch" else per_batch
        labels = [(i * per_batch + j) % 10 for j in range(n)]
        data = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
        (d / name).write_bytes(pickle.dumps({"data": data, "labels": labels, "batch_label": name}, protocol=2))
    names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    (d / "batches.meta").write_bytes(pickle.dumps({"label_names": names}, protocol=2))


def write_svhn(root: Path, rng):
    "SVHN's cropped digits: train_32x32.mat and test_32x32.mat, X (32, 32, 3, n), labels 1..10 (10 is the digit 0)."
    import scipy.io
    root.mkdir(parents=True)
    for split, n in (("train", N_TRAIN), ("test", N_TEST)):
        y = (np.arange(n) % 10 + 1).reshape(n, 1).astype(np.uint8)
        scipy.io.savemat(root / f"{split}_32x32.mat",
                         {"X": rng.integers(0, 256, (32, 32, 3, n), dtype=np.uint8), "y": y})


def write_imagenet100(root: Path, rng):
    "ImageNet-100 as an ImageFolder tree: train/<wnid>/*.JPEG and val/<wnid>/*.JPEG, 10 of the 100 classes, odd sizes."
    from PIL import Image
    from unlearnbook.data import IMAGENET100_CLASSES
    for split, n in (("train", N_TRAIN), ("val", N_TEST)):
        for c, wnid in enumerate(IMAGENET100_CLASSES[:10]):
            (root / split / wnid).mkdir(parents=True)
            for j in range(n // 10):
                h, w = 20 + (c + j) % 7, 18 + (2 * c + j) % 9
                img = Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
                # one greyscale JPEG
                (img.convert("L") if j == 0 else img).save(root / split / wnid / f"{wnid}_{j}.JPEG")


WRITERS = {"cifar10": write_cifar, "svhn": write_svhn, "imagenet100": write_imagenet100}
IMAGE_SIZE = 8  # the images' side in pixels, for every dataset

# torchvision checks the MD5 of the official CIFAR-10 and SVHN files, which tiny files cannot match: every Python
# process of the run (the runner and the notebooks' kernels) starts with this sitecustomize on its path, which skips
# that check.
SITECUSTOMIZE = textwrap.dedent('''\
    import torchvision.datasets.cifar, torchvision.datasets.svhn
    torchvision.datasets.cifar.check_integrity = torchvision.datasets.svhn.check_integrity = lambda *a, **k: True
''')


def overrides(dataset: str) -> dict:
    "The section shrunk in sizes only: replicates, epochs (every method's too), models per estimate, budgets, images."
    from unlearnbook.project import load_section
    from unlearnbook.unlearn import METHODS, default_hparams
    section = load_section(dataset)
    small = {"replicates": (1, 2), "epochs": 1, "quality_models": 3, "klom_models": 3, "budgets": (1, 2),
             "memorization_models": 35, "memorization_epochs": 1, "image_size": IMAGE_SIZE}
    small |= {k: 1 for k in section if k.split(".")[-1] == "epochs" or ".epochs." in k}  # methods' and pairs' epochs
    # those the section leaves at their default
    small |= {f"{m}.epochs": 1 for m in METHODS if "epochs" in default_hparams(m)}
    return small


def failures(figures: Path) -> list[str]:
    "For each notebook kept in figures/failed/: its name, the failing cell's index, its first line and the error line."
    found = []
    for nb_path in sorted((figures / "failed").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text())
        cells = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                 and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        if cells:
            i, cell = cells[0]
            error = next(o for o in cell["outputs"] if o.get("output_type") == "error")
            source = "".join(cell["source"]).strip().splitlines() or [""]
            found.append(f"{nb_path.name} cell {i} ({source[0][:80]!r}): {error['ename']}: {error['evalue'][:500]}")
        else:
            exc = nb.get("metadata", {}).get("papermill", {}).get("exception")
            found.append(f"{nb_path.name}: failed without an error cell (papermill exception: {exc})")
    return found


@pytest.mark.parametrize("dataset", list(WRITERS))
def test_paper_path(dataset, tmp_path):
    data, work, site = tmp_path / "data", tmp_path / "work", tmp_path / "site"
    WRITERS[dataset](data, np.random.default_rng(0))
    site.mkdir(); (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {**os.environ, "UNLEARNBOOK_WORKDIR": str(work), "UNLEARNBOOK_STORE": str(work / "store"),
           "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "UNLEARNBOOK_DEVICE": "cpu",
           "PYTHONPATH": os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])}
    argv = ["reproduce", "--dataset", dataset, "--data-root", str(data), "--device", "cpu"]
    for key, value in overrides(dataset).items(): argv += ["--set", f"{key}={value!r}"]
    start = time.time()
    out = subprocess.run([sys.executable, "-c", f"from unlearnbook.reproduce import main; main({argv!r})"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=2400)
    seconds = time.time() - start
    figures = work / "figures" / dataset
    print(f"{dataset}: {seconds:.0f} s\n{out.stdout[-3000:]}")
    failed = failures(figures)
    assert out.returncode == 0 and not failed, (f"{dataset}: the paper path failed after {seconds:.0f} s:\n  "
                                               + "\n  ".join(failed)
                                               + f"\n--- output (end) ---\n{(out.stdout + out.stderr)[-3000:]}")
    notebooks = sorted(p.stem for p in (ROOT / "nbs" / "paper").glob("[!_.]*.ipynb"))
    assert sorted(p.stem for p in (figures / "notebooks").glob("[!.]*.ipynb")) == notebooks, (
        f"{dataset}: executed notebooks")
    for nb in notebooks:
        prefix = nb.split("_")[0]
        assert (figures / f"{prefix}_verdicts.csv").is_file(), f"{dataset}: {nb} saved no {prefix}_verdicts.csv"
        assert list(figures.glob(f"{prefix}_*.png")) and list(figures.glob(f"{prefix}_*.pdf")), (
            f"{dataset}: {nb} saved no figure")
    ran = (json.loads((figures / "notebooks" / f"{notebooks[0]}.ipynb").read_text())
           ["metadata"]["papermill"]["parameters"])
    assert (ran["dataset"], ran["smoke"], ran["overrides"]["epochs"], ran["overrides"]["replicates"]) == (
        dataset, False, 1, [1, 2]), f"{dataset}: the overrides reached the notebooks"
