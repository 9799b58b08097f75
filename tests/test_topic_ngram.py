"""The char n-gram part of a topic model: fitted by run_topic.py (bert_weight < 1), saved as safetensors
beside the BERT, and fused into every label TopicClassifier gives."""

import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from zhnews import TopicClassifier
from zhnews.topic.calibration import softmax
from zhnews.topic.ngram import NGRAM_FILE, NgramTopicModel, fuse, ngram_logreg
from zhnews.topic.baseline import peer_texts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_topic  # noqa: E402

TEXTS = ["电网供电保障电力", "工厂企业生产制造", "河流污染治理生态", "学校教育医院医疗",
         "电力 供应\n煤炭发电", "企业出口贸易投资", "空气污染  粉尘", "社保养老服务"] * 3
LABELS = [0, 1, 2, 3] * 6


@pytest.fixture(scope="module")
def fused_run(tiny_bert_dir, topic_files, tmp_path_factory):
    """A short fine-tuning run whose classifier gets an n-gram part, fused at bert_weight 0.5."""
    output_dir = tmp_path_factory.mktemp("topic-fused-run")
    config = {"model_name_or_path": str(tiny_bert_dir), "output_dir": str(output_dir),
              "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]), "max_length": 48,
              "epochs": 1, "batch_size": 8, "learning_rate": 3e-3, "ood_source": None, "run_peer": False,
              "bert_weight": 0.5}
    (output_dir / "config.yaml").write_text(yaml.safe_dump(config))
    return output_dir, run_topic.main([str(output_dir / "config.yaml")])


def test_the_ngram_part_computes_what_scikit_learn_does_and_survives_saving(tmp_path):
    model = NgramTopicModel.fit(TEXTS, LABELS, num_labels=4)
    reference = ngram_logreg().fit(peer_texts(TEXTS), LABELS)
    queries = ["电力企业污染", "学校\n服务"]
    np.testing.assert_allclose(model.probabilities(queries), reference.predict_proba(peer_texts(queries)), atol=1e-6)
    model.save(tmp_path)
    reloaded = NgramTopicModel.load(tmp_path)
    assert reloaded.vocabulary == model.vocabulary and any("\n" in gram for gram in model.vocabulary)
    np.testing.assert_allclose(reloaded.probabilities(queries), model.probabilities(queries), atol=1e-7)
    model.save(tmp_path, fp16=True)
    np.testing.assert_allclose(NgramTopicModel.load(tmp_path).probabilities(queries), model.probabilities(queries),
                               atol=1e-3)
    (tmp_path / "bert-only").mkdir()
    assert NgramTopicModel.load(tmp_path / "bert-only") is None  # a model folder without an n-gram part


def test_an_ngram_part_needs_every_label_in_training():
    with pytest.raises(ValueError, match="every one of the 5 labels"):
        NgramTopicModel.fit(TEXTS, LABELS, num_labels=5)


def test_a_run_with_bert_weight_saves_the_ngram_part_and_fuses_it_into_every_label(fused_run):
    output_dir, metrics = fused_run
    assert (output_dir / NGRAM_FILE).exists()
    assert metrics["ngram"]["bert_weight"] == 0.5 and metrics["ngram"]["features"] > 0
    assert "A char n-gram part" in (output_dir / "README.md").read_text(encoding="utf-8")
    classifier = TopicClassifier.from_pretrained(output_dir)
    texts = ["电力电网光伏风电煤炭。" * 5, "医院学校养老医保。" * 40, "外交会见。"]
    expected = fuse(softmax(classifier.logits(texts), classifier.temperature), classifier.ngram.probabilities(texts), 0.5)
    got = np.array([[p.probabilities[label] for label in classifier.labels] for p in classifier.predict(texts)])
    np.testing.assert_allclose(got, expected, atol=1e-6)
    classifier.bert_weight = 0.0  # the n-gram part alone
    assert [p.label for p in classifier.predict(texts)] == \
        [classifier.labels[i] for i in classifier.ngram.probabilities(texts).argmax(axis=1)]


def test_a_fused_model_without_its_ngram_part_is_refused(fused_run, tmp_path):
    classifier = TopicClassifier.from_pretrained(fused_run[0])
    classifier.save_pretrained(tmp_path)
    (tmp_path / NGRAM_FILE).unlink()
    with pytest.raises(ValueError, match=NGRAM_FILE):
        TopicClassifier.from_pretrained(tmp_path)
