"""Tiny training runs through the real entry points (training/run_topic.py, run_summary.py), for the
card, publishing, reproducibility and multi-process tests. Seconds each on a 2-layer model."""

import json
import random
import sys
from pathlib import Path

import yaml

from conftest import TOPIC_WORDS, topic_text

TRAINING_DIR = Path(__file__).resolve().parent.parent / "training"
sys.path.insert(0, str(TRAINING_DIR))
import run_summary  # noqa: E402
import run_topic  # noqa: E402


def tiny_topic_config(folder: Path, bert_dir: Path, topic_files: tuple[Path, Path], **overrides) -> Path:
    """A config file for a seconds-long topic run on the synthetic topics; returns its path."""
    config = {"model_name_or_path": str(bert_dir), "output_dir": str(folder / "run"),
              "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]), "max_length": 48,
              "epochs": 3, "batch_size": 8, "learning_rate": 3e-3, "ood_source": None, "bf16": False, **overrides}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    return folder / "config.yaml"


def run_tiny_topic(folder: Path, bert_dir: Path, topic_files: tuple[Path, Path], **overrides) -> tuple[Path, dict]:
    metrics = run_topic.main([str(tiny_topic_config(folder, bert_dir, topic_files, **overrides))])
    return folder / "run", metrics


def _write_pairs(path: Path, per_topic: int, rng: random.Random) -> None:
    rows = [{"text": topic_text(label, rng, length=60), "summary": words[:6]}
            for label, words in TOPIC_WORDS.items() for _ in range(per_topic)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def run_tiny_summary(folder: Path, vocab_file: Path, **overrides) -> tuple[Path, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    _write_pairs(folder / "train.jsonl", 4, rng)
    _write_pairs(folder / "dev.jsonl", 1, rng)
    config = {"output_dir": str(folder / "run"), "vocab_file": str(vocab_file),
              "train_file": str(folder / "train.jsonl"), "dev_file": str(folder / "dev.jsonl"),
              "d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "attention_heads": 2, "ffn_dim": 32,
              "max_position_embeddings": 96, "max_source_length": 64, "max_target_length": 12, "epochs": 1,
              "batch_size": 8, "eval_batch_size": 12, "learning_rate": 3e-3, "bf16": False, "num_beams": 2,
              "min_new_tokens": 2, "max_new_tokens": 8, "copy_bonus": 1.0, **overrides}
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    return folder / "run", run_summary.main([str(folder / "config.yaml")])
