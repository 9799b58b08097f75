"""TopicClassifier usage and the fine-tuning run, on a 2-layer BERT and synthetic articles."""

import json

import numpy as np
import pytest
import yaml

from zhnews import TopicClassifier
from zhnews.labels import TOPIC_LABELS
from zhnews.topic.calibration import softmax

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_topic  # noqa: E402


@pytest.fixture(scope="module")
def trained_run(tiny_bert_dir, topic_files, tmp_path_factory):
    """A full run_topic.py run: fine-tune, calibrate, score the peer, write everything."""
    output_dir = tmp_path_factory.mktemp("topic-run")
    config = {"model_name_or_path": str(tiny_bert_dir), "output_dir": str(output_dir),
              "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]),
              "max_length": 48, "epochs": 6, "batch_size": 8, "learning_rate": 3e-3, "ood_source": None}
    config_file = output_dir / "config.yaml"
    config_file.write_text(yaml.safe_dump(config))
    metrics = run_topic.main([str(config_file)])
    return output_dir, metrics


def test_training_reduces_loss_and_writes_the_report(trained_run):
    output_dir, metrics = trained_run
    state = json.loads(sorted((output_dir / "checkpoints").glob("checkpoint-*/trainer_state.json"))[-1].read_text())
    dev_losses = [h["eval_loss"] for h in state["log_history"] if "eval_loss" in h]
    assert len(dev_losses) >= 2 and min(dev_losses[1:]) < dev_losses[0] - 0.1
    assert metrics["bert"]["dev"]["macro_f1"] > 0.5  # synthetic topics are easy
    assert set(metrics["peer"]["dev"]) >= {"accuracy", "macro_f1", "per_class", "confusion_matrix"}
    for name in ("metrics.json", "README.md", "confusion_bert_dev.png", "confusion_peer_dev.txt",
                 "reliability_dev.png", "model.safetensors", "config.json", "tokenizer.json"):
        assert (output_dir / name).exists(), name


def test_from_pretrained_round_trip_predicts_every_label_probability(trained_run):
    output_dir, metrics = trained_run
    classifier = TopicClassifier.from_pretrained(output_dir)
    assert classifier.labels == list(TOPIC_LABELS)
    assert classifier.temperature == pytest.approx(metrics["temperature"])
    predictions = classifier.predict(["电力电网光伏风电煤炭。" * 5, "医院学校养老医保。" * 40], batch_size=1)
    assert len(predictions) == 2
    for prediction in predictions:
        assert prediction.label in TOPIC_LABELS
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert prediction.score == max(prediction.probabilities.values())


def test_chunk_reading_settings_travel_with_the_saved_model(trained_run, tmp_path):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    classifier.long_document, classifier.max_chunks, classifier.chunk_stride = "chunk", 2, 20
    classifier.save_pretrained(tmp_path)
    reloaded = TopicClassifier.from_pretrained(tmp_path)
    assert (reloaded.long_document, reloaded.max_chunks, reloaded.chunk_stride) == ("chunk", 2, 20)
    long_text = "电力电网光伏风电。" * 20 + "医院学校养老医保。" * 60  # more than two windows
    two = reloaded.logits([long_text])
    reloaded.max_chunks = 8
    eight = reloaded.logits([long_text])
    assert not np.allclose(two, eight)  # the later windows are read only with more chunks
    reloaded.chunk_stride = None  # half a window: the two windows start closer together
    assert not np.allclose(reloaded.logits([long_text]), eight)


def test_a_confident_first_window_labels_the_article_alone(trained_run):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    texts = ["电力电网光伏风电。" * 20 + "医院学校养老医保。" * 60, "医院学校。" * 3, "文化演出展览。" * 90]
    classifier.long_document = "head"
    head = classifier.logits(texts)
    classifier.long_document, classifier.max_chunks = "chunk", 3
    every_window = classifier.logits(texts)
    classifier.exit_confidence = 0.0  # every first window is sure enough: only first windows are read
    np.testing.assert_allclose(classifier.logits(texts), head, atol=1e-5)
    classifier.exit_confidence = 1.01  # none is: every window is read
    np.testing.assert_allclose(classifier.logits(texts), every_window, atol=1e-5)
    sure = softmax(head).max(axis=1)
    classifier.exit_confidence = float(np.median(sure))  # articles at least this sure stop after one window
    for mixed, first_sure, head_only, read_on in zip(classifier.logits(texts), sure, head, every_window):
        np.testing.assert_allclose(mixed, head_only if first_sure >= classifier.exit_confidence else read_on, atol=1e-5)


