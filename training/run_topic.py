"""Fine-tune and evaluate a topic classifier from one config file.

    python training/run_topic.py configs/topic/zhnews-topic.yaml [key=value ...]
    python training/run_topic.py configs/topic/zhnews-topic-distilled.yaml do_train=false \
        model_name_or_path=runs/topic-distilled/checkpoints/checkpoint-2400 long_document=chunk   # score a checkpoint

Writes to output_dir: the model (HF folder + model card README.md), metrics.json, confusion
matrices (.txt/.png), reliability diagrams, the resolved config, and prints BERT vs. the
TF-IDF + LinearSVC peer side by side.
"""

import copy
import dataclasses
import json
import sys
import time
from pathlib import Path


from transformers import Trainer

from zhnews.topic.baseline import train_tfidf_svc
from zhnews.config import start_run
from zhnews.distributed import is_main_process
from zhnews.hardware import describe_hardware
from zhnews.model_card import write_model_card
from zhnews.topic.modeling import load_classifier
from zhnews.topic.ngram import NgramTopicModel
from zhnews.run_record import finish_run
from zhnews.tokenization import load_tokenizer
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.config import TopicConfig
from zhnews.topic.evaluation import calibrate_on_dev, score_model, score_peer, side_by_side, write_report
from zhnews.topic.data import label_counts
from zhnews.topic.trainer import (add_dev_to_train, build_trainer, distillation_summary,
                                  load_soft_labelled_train, load_topic_splits)


def train_on_gold_only(config: TopicConfig, distilled: Trainer, tokenizer, splits) -> Trainer:
    """The brief last phase after distillation: the gold labels alone, from a copy of the distilled model.
    Kept only if it beats the distilled model on the selection metric; otherwise the distilled one is."""
    gold = dataclasses.replace(config, gold_only_epochs=0.0, epochs=config.gold_only_epochs,
                               learning_rate=config.gold_only_learning_rate or config.learning_rate,
                               output_dir=f"{config.output_dir}/gold-only", eval_steps=None)
    trainer = build_trainer(gold, copy.deepcopy(distilled.model), tokenizer, splits)
    trainer.train()
    kept = trainer if trainer.state.best_metric > distilled.state.best_metric else distilled
    print(json.dumps({"gold_only_phase": {"selection_metric": trainer.state.best_metric,
                                          "distilled_selection_metric": distilled.state.best_metric,
                                          "kept": "gold_only" if kept is trainer else "distilled"}}), flush=True)
    return kept


def read_held_out_run(folder: str) -> dict:
    """The figures a train_on_dev model reports for dev: those of the train-only run of its recipe."""
    path = Path(folder) / "metrics.json"
    if not path.is_file():
        raise FileNotFoundError(f"held_out_run: no {path}; train the recipe without train_on_dev first")
    metrics = json.loads(path.read_text(encoding="utf-8"))
    if metrics.get("dev_in_train"):
        raise ValueError(f"held_out_run: {folder} trained on dev itself")
    return {"run": str(folder), "temperature": metrics["temperature"], "bert": metrics["bert"],
            "peer": metrics.get("peer")}


def fit_ngram_part(classifier: TopicClassifier, config: TopicConfig, train) -> dict:
    """Give the classifier a char n-gram part fitted on the gold training rows (the soft-labelled rows of
    distillation are not among them)."""
    started = time.time()
    classifier.ngram = NgramTopicModel.fit(train["text"], train["label"], len(config.labels), C=config.ngram_C,
                                           max_features=config.ngram_max_features)
    classifier.bert_weight = config.bert_weight
    return {"bert_weight": config.bert_weight, "features": len(classifier.ngram.vocabulary), "C": config.ngram_C,
            "train_rows": len(train), "fit_seconds": round(time.time() - started, 1)}


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, TopicConfig)

    splits = load_topic_splits(config)
    counts = label_counts(splits, config.labels)
    print(json.dumps({"rows": {s: len(ds) for s, ds in splits.items()}, "labels": counts},
                     ensure_ascii=False), flush=True)

    tokenizer = load_tokenizer(config.model_name_or_path)
    model = load_classifier(config.model_name_or_path, num_labels=len(config.labels),
                            id2label=dict(enumerate(config.labels)),
                            label2id={l: i for i, l in enumerate(config.labels)})
    soft = (load_soft_labelled_train(config.soft_labels_file, config.labels, config.soft_label_sources)
            if config.soft_labels_file else None)
    held_out = None
    if config.train_on_dev:
        held_out = read_held_out_run(config.held_out_run)
        splits["train"], soft = add_dev_to_train(splits, soft, len(config.labels))
    # do_train=false only evaluates: no need to window the soft-labelled rows
    trainer = build_trainer(config, model, tokenizer, splits, soft if config.do_train else None)
    started = time.time()
    if config.do_train:
        trainer.train()
        if config.gold_only_epochs:
            trainer = train_on_gold_only(config, trainer, tokenizer, splits)
    train_wall = time.time() - started
    fp32_dev = trainer.evaluate()
    if not is_main_process():
        return {}  # under torchrun, rank 0 alone scores and writes the outputs

    classifier = TopicClassifier(trainer.model, tokenizer, config.max_length, config.long_document,
                                 max_chunks=config.max_chunks, chunk_stride=config.chunk_stride,
                                 exit_confidence=config.exit_confidence, lead_chars=config.lead_chars,
                                 lead_weight=config.lead_weight)
    ngram_record = fit_ngram_part(classifier, config, splits["train"]) if config.bert_weight < 1 else None
    classifier.save_pretrained(output_dir, fp16=config.save_fp16)
    classifier = TopicClassifier.from_pretrained(output_dir)  # score exactly what was saved
    logits = calibrate_on_dev(classifier, splits, config.eval_batch_size,
                              temperature=held_out["temperature"] if held_out else None)
    classifier.save_pretrained(output_dir, fp16=config.save_fp16)  # now with the fitted temperature

    metrics = {
        "bert": score_model(classifier, logits, splits, output_dir),
        "temperature": classifier.temperature,
        "fp32_dev_macro_f1": fp32_dev["eval_dev_macro_f1"],  # eval_macro_f1 is the mean over the dev splits
        "train_wall_seconds": round(train_wall, 1),
        "epochs_run": trainer.state.epoch if config.do_train else 0,
        "do_train": config.do_train,
        "hardware": describe_hardware(),
        "rows": {s: len(ds) for s, ds in splits.items()},
        "train_label_counts": counts["train"],
    }
    if ngram_record:
        metrics["ngram"] = ngram_record
    if held_out:
        metrics["dev_in_train"] = True
        metrics["held_out_run"] = held_out
    if soft is not None:
        metrics["distillation"] = distillation_summary(config, soft)
    if config.run_peer:
        started = time.time()
        peer = train_tfidf_svc(splits["train"]["text"], splits["train"]["label"], seed=config.seed)
        metrics["peer"] = score_peer(peer, splits, config.labels)
        metrics["peer_train_wall_seconds"] = round(time.time() - started, 1)
    write_report(metrics, config.labels, output_dir)
    finish_run(output_dir)
    write_model_card(output_dir)
    print(side_by_side(metrics, config.labels))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
