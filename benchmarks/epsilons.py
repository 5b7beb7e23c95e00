"""Time forgetting quality's per-example ε through the distinct rates its rules reach, against every rule of the
scorer's grids, and the bootstrap interval that the faster path pays for.

`unlearnbook.metrics.example_epsilons` takes each example's ε as the largest over the distinct (FPR, FNR) pairs its
rules reach (`distinct_rates`, `interval_rate_pairs`); the challenge's scorer (google-deepmind/unlearning_evaluation
`metric.py` @ ffae0ff, L64-L162) evaluates every rule of its grids, about 160,000 intervals per example. The reference
path here does that, with the library's own `single_threshold_rates`, `interval_rates` and `rule_epsilons`. On the same
synthetic outputs (N models per side, n forget examples, one side shifted by half a standard deviation) it prints:

- `rules s`: ε of every example from every rule (median of the repeats);
- `distinct s`: `example_epsilons` (median of the repeats);
- `ratio`: rules / distinct;
- `same`: whether the two give the same ε, bit for bit (they must);
- `interval s`: `quality_interval` with its default 200 resamples, once.

The ceiling line is a 2048 x 2048 float32 matrix product's GFLOP/s on one thread, to place the machine; ε is NumPy
searching and counting, not floating-point work, so no share of it is claimed.

It is a benchmark, not a test: nothing is asserted about time. Run from the repository root on a quiet machine:

    .venv/bin/python benchmarks/epsilons.py [--n 8 16 64] [--examples 129] [--repeats 3]
"""
import argparse, os, statistics, sys, time


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, nargs="+", default=[8, 16, 64], help="models per side (each >= 2)")
    p.add_argument("--examples", type=int, default=129, help="forget examples (the digits' iid forget set: 129)")
    p.add_argument("--repeats", type=int, default=3, help="timed repeats of each path")
    args = p.parse_args(argv)
    if min(args.n) < 2: p.error(f"--n values must be >= 2, got {args.n}")
    return args


def median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    args = parse(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"): os.environ[var] = "1"
    import numpy as np
    import torch
    torch.set_num_threads(1)
    from unlearnbook.metrics import (EPSILON_CAP, _point_mass, example_epsilons, interval_rates, quality_interval,
                                     rule_epsilons, sides, single_threshold_rates)

    def every_rule(u, r):
        "ε per example from every rule of both grids, as the scorer enumerates them."
        p, q = sides(u, r)
        out = []
        for i in range(p.shape[1]):
            if _point_mass(p[:, i], q[:, i]): out.append(EPSILON_CAP); continue
            (f1, n1), (f2, n2) = single_threshold_rates(p[:, i], q[:, i]), interval_rates(p[:, i], q[:, i])
            out.append(min(np.nanmax(rule_epsilons(np.r_[f1, f2], np.r_[n1, n2])), EPSILON_CAP))
        return np.array(out)

    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    a @ b
    ceiling = 2 * 2048 ** 3 / median_seconds(lambda: a @ b, 5) / 1e9
    print(f"ceiling (2048² float32 matmul, 1 thread): {ceiling:.1f} GFLOP/s; {args.examples} examples per side")
    print(f"{'N':>4s} {'rules s':>9s} {'distinct s':>11s} {'ratio':>7s} {'same':>5s} {'interval s':>11s}")
    rng = np.random.default_rng(0)
    for n in args.n:
        u, r = rng.normal(0, 1, (n, args.examples)), rng.normal(0.5, 1, (n, args.examples))
        slow = median_seconds(lambda: every_rule(u, r), args.repeats)
        fast = median_seconds(lambda: example_epsilons(u, r), args.repeats)
        same = bool(np.array_equal(every_rule(u, r), example_epsilons(u, r)))
        start = time.perf_counter(); quality_interval(u, r); interval = time.perf_counter() - start
        print(f"{n:4d} {slow:9.3f} {fast:11.3f} {slow / fast:7.1f} {str(same):>5s} {interval:11.1f}")


if __name__ == "__main__":
    sys.exit(main())