def test_a_lead_window_adds_the_headline_and_lead_to_the_mean(trained_run, tmp_path):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    texts = ["电力电网光伏风电。" * 3 + "医院学校养老医保。" * 60, "医院学校。" * 3]
    classifier.long_document, classifier.max_chunks = "chunk", 3
    every_window = classifier.logits(texts)
    windows = [len(ids) for ids in [classifier.tokenizer(t)["input_ids"] for t in texts]]
    lead = classifier.logits([t[:20] for t in texts])  # a text that short is one window
    classifier.lead_chars, classifier.lead_weight = 20, 2.0
    n_windows = np.array([3, 1])[:, None]  # the long text fills max_chunks windows, the short one a single one
    assert windows[0] > 3 * classifier.max_length / 2 and windows[1] < classifier.max_length
    expected = (every_window * n_windows + 2.0 * lead) / (n_windows + 2.0)
    np.testing.assert_allclose(classifier.logits(texts), expected, atol=1e-4)
    classifier.save_pretrained(tmp_path)
    reloaded = TopicClassifier.from_pretrained(tmp_path)
    assert (reloaded.lead_chars, reloaded.lead_weight) == (20, 2.0)


def test_batching_does_not_change_answers(trained_run):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    texts = ["电力电网。" * n for n in (1, 30, 5, 80)]
    one_by_one = [p.probabilities for p in classifier.predict(texts, batch_size=1)]
    together = [p.probabilities for p in classifier.predict(texts, batch_size=4)]
    for a, b in zip(one_by_one, together):
        assert a == pytest.approx(b, abs=1e-4)


def test_min_confidence_abstains_explicitly(trained_run):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    prediction = classifier.predict(["今天记者报道了消息。"], min_confidence=1.01)[0]
    assert prediction.abstained and prediction.label == "abstain"
    assert classifier.predict(["今天记者报道了消息。"], min_confidence=0.0)[0].label in TOPIC_LABELS


@pytest.mark.parametrize("bad, message", [(["电力", ""], "index 1"), ([None], "index 0"), ("电力", "single string")])
def test_bad_input_raises_a_clear_error(trained_run, bad, message):
    classifier = TopicClassifier.from_pretrained(trained_run[0])
    with pytest.raises(ValueError, match=message):
        classifier.predict(bad)


def test_config_typos_are_errors(tmp_path):
    from zhnews.config import load_config
    from zhnews.topic.config import TopicConfig

    (tmp_path / "c.yaml").write_text("model_name_or_path: x\noutput_dir: y\nlearning_rat: 0.1\n")
    with pytest.raises(ValueError, match="learning_rat"):
        load_config(tmp_path / "c.yaml", TopicConfig)
    (tmp_path / "c.yaml").write_text("model_name_or_path: x\noutput_dir: y\nlong_document: middle\n")
    with pytest.raises(ValueError, match="long_document"):
        load_config(tmp_path / "c.yaml", TopicConfig)


def test_own_data_with_an_empty_text_is_refused_with_its_row(tmp_path):
    from zhnews.topic.config import TopicConfig
    from zhnews.topic.trainer import load_topic_splits

    (tmp_path / "train.jsonl").write_text('{"text": "电力", "label": "energy"}\n{"text": "", "label": "other"}\n')
    (tmp_path / "dev.jsonl").write_text('{"text": "电力", "label": "energy"}\n')
    config = TopicConfig(model_name_or_path="x", output_dir=str(tmp_path / "out"),
                         train_file=str(tmp_path / "train.jsonl"), dev_file=str(tmp_path / "dev.jsonl"))
    with pytest.raises(ValueError, match="index 1 is empty"):
        load_topic_splits(config)


def test_in_training_dev_scores_match_the_classifier_on_the_same_documents(trained_run, topic_files, tmp_path):
    """Dev metrics during training pool window logits per document, so eval batches must keep dataset
    order; documents of very different lengths and small eval batches would expose any reordering."""
    from zhnews.topic.classification_metrics import classification_scores
    from zhnews.topic.config import TopicConfig
    from zhnews.topic.trainer import build_trainer, load_topic_splits

    classifier = TopicClassifier.from_pretrained(trained_run[0])
    config = TopicConfig(model_name_or_path=str(trained_run[0]), output_dir=str(tmp_path), long_document="chunk",
                         train_file=str(topic_files[0]), dev_file=str(topic_files[1]), max_length=24, eval_batch_size=3)
    splits = load_topic_splits(config)
    splits["dev"] = splits["dev"].map(lambda row, i: {"text": row["text"] * (1 + i % 5)}, with_indices=True)
    in_training = build_trainer(config, classifier.model, classifier.tokenizer, splits).evaluate()["eval_macro_f1"]
    classifier.max_length, classifier.long_document = config.max_length, config.long_document
    logits = classifier.logits(list(splits["dev"]["text"]))
    expected = classification_scores(logits.argmax(axis=1), list(splits["dev"]["label"]))["macro_f1"]
    assert expected > 0.5
    assert in_training == pytest.approx(expected)


def test_a_time_budget_stops_training_early_and_still_scores_and_saves(tiny_bert_dir, topic_files, tmp_path):
    config = {"model_name_or_path": str(tiny_bert_dir), "output_dir": str(tmp_path / "run"),
              "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]), "max_length": 48,
              "epochs": 6, "batch_size": 8, "ood_source": None, "run_peer": False, "max_minutes": 1e-4}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    metrics = run_topic.main([str(tmp_path / "config.yaml")])
    assert metrics["epochs_run"] < 1  # stopped after its first step, not after 6 epochs
    assert "macro_f1" in metrics["bert"]["dev"] and (tmp_path / "run" / "model.safetensors").exists()
