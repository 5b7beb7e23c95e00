"""The store's keys are the contract between the code and every stored artifact: a refactoring that changes one
silently recomputes, or worse, a change of results that keeps one serves stale artifacts. These are the keys that the
code computed, on 2026-12-07, for one smoke-scale digits experiment: replicate 1's pretrained model, its oracle, DEL's
mask and a DEL run (new values since experiments run in independent replicates: each draws its own pretrained model,
forget set, oracle and run seeds, which are in the keys). A change
of a key must come with the reason (a `CODE_VERSIONS` bump, a changed setting) and a new value here."""
import json, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = {"pretrained": "2d4e254fd6cc0f6fd9f4", "oracle": "e1f26337281d0f2c1a2e", "mask": "5c4e860b133f843893c2",
         "result": "1fe0aac0022963bb4d3c"}
SCRIPT = '''
import json, tempfile, torch
torch.set_num_threads(1)
from unlearnbook.experiment import Experiment
from unlearnbook.store import ArtifactStore
from unlearnbook.project import load_section
s = load_section("digits")
exp = Experiment("digits", {**s, "epochs": 1}, label_noise=s["label_noise"], forget_seed=s["forget_seed"],
                 forget_classes=s["forget_classes"], store=ArtifactStore(tempfile.mkdtemp()), device="cpu",
                 progress=False)
exp.run("iid", "del", exp.replicate(1), mask={"strategy": "del"}, epochs=1, lr=0.05)
entries = exp.store.entries()
print(json.dumps({a: k.split("/")[-1] for a, k in zip(entries.artifact, entries.key)}))
'''


def test_store_keys_are_todays(tmp_path):
    "A process that imports `unlearnbook.experiment` computes today's keys (training one epoch of each model)."
    env = {**os.environ, "UNLEARNBOOK_WORKDIR": str(tmp_path), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == TODAY
