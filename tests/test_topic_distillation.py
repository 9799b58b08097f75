"""Distillation of the topic BERT: the fused teacher, its soft labels, and a student trained on them."""

import gzip
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from conftest import topic_text
from zhnews.labels import LABEL2ID, TOPIC_LABELS
from zhnews.topic.teacher import choose_bert_weight, fuse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_topic  # noqa: E402
import run_topic_teacher  # noqa: E402


def one_hot(labels, n=len(TOPIC_LABELS), sharpness=0.9):
    p = np.full((len(labels), n), (1 - sharpness) / (n - 1))
    p[np.arange(len(labels)), labels] = sharpness
    return p


def test_fusion_is_a_probability_and_follows_its_weight():
    bert, ngram = one_hot([0, 1]), one_hot([2, 3])
    assert fuse(bert, ngram, 1.0).argmax(1).tolist() == [0, 1]
    assert fuse(bert, ngram, 0.0).argmax(1).tolist() == [2, 3]
    assert fuse(bert, ngram, 0.5).sum(1) == pytest.approx([1.0, 1.0])


def test_the_weight_goes_to_the_model_that_is_right_out_of_fold():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, len(TOPIC_LABELS), 200)
    right, noise = one_hot(gold, sharpness=0.6), one_hot(rng.integers(0, len(TOPIC_LABELS), 200), sharpness=0.5)
    weight, table = choose_bert_weight(right, noise, gold, TOPIC_LABELS)
    assert weight >= 0.6 and table[1.0] == 1.0
    assert choose_bert_weight(noise, right, gold, TOPIC_LABELS)[0] <= 0.4


def write_soft_labels(path: Path, rows: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_the_student_learns_a_topic_that_only_the_teacher_knows(tiny_bert_dir, topic_files, tmp_path):
    """Gold rows have no `environment` article; unlabelled rows that the teacher calls environment do.
    The distilled student recognises environment on dev; without the teacher it could not."""
    rng = random.Random(1)
    gold = [json.loads(line) for line in topic_files[0].read_text(encoding="utf-8").splitlines()]
    rows = [{"text": r["text"], "source": "gold", "label": r["label"], "teacher": one_hot([LABEL2ID[r["label"]]])[0].tolist()}
            for r in gold if r["label"] != "environment"]
    rows += [{"text": topic_text("environment", rng), "source": "unlabelled", "label": None,
              "teacher": one_hot([LABEL2ID["environment"]])[0].tolist()} for _ in range(40)]
    left_out = [{"text": topic_text("environment", rng), "source": "left_out", "label": None,
                 "teacher": one_hot([LABEL2ID["other"]])[0].tolist()} for _ in range(40)]
    write_soft_labels(tmp_path / "soft.jsonl.gz", rows + left_out)
    config = {"model_name_or_path": str(tiny_bert_dir), "output_dir": str(tmp_path / "student"),
              "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]), "soft_labels_file": str(tmp_path / "soft.jsonl.gz"),
              "max_length": 48, "epochs": 6, "batch_size": 8, "learning_rate": 3e-3, "ood_source": None,
              "gold_only_epochs": 1, "gold_only_learning_rate": 1e-4, "run_peer": False,
              "soft_label_sources": ["gold", "unlabelled"]}
    (tmp_path / "student.yaml").write_text(yaml.safe_dump(config))
    metrics = run_topic.main([str(tmp_path / "student.yaml")])
    assert metrics["bert"]["dev"]["per_class"]["environment"]["f1"] > 0.5
    assert metrics["distillation"]["soft_label_rows"] == len(rows)

    # do_train=false scores a trained classifier with the same outputs, and trains nothing
    rescored = run_topic.main([str(tmp_path / "student.yaml"), "do_train=false",
                               f"model_name_or_path={tmp_path / 'student'}", f"output_dir={tmp_path / 'rescored'}"])
    assert rescored["epochs_run"] == 0 and not list((tmp_path / "rescored").glob("checkpoints/checkpoint-*"))
    assert rescored["bert"]["dev"]["macro_f1"] == pytest.approx(metrics["bert"]["dev"]["macro_f1"], abs=0.02)

    # the recipe's final model trains on train + dev, and reports the train-only run's dev figures
    final = run_topic.main([str(tmp_path / "student.yaml"), "train_on_dev=true", f"held_out_run={tmp_path / 'student'}",
                            f"output_dir={tmp_path / 'final'}", "epochs=1"])
    dev_rows = len(topic_files[1].read_text(encoding="utf-8").splitlines())
    assert final["rows"]["train"] == metrics["rows"]["train"] + dev_rows
    assert final["distillation"]["soft_label_rows"] == len(rows) + dev_rows  # dev rows: their gold label as teacher
    assert final["dev_in_train"] and final["temperature"] == metrics["temperature"]
    assert final["held_out_run"]["bert"]["dev"] == metrics["bert"]["dev"]
    card = (tmp_path / "final" / "README.md").read_text(encoding="utf-8")
    assert f"the train-only run `{tmp_path / 'student'}`" in card


def test_teacher_run_writes_soft_labels_for_every_training_row(tiny_bert_dir, topic_files, tmp_path):
    topic_config = {"model_name_or_path": str(tiny_bert_dir), "output_dir": str(tmp_path / "bert"),
                    "train_file": str(topic_files[0]), "dev_file": str(topic_files[1]), "max_length": 48,
                    "epochs": 4, "batch_size": 8, "learning_rate": 3e-3, "ood_source": None, "run_peer": False}
    (tmp_path / "topic.yaml").write_text(yaml.safe_dump(topic_config))
    run_topic.main([str(tmp_path / "topic.yaml")])
    teacher_config = {"output_dir": str(tmp_path / "teacher"), "bert_model": str(tmp_path / "bert"),
                      "topic_config": str(tmp_path / "topic.yaml"), "fold_overrides": {"epochs": 2},
                      "holdout_fraction": 0.25, "unlabelled_sources": [], "ngram_C": 1.0}
    (tmp_path / "teacher.yaml").write_text(yaml.safe_dump(teacher_config))
    metrics = run_topic_teacher.main([str(tmp_path / "teacher.yaml")])

    assert metrics["bert_weight"] in metrics["holdout_macro_f1_by_bert_weight"]
    assert set(metrics["dev_macro_f1"]["dev"]) == {"bert", "ngram_logreg", "teacher", "peer"}
    with gzip.open(tmp_path / "teacher" / run_topic_teacher.SOFT_LABELS_FILE, "rt", encoding="utf-8") as f:
        soft = [json.loads(line) for line in f]
    assert len(soft) == len(topic_files[0].read_text(encoding="utf-8").splitlines())
    assert all(len(r["teacher"]) == len(TOPIC_LABELS) and abs(sum(r["teacher"]) - 1) < 1e-3 for r in soft)
