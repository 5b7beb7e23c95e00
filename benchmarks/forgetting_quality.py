"""Cost of the NeurIPS 2023 unlearning challenge's forgetting quality on the embedded default, and whether the ranking
of DEL, finetuning and the oracle changes with the number of models N.

Forgetting quality (`unlearnbook.metrics.forgetting_quality`) compares, on every forget example, the outputs of N
unlearned models with those of N retrained ones, as the challenge's scorer does (google-deepmind/unlearning_evaluation
`metric.py` @ ffae0ff: single-threshold and interval attacks on its grid, ε binned up to ⌈log(N − 1)⌉, so N = 2 scores
0 whatever the models). Scoring the oracle itself needs 2N retrained models: N as the
reference every method is compared with (seeds 1..N) and N more scored as the "oracle" method (seeds 1001..1000+N).
DEL and finetuning run N times each (seeds 1..N) from the one pretrained model of the `[digits]` recipe, with the
recipe's hyperparameters (`del.epochs`, `del.lr`, `finetune.epochs`, `finetune.lr`, `mask_budget`; DEL's mask is the
paper's: weighted gradient, channel granularity), all through the library (`unlearnbook.train.pretrain`,
`train_oracle`, `unlearnbook.localize.make_mask`, `unlearnbook.unlearn.unlearn`).

The models are trained once for the largest N; each smaller N uses the first N of each kind. For each N it prints:

- `train s`: the training seconds of the models that N needs (2N oracles, N DEL runs, N finetuning runs), as recorded
  when they were trained (a cached oracle keeps the time of its first training);
- `F s`: the seconds to compute the three forgetting qualities (the statistics are computed once, beforehand);
- `F <method>` and `score <method>`: forgetting quality and the challenge's final score (F times the unlearned-to-
  retrained ratios of mean retain and test accuracy);
- `ranking`: the methods by F, best first, and `same as N=<largest>`: whether that ranking is the one of the largest N.

With the full recipe, the largest N trains 4N + 1 models (N = 64: 257), so run it on a quiet machine.

It is a benchmark, not a test: nothing is asserted. The oracles and the pretrained model are cached in the artifact
store: `--store DIR`, else `$UNLEARNBOOK_WORKDIR/data/store` when that variable is set, else a fresh temporary
directory (nothing is written into the checkout). Run from the repository root:

    .venv/bin/python benchmarks/forgetting_quality.py [--n 8 16 32 64] [--threads 1] [--setting iid] [--epochs E]
"""
import argparse, os, sys, tempfile, time

ORACLE_OFFSET = 1000  # the scored oracles' seeds start above every reference seed
METHODS = ("del", "finetune", "oracle")


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, nargs="+", default=[8, 16, 32, 64], help="numbers of models per side (each >= 2)")
    p.add_argument("--threads", type=int, default=1, help="torch / OpenMP threads (default 1: the machine is shared)")
    p.add_argument("--setting", choices=("iid", "classes"), default="iid", help="the forget setting")
    p.add_argument("--epochs", type=int, default=None,
                   help="override the recipe's epochs for pretraining, oracles, DEL and finetuning (quick checks)")
    p.add_argument("--store", default=None, help="artifact store directory (default: see the module docstring)")
    p.add_argument("--device", default="cpu", help="torch device (default cpu)")
    args = p.parse_args(argv)
    if min(args.n) < 2: p.error(f"--n values must be >= 2, got {args.n}")
    return args


