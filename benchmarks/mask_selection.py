"""Time the vectorized mask selection of `unlearnbook.localize` against the authors' argsort-twice selection.

The authors' `generate_mask.py` (L122–L161, github.com/reihaneh-torkzadehmahani/DEL-Unlearning at commit b1f732c)
broadcasts every channel score over its entries, sorts all N entries, sorts the resulting positions again to get
ranks and keeps ranks below ⌊α·N⌋. `select_top` finds the cut-off score instead (a stable sort of the few thousand
channel units, or an O(N) k-th value search at parameter granularity) and fills the tied units in position order.
For each model and granularity this prints, from the same random per-entry scores:

- `reduce s`: the channel reduction (`unit_scores`, top-h means per row), which both selections need;
- `select s`: `select_top` on the unit scores (median of the repeats);
- `argsort2 s`: `broadcast_units` + `argsort_twice_mask` with a stable sort, the same definition done the authors' way;
- `ratio`: argsort2 / select;
- `select MB` / `argsort2 MB`: the peak memory each adds (resident set on the CPU, allocator peak on CUDA);
- `stable`: whether the mask equals the stable argsort-twice mask entry for entry (it must);
- `unstable`: how the mask compares with an unstable argsort-twice (the authors' exact call): `exact`, or the number
  of entries that differ, all of which must tie at the cut-off score (the straddling channel).

It is a benchmark, not a test: nothing is asserted about time. Run from the repository root:

    .venv/bin/python benchmarks/mask_selection.py [--repeats 3] [--budget 0.3] [--device cpu]
"""
import argparse, math, statistics, time

import torch

from unlearnbook.localize import argsort_twice_mask, broadcast_units, select_top, unit_scores
from unlearnbook.models import create_model

def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field))

def peak_mb(fn, device: torch.device):
    "Run `fn`; return its result and the peak memory it added in MB (None where it cannot be measured)."
    if device.type == "cuda":
        torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(device)
        base = torch.cuda.memory_allocated(device)
        out = fn(); torch.cuda.synchronize()
        return out, (torch.cuda.max_memory_allocated(device) - base) / 2**20
    try:
        with open("/proc/self/clear_refs", "w") as f: f.write("5")  # reset the peak resident set (Linux)
        base = _rss_kb("VmRSS:")
    except OSError:
        return fn(), None
    out = fn()
    return out, (_rss_kb("VmHWM:") - base) / 1024

def timed(fn, repeats: int, device: torch.device) -> float:
    "Median wall time of `fn()` over `repeats` runs, after one warm-up run."
    fn()
    times = []
    for _ in range(repeats):
        if device.type == "cuda": torch.cuda.synchronize()
        t = time.perf_counter(); fn()
        if device.type == "cuda": torch.cuda.synchronize()
        times.append(time.perf_counter() - t)
    return statistics.median(times)

def compare_unstable(ours: dict, theirs: dict, scores: dict) -> str:
    "'exact', or how many entries differ, checking that each one ties at the cut-off score."
    mine = torch.cat([m.flatten() for m in ours.values()])
    other = torch.cat([m.flatten() for m in theirs.values()])
    flat = torch.cat([s.flatten() for s in scores.values()])
    differ = mine != other
    if not bool(differ.any()): return "exact"
    cutoff = flat[mine].min()
    ties_only = bool((flat[differ] == cutoff).all()) and int(mine.sum()) == int(other.sum())
    return f"{int(differ.sum())} entries, {'all tied at the cut-off' if ties_only else 'NOT ONLY TIES'}"

def bench(arch: str, num_classes: int, granularity: str, budget: float, repeats: int, device: torch.device) -> dict:
    model = create_model(arch, num_classes, seed=0).to(device)
    gen = torch.Generator().manual_seed(0)
    scores = {n: torch.rand(p.shape, generator=gen).to(device) for n, p in model.named_parameters()}
    shapes = {n: p.shape for n, p in model.named_parameters()}
    reduce = lambda: unit_scores(scores, granularity=granularity, reduction=model.channel_reduction)
    units = reduce()
    ours = lambda: select_top(units, shapes, budget)
    reference = lambda stable=True: argsort_twice_mask(broadcast_units(units, shapes), budget, stable=stable)
    mask, select_mb = peak_mb(ours, device)
    ref_mask, ref_mb = peak_mb(reference, device)
    entry_scores = broadcast_units(units, shapes)
    t_select, t_ref = timed(ours, repeats, device), timed(reference, repeats, device)
    n = sum(math.prod(s) for s in shapes.values())
    return {"model": f"{arch} ({n / 1e6:.1f}M)", "granularity": granularity,
            "units": sum(u.numel() for u in units.values()),
            "selected": sum(int(m.sum()) for m in mask.values()), "reduce s": timed(reduce, repeats, device),
            "select s": t_select, "argsort2 s": t_ref, "ratio": t_ref / t_select,
            "select MB": select_mb, "argsort2 MB": ref_mb,
            "stable": "exact" if all(torch.equal(mask[k], ref_mask[k]) for k in mask) else "DIFFERENT",
            "unstable": compare_unstable(mask, reference(stable=False), entry_scores)}

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per measurement (median reported)")
    parser.add_argument("--budget", type=float, default=0.3, help="α, the fraction of parameters selected")
    parser.add_argument("--device", default="cpu", help="torch device, e.g. cpu or cuda")
    args = parser.parse_args()
    device = torch.device(args.device)
    print(f"torch {torch.__version__}, device {device}, {torch.get_num_threads()} threads, budget {args.budget}, "
          f"median of {args.repeats} runs\n")
    rows = [bench(arch, classes, gran, args.budget, args.repeats, device)
            for arch, classes in (("resnet18", 10), ("resnet50", 100)) for gran in ("channel", "param")]
    fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else ("n/a" if v is None else str(v))
    table = [list(rows[0])] + [[fmt(v) for v in row.values()] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table: print("  ".join(c.ljust(w) for c, w in zip(r, widths)))

if __name__ == "__main__":
    main()
