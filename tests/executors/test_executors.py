"""The executors (`unlearnbook.execute`) give the same artifacts, and a store that survives them: a tiny plan on the
embedded digits (two forget settings, one of them by memorization, DEL and finetuning, two replicates, one epoch)
computed from empty stores in this process, by two local worker processes and on a local Ray instance; then a worker
killed mid-task and a rerun; then two executors filling one store at once. Payloads are compared by their content digest
(`unlearnbook.store.content_digest`: every value but the wall times), never by their files (whose headers record
the host and the time).

Not part of `make test` (pyproject's pytest configuration keeps `pytest tests` out of this folder): CI runs it first, on
its own, with Ray installed (`pip install -e '.[ray]'`): `python -m pytest tests/executors`."""
import os, signal, subprocess, sys, textwrap, time
from pathlib import Path

import pytest

from unlearnbook.store import ArtifactStore, read_file

ROOT = Path(__file__).resolve().parents[2]
PLAN = textwrap.dedent('''\
    import sys
    from unlearnbook.experiment import Experiment
    from unlearnbook.execute import make_executor
    from unlearnbook.store import ArtifactStore
    from unlearnbook.project import load_section

    def plan(store, executor):
        "The plan's run records, computed by `executor` into `store`."
        s = load_section("digits")
        exp = Experiment("digits", {**s, "epochs": 1}, label_noise=s["label_noise"],
                         memorization_models=33, memorization_epochs=1, store=ArtifactStore(store), device="cpu",
                         executor=executor, progress=False)
        mask = {"strategy": "del", "budget": 0.3}
        return exp.compute([exp.later.run(setting, m, exp.replicate(r), mask=mask if m == "del" else None,
                                          epochs=1, lr=0.05)
                            for setting in ("iid", "mem_high") for m in ("del", "finetune") for r in (1, 2)])

    if __name__ == "__main__":
        name, workers, store = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        records = plan(store, make_executor(name, workers if name == "local" else None, progress=False))
        print("records", len(records))
''')
KINDS = {"pretrained", "oracle", "mask", "result", "memorization", "subset_model"}


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "plan.py"
    path.write_text(PLAN)
    return path


def run_plan(plan_file, executor: str, workers: int, store: Path, **popen):
    "Start the plan in a fresh Python process (one thread for the driver too): the executor's results land in `store`."
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "UNLEARNBOOK_STORE": str(store)}  # where a Ray executor probes that every node shares the store
    return subprocess.Popen([sys.executable, str(plan_file), executor, str(workers), str(store)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen)


def finish(process, timeout=600) -> str:
    out, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"the plan failed (exit {process.returncode}):\n{out[-3000:]}"
    return out


def assert_same(a: Path, b: Path):
    "Both stores hold the same keys, and every shared payload has the same content."
    kinds = ArtifactStore(a).payload_differences(ArtifactStore(b))
    assert KINDS <= set(kinds), f"the plan stored only {sorted(kinds)}"
    wrong = {k: v for k, v in kinds.items() if v["differ"] or v["only_here"] or v["only_there"]}
    assert not wrong, f"the stores differ: {wrong}"


def assert_intact(store: Path, killed: int | None = None):
    "Every file of the store reads back (its sha256 checked) and no temporary file is left but the `killed` writer's."
    for path in sorted(store.glob("*/*.pt")): read_file(path)
    leftovers = [p for p in store.rglob("*.tmp") if killed is None or f".{killed}." not in p.name]
    assert not leftovers, f"half-written files left: {leftovers}"


@pytest.fixture(scope="module")
def reference(plan_file, tmp_path_factory):
    "The plan computed in one process: the store every executor must reproduce."
    store = tmp_path_factory.mktemp("in_process")
    finish(run_plan(plan_file, "local", 1, store))
    return store


def test_local_workers_and_ray_store_what_one_process_stores(plan_file, reference, tmp_path):
    pytest.importorskip("ray")
    local, ray_store = tmp_path / "local", tmp_path / "ray"
    finish(run_plan(plan_file, "local", 2, local))
    assert_same(reference, local)
    out = finish(run_plan(plan_file, "ray", 2, ray_store))
    assert "records 8" in out
    assert_same(reference, ray_store)


def _workers_of(pid: int) -> list[int]:
    "The processes whose parent is `pid` (Linux /proc)."
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try: fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError: continue
        if int(fields[1]) == pid: children.append(int(stat.parent.name))
    return children


def test_a_killed_worker_costs_its_task_and_a_rerun_completes_the_store(plan_file, reference, tmp_path):
    store = tmp_path / "killed"
    driver = run_plan(plan_file, "local", 2, store)
    deadline = time.time() + 300
    while time.time() < deadline and not list(store.glob("oracle/*.pt")):
        time.sleep(0.2)  # the first oracle is stored: the workers are busy with the others and the masks
    workers = [p for p in _workers_of(driver.pid)
               if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text(errors="ignore")]
    assert workers, "no worker process to kill"
    os.kill(workers[0], signal.SIGKILL)
    driver.communicate(timeout=600)  # it may finish (the killed task is retried once) or stop with the task's failure
    assert_intact(store, killed=workers[0])  # a writer killed mid-write cannot remove its temporary file
    finish(run_plan(plan_file, "local", 2, store))  # the rerun computes only what is missing, and removes it
    assert_intact(store)
    assert_same(reference, store)


def test_two_executors_filling_one_store_at_once(plan_file, reference, tmp_path):
    store = tmp_path / "shared"
    first, second = run_plan(plan_file, "local", 2, store), run_plan(plan_file, "local", 1, store)
    finish(first); finish(second)
    assert_intact(store)
    assert_same(reference, store)