def main(argv=None):
    args = parse(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"): os.environ[var] = str(args.threads)
    import pandas as pd
    import torch
    torch.set_num_threads(args.threads)
    from unlearnbook.data import data_loader, load_dataset, make_forget_set
    from unlearnbook.localize import make_mask
    from unlearnbook.metrics import accuracy, challenge_score, forgetting_quality, model_statistics
    from unlearnbook.store import ArtifactStore
    from unlearnbook.project import load_section
    from unlearnbook.train import pretrain, train_oracle
    from unlearnbook.unlearn import hparams_from_section, unlearn

    section = load_section("digits")
    hp = {m: hparams_from_section(section, m, args.setting) for m in ("del", "finetune")}
    if args.epochs is not None:
        section["epochs"] = args.epochs
        for m in hp: hp[m]["epochs"] = args.epochs
    store_root = args.store or (None if os.environ.get("UNLEARNBOOK_WORKDIR") else tempfile.mkdtemp(prefix="fq-bench-"))
    store = ArtifactStore(store_root)
    fit = dict(store=store, device=args.device, progress=False)
    splits = load_dataset("digits", label_noise=section["label_noise"], seed=section["data_seed"])
    extra = {"classes": section["forget_classes"]} if args.setting == "classes" else {}
    forget = make_forget_set(splits.train, args.setting, fraction=section["forget_fraction"],
                             seed=section["forget_seed"], **extra)
    forget_dl = data_loader(splits.train_eval, forget.indices)
    retain_dl, test_dl = data_loader(splits.train_eval, forget.retain), data_loader(splits.test)
    train_retain = data_loader(splits.train, forget.retain, batch_size=section["batch_size"], shuffle=True)
    n_max, sizes = max(args.n), sorted(set(args.n))
    print(f"digits, forget setting {args.setting} ({len(forget)} examples), N = {sizes}, {args.threads} thread(s), "
          f"epochs: pretrain/oracles {section['epochs']}, del {hp['del']['epochs']}, "
          f"finetune {hp['finetune']['epochs']}")

    tick = time.perf_counter()
    pre = pretrain(splits, section, seed=section["pretrain_seed"], **fit)
    reference = [train_oracle(splits, forget, section, seed=s, **fit) for s in range(1, n_max + 1)]
    scored = [train_oracle(splits, forget, section, seed=ORACLE_OFFSET + s, **fit) for s in range(1, n_max + 1)]
    mask = make_mask(pre.model, forget_dl, criterion="weighted_grad", granularity="channel",
                     budget=section["mask_budget"], forget_hash=forget.hash)
    runs = {m: [unlearn(m, pre.model, forget=forget_dl, retain=train_retain, seed=s, progress=False, device=args.device,
                        **hp[m], **({"mask": mask} if m == "del" else {}))
                for s in range(1, n_max + 1)] for m in ("del", "finetune")}
    print(f"training (or reading from the store): {time.perf_counter() - tick:.1f} s wall")

    models = {"del": [r.model for r in runs["del"]], "finetune": [r.model for r in runs["finetune"]],
              "oracle": [o.model for o in scored], "reference": [o.model for o in reference]}
    seconds = {"del": [r.cost["seconds"] for r in runs["del"]],
               "finetune": [r.cost["seconds"] for r in runs["finetune"]],
               "oracle": [o.seconds for o in scored], "reference": [o.seconds for o in reference]}
    tick = time.perf_counter()
    stats = {k: model_statistics(v, forget_dl) for k, v in models.items()}
    accs = {k: {"retain": [accuracy(m, retain_dl) for m in v], "test": [accuracy(m, test_dl) for m in v]}
            for k, v in models.items()}
    print(f"statistics and accuracies of {sum(map(len, models.values()))} models: "
          f"{time.perf_counter() - tick:.1f} s wall")

    rows = []
    for n in sizes:
        tick = time.perf_counter()
        quality = {m: forgetting_quality(stats[m][:n], stats["reference"][:n]) for m in METHODS}
        f_seconds = time.perf_counter() - tick
        first = lambda a: {k: v[:n] for k, v in a.items()}
        score = {m: challenge_score(quality[m], first(accs[m]), first(accs["reference"])) for m in METHODS}
        rows.append({"N": n, "models": 4 * n, "train s": sum(sum(v[:n]) for v in seconds.values()), "F s": f_seconds,
                     **{f"F {m}": quality[m] for m in METHODS}, **{f"score {m}": score[m] for m in METHODS},
                     "ranking": " > ".join(sorted(METHODS, key=lambda m: -quality[m]))})
    table = pd.DataFrame(rows)
    table[f"same as N={n_max}"] = table["ranking"] == table["ranking"].iloc[-1]
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(table.round(4).to_string(index=False))


if __name__ == "__main__":
    sys.exit(main())
