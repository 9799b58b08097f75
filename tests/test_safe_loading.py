"""Weights only from safetensors, never code from a model folder: both loaders refuse with a reason."""

import json
import shutil

import pytest
import torch
from transformers import BertForSequenceClassification

from zhnews import Summarizer, TopicClassifier
from zhnews.safe_loading import UnsafeModelError

LOADERS = [TopicClassifier.from_pretrained, Summarizer.from_pretrained]


@pytest.fixture
def classifier_dir(tiny_bert_dir, tmp_path):
    """A tiny sequence classifier saved the standard way (safetensors + tokenizer)."""
    folder = tmp_path / "classifier"
    shutil.copytree(tiny_bert_dir, folder)
    (folder / "model.safetensors").unlink()
    BertForSequenceClassification.from_pretrained(tiny_bert_dir, num_labels=6).save_pretrained(folder)
    return folder


def test_a_standard_folder_loads(classifier_dir):
    assert TopicClassifier.from_pretrained(classifier_dir).predict(["电力电网。"])[0].score > 0


@pytest.mark.parametrize("load", LOADERS)
def test_a_folder_with_only_pickle_weights_is_refused_with_the_reason(classifier_dir, load):
    model = BertForSequenceClassification.from_pretrained(classifier_dir)
    (classifier_dir / "model.safetensors").unlink()
    torch.save(model.state_dict(), classifier_dir / "pytorch_model.bin")
    with pytest.raises(UnsafeModelError, match=r"pickle weights \(pytorch_model.bin\).*arbitrary code"):
        load(classifier_dir)


def test_pickle_weights_beside_safetensors_are_left_unread(classifier_dir):
    (classifier_dir / "pytorch_model.bin").write_bytes(b"not even a pickle")
    assert TopicClassifier.from_pretrained(classifier_dir).labels


@pytest.mark.parametrize("damage", ["truncate", "garble_header"])
def test_a_truncated_or_corrupted_safetensors_file_is_named(classifier_dir, damage):
    weights = classifier_dir / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:8] + b"#" * 40 + data[48:])
    with pytest.raises(UnsafeModelError, match=rf"{weights}.*(truncated|corrupted)"):
        TopicClassifier.from_pretrained(classifier_dir)


@pytest.mark.parametrize("load", LOADERS)
def test_a_config_asking_for_remote_code_is_refused(classifier_dir, load):
    config = json.loads((classifier_dir / "config.json").read_text())
    config["auto_map"] = {"AutoModelForSequenceClassification": "modeling_custom.CustomModel"}
    (classifier_dir / "config.json").write_text(json.dumps(config))
    (classifier_dir / "modeling_custom.py").write_text("raise SystemExit('remote code ran')\n")
    with pytest.raises(UnsafeModelError, match="asks for remote code.*never runs code"):
        load(classifier_dir)
