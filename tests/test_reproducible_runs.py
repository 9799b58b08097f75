"""The same seed gives the same metrics, and the training scripts run unchanged under torchrun
(DDP with gloo on CPU) with rank 0 alone writing the outputs."""

import json
import os
import subprocess
import sys

import pytest

from tiny_runs import TRAINING_DIR, run_tiny_topic, tiny_topic_config
from zhnews.paths import REPO_ROOT

TIMING_KEYS = {"train_wall_seconds", "peer_train_wall_seconds"}
# Enough epochs for the synthetic topics to be learned whatever the data order; no early stop, so that
# both runs take every step.
SETTINGS = {"epochs": 8, "early_stopping_patience": 100}


def without_timings(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if k not in TIMING_KEYS}


@pytest.fixture(scope="module")
def single_process_runs(tiny_bert_dir, topic_files, tmp_path_factory):
    """The tiny topic config run twice in this process, batch 8, seed 42."""
    return [run_tiny_topic(tmp_path_factory.mktemp(f"repeat-{i}"), tiny_bert_dir, topic_files, **SETTINGS)
            for i in range(2)]


def test_the_same_seed_twice_gives_identical_metrics(single_process_runs):
    (first_dir, first), (second_dir, second) = single_process_runs
    assert without_timings(first) == without_timings(second)
    assert first["bert"]["dev"]["macro_f1"] > 0.5  # it learned something, so the equality is not trivial
    infos = [json.loads((d / "run_info.json").read_text()) for d in (first_dir, second_dir)]
    assert infos[0]["data_files"] == infos[1]["data_files"] and infos[0]["seed"] == infos[1]["seed"] == 42


def trained_steps(run_dir) -> tuple[int, list[float]]:
    state = json.loads(max((run_dir / "checkpoints").glob("checkpoint-*/trainer_state.json"),
                           key=lambda p: int(p.parent.name.split("-")[1])).read_text())
    return state["global_step"], [h["eval_loss"] for h in state["log_history"] if "eval_loss" in h]


def test_torchrun_two_processes_train_once_and_match_a_single_process_run(single_process_runs, tiny_bert_dir,
                                                                          topic_files, tmp_path):
    """2 processes x batch 4 against 1 process x batch 8: the same effective batch and number of steps."""
    config = tiny_topic_config(tmp_path, tiny_bert_dir, topic_files, batch_size=4, **SETTINGS)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    result = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
                             str(TRAINING_DIR / "run_topic.py"), str(config)],
                            capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]

    run_dir = tmp_path / "run"
    info = json.loads((run_dir / "run_info.json").read_text())
    assert info["world_size"] == 2
    steps, dev_losses = trained_steps(run_dir)
    single_dir, single = single_process_runs[0]
    assert steps == trained_steps(single_dir)[0]  # each process took half of every batch of 8
    assert dev_losses[-1] < dev_losses[0]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "checkpoints" not in p.parts]
    assert [p for p in written if p.name == "metrics.json"] == [run_dir / "metrics.json"]
    assert [p for p in written if p.name == "model.safetensors"] == [run_dir / "model.safetensors"]
    assert result.stdout.count("[dev]") == 1  # the report after saving ran in one process only
    distributed = json.loads((run_dir / "metrics.json").read_text())
    for key in ("accuracy", "macro_f1"):
        assert distributed["bert"]["dev"][key] == pytest.approx(single["bert"]["dev"][key], abs=0.1)
