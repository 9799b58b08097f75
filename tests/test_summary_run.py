"""A full training/run_summary.py run on a tiny BART and synthetic article → headline pairs."""

import json
import random
import sys
from pathlib import Path

import pytest
import yaml

from conftest import TOPIC_WORDS, topic_text
from zhnews.summary.garble import GARBLE_KEYS
from zhnews.paths import REPO_ROOT, SHARED_DATA_DIR
from zhnews.summary.summarizer import Summarizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_summary  # noqa: E402


def write_pairs(path: Path, per_topic: int, rng: random.Random) -> None:
    rows = [{"text": topic_text(label, rng, length=60), "summary": words[:6]}
            for label, words in TOPIC_WORDS.items() for _ in range(per_topic)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def summary_run(tiny_vocab_file, tmp_path_factory):
    output_dir = tmp_path_factory.mktemp("summary-run")
    rng = random.Random(0)
    write_pairs(output_dir / "train.jsonl", 8, rng)
    write_pairs(output_dir / "dev.jsonl", 2, rng)
    config = {"output_dir": str(output_dir), "vocab_file": str(tiny_vocab_file),
              "train_file": str(output_dir / "train.jsonl"), "dev_file": str(output_dir / "dev.jsonl"),
              "d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "attention_heads": 2, "ffn_dim": 32,
              "max_position_embeddings": 96, "max_source_length": 64, "max_target_length": 12,
              "epochs": 2, "batch_size": 8, "eval_batch_size": 12, "learning_rate": 3e-3, "bf16": False,
              "num_beams": 2, "min_new_tokens": 2, "max_new_tokens": 8}
    config_file = output_dir / "config.yaml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True))
    return output_dir, run_summary.main([str(config_file), "no_repeat_ngram_size=2"])


def test_run_writes_model_metrics_and_card(summary_run):
    output_dir, metrics = summary_run
    for name in ("model.safetensors", "config.json", "generation_config.json", "vocab.txt", "README.md",
                 "metrics.json", "predictions_dev.jsonl", "run_config.yaml"):
        assert (output_dir / name).exists(), name
    assert json.loads((output_dir / "metrics.json").read_text()) == metrics
    generation = json.loads((output_dir / "generation_config.json").read_text())
    assert generation["no_repeat_ngram_size"] == 2 and generation["max_new_tokens"] == 8
    assert "max_length" not in generation  # only the config's settings, not the library defaults
    card = (output_dir / "README.md").read_text()
    assert "research" in card and "ROUGE-L" in card and "Lead-1" in card


def test_model_and_peers_are_scored_side_by_side_on_the_same_split(summary_run):
    _, metrics = summary_run
    dev = metrics["splits"]["dev"]
    assert dev["n"] == 12 and set(metrics["splits"]) == {"dev"}  # own files: no LCSTS test
    for name in ("model", "lead_1", "lead_1_cut", "lead_clause", "textrank"):
        assert set(dev[name]) >= {"rouge1", "rouge2", "rougeL", "mean_length", "repeated_trigram_share",
                                  "novel_bigram_rate", *GARBLE_KEYS}
    assert set(dev["reference"]) >= set(GARBLE_KEYS)  # the human headlines' rates, as reference
    assert dev["lead_1_cut"]["cut_chars"] == max(1, round(dev["model"]["mean_length"]))
    assert dev["reference"]["mean_length"] == 6
    assert metrics["best_dev_rougeL_during_training"] is not None


def test_the_saved_model_summarises(summary_run):
    output_dir, _ = summary_run
    rows = [json.loads(line) for line in (output_dir / "predictions_dev.jsonl").read_text().splitlines()]
    assert len(rows) == 12 and set(rows[0]) == {"id", "reference", "model", "lead_1", "lead_1_cut", "lead_clause",
                                                "textrank"}
    summaries = Summarizer.from_pretrained(output_dir).summarize(["企业工厂制造产业投资出口市场。"])
    assert len(summaries) == 1 and " " not in summaries[0]


@pytest.mark.skipif(not (SHARED_DATA_DIR / "lcsts" / "part3.jsonl.gz").exists(), reason="../shared/data is absent")
def test_tiny_config_runs_on_the_shared_data(tmp_path):
    """configs/summary/tiny.yaml: the real vocabulary and data mix, all three evaluation sets, in seconds."""
    metrics = run_summary.main([str(REPO_ROOT / "configs" / "summary" / "tiny.yaml"), f"output_dir={tmp_path}"])
    assert set(metrics["splits"]) == {"dev", "newspaper_dev", "lcsts_test"}
    assert metrics["rows"]["lcsts_test"] == 725 and metrics["splits"]["lcsts_test"]["n"] == 8
    assert metrics["rows"]["newspaper_dev"] == 1387 and metrics["splits"]["newspaper_dev"]["n"] == 8
    assert set(metrics["train_sources"]) <= {"xwlb", "rmrb", "lcsts", "sogoucs"}
    assert (tmp_path / "predictions_lcsts_test.jsonl").exists()


def test_do_train_false_saves_the_trained_model_again_with_new_decoding(summary_run, tmp_path):
    output_dir, trained = summary_run
    metrics = run_summary.main([str(output_dir / "config.yaml"), "do_train=false", f"model_name_or_path={output_dir}",
                                f"output_dir={tmp_path}", "no_repeat_ngram_size=2", "copy_bonus=2.0",
                                "source_vocabulary_only=true", "span_copy=true", "end_at_phrase=true",
                                "no_end_before_noun=true", "new_span_penalty=2", "backward_span_penalty=2",
                                "sentence_jump_penalty=2", "clause_jump_penalty=1", "verb_skip_penalty=1.5",
                                "verbless_end_penalty=2",
                                'card_notes="Replaces the first run: fewer copied spans."'])
    assert metrics["train_wall_seconds"] == trained["train_wall_seconds"]  # training facts carried over
    dev = metrics["splits"]["dev"]
    assert dev["model_plain_decoding"] == trained["splits"]["dev"]["model"]  # same weights, plain decoding
    redecoded = Summarizer.from_pretrained(tmp_path)
    assert redecoded.copy_bonus == 2.0 and redecoded.new_span_penalty == 2.0 and redecoded.no_end_before_noun
    assert redecoded.backward_span_penalty == 2.0
    assert redecoded.sentence_jump_penalty == 2.0 and redecoded.clause_jump_penalty == 1.0
    assert redecoded.verb_skip_penalty == 1.5 and redecoded.verbless_end_penalty == 2.0
    assert redecoded.model.generation_config.early_stopping is False  # beams run until none can win (the default)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## Release notes\n\nReplaces the first run: fewer copied spans." in card
    assert ("penalty per new copied span 2, penalty per new span that goes back in the article 2, per new span "
            "outside the previous span's sentence 2 and clause 1, per new span that skips a verb 1.5, for ending before "
            "the summary has a predicate 2 (") in " ".join(card.split())
    run_config = yaml.safe_load((tmp_path / "run_config.yaml").read_text())
    assert run_config["train_file"] == str(output_dir / "train.jsonl") and run_config["copy_bonus"] == 2.0


def test_a_run_stopped_during_its_final_evaluation_keeps_its_training_facts(tmp_path):
    """do_train=false on such a run reads its last checkpoint's trainer_state.json instead of metrics.json."""
    for step, best in ((500, 40.0), (1200, 47.5)):
        folder = tmp_path / "checkpoints" / f"checkpoint-{step}"
        folder.mkdir(parents=True)
        (folder / "trainer_state.json").write_text(json.dumps({"best_metric": best, "epoch": step / 500,
                                                               "global_step": step}))
    facts = run_summary.training_facts(tmp_path)
    assert facts == {"best_dev_rougeL_during_training": 47.5, "epochs_run": 2.4, "train_wall_seconds": None,
                     "stopped_at_step": 1200}
    with pytest.raises(ValueError, match="neither metrics.json"):
        run_summary.training_facts(tmp_path / "checkpoints")
