"""Build the distillation teacher for the topic BERT and soft-label the training text with it.

    python training/run_topic_teacher.py configs/topic/teacher.yaml [key=value ...]

1. Holdout fold: a stratified share of train is held out; a fold BERT is fine-tuned on the rest
   (training/run_topic.py with the fold files) and a char n-gram logistic regression is trained on it too.
   Their holdout probabilities choose the BERT weight of the fusion (zhnews/topic/teacher.py): out of
   fold, never dev.
2. The teacher: the full fine-tuned BERT (`bert_model`, trained on all of train) fused with an n-gram
   model trained on all of train, at that weight. It is scored on every dev split beside its two parts
   and the TF-IDF + LinearSVC peer (metrics.json).
3. Soft labels (soft_labels.jsonl.gz): every labelled training text (n-gram part out of fold) and the
   unlabelled news text of `unlabelled_sources`. No dev article and no THUCNews text is among them.

The run is resumable: the fold BERT and every BERT probability table are kept in output_dir and reused.
"""

import gzip
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from zhnews.topic.baseline import predict_tfidf_svc, train_tfidf_svc
from zhnews.topic.calibration import softmax
from zhnews.topic.classification_metrics import classification_scores
from zhnews.config import load_config, start_run
from zhnews.mlm_data import iter_pretraining_texts
from zhnews.paths import SHARED_DATA_DIR
from zhnews.run_record import finish_run
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.config import TopicConfig
from zhnews.topic.evaluation import EVAL_SPLITS
from zhnews.topic.ngram import NgramTopicModel, fuse
from zhnews.topic.teacher import choose_bert_weight, holdout_fold, out_of_fold_ngram_probabilities
from zhnews.topic.trainer import load_topic_splits

SOFT_LABELS_FILE = "soft_labels.jsonl.gz"


@dataclass
class TeacherConfig:
    output_dir: str
    bert_model: str = "models/zhnews-topic"
    """The fine-tuned topic BERT, trained on train only (its dev figures are honest)."""
    topic_config: str = "configs/topic/zhnews-topic.yaml"
    """The recipe of that BERT: its splits are the teacher's, and the fold BERT is fine-tuned with it."""
    fold_overrides: dict = field(default_factory=lambda: {"epochs": 2, "max_minutes": 30})
    """Changes to the recipe for the fold BERT (it only has to rank the fusion weights)."""
    holdout_fraction: float = 0.2
    ngram_C: float = 10.0
    unlabelled_sources: list[dict] = field(default_factory=lambda: [
        {"name": "fudan", "max_chars": 3000}, {"name": "rmrb_captions"}, {"name": "lcsts"},
        {"name": "sogoucs"}, {"name": "tnews"}])
    """Unlabelled text to soft-label: names of zhnews.mlm_data.TEXT_SOURCES (none holds dev text)."""
    batch_size: int = 64
    seed: int = 42
    data_dir: str = str(SHARED_DATA_DIR)

    def __post_init__(self):
        if not 0 < self.holdout_fraction < 0.5:
            raise ValueError("holdout_fraction must be in (0, 0.5)")


def write_labelled_jsonl(path: Path, texts: list[str], labels: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for text, label in zip(texts, labels):
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")


def cached_bert_probabilities(classifier: TopicClassifier, texts: list[str], path: Path, batch_size: int) -> np.ndarray:
    if path.exists():
        return np.load(path)
    probabilities = softmax(classifier.logits(texts, batch_size), classifier.temperature)
    partial = path.with_name(path.stem + ".partial.npy")
    np.save(partial, probabilities)
    partial.rename(path)  # a killed run leaves no truncated table behind
    return probabilities


def fold_weight(config: TeacherConfig, topic: TopicConfig, texts: list[str], labels: np.ndarray,
                output_dir: Path) -> dict:
    """Fine-tune the fold BERT (once) and choose the fusion weight on the holdout."""
    fold_train, holdout = holdout_fold(labels.tolist(), config.holdout_fraction, config.seed)
    fold_dir = output_dir / "fold"
    fold_dir.mkdir(exist_ok=True)
    names = topic.labels
    for name, rows in (("fold_train", fold_train), ("holdout", holdout)):
        write_labelled_jsonl(fold_dir / f"{name}.jsonl", [texts[i] for i in rows], [names[labels[i]] for i in rows])
    fold_bert = fold_dir / "bert"
    if not (fold_bert / "metrics.json").exists():
        # its own process: the fold BERT is a run of its own, with its own run record
        overrides = [f"{k}={v}" for k, v in config.fold_overrides.items()]
        subprocess.run([sys.executable, str(Path(__file__).with_name("run_topic.py")), config.topic_config,
                        f"output_dir={fold_bert}", f"train_file={fold_dir / 'fold_train.jsonl'}",
                        f"dev_file={fold_dir / 'holdout.jsonl'}", "run_peer=false", "ood_source=null",
                        f"seed={config.seed}", *overrides], check=True)
    holdout_texts = [texts[i] for i in holdout]
    bert = cached_bert_probabilities(TopicClassifier.from_pretrained(fold_bert), holdout_texts,
                                     fold_dir / "holdout_bert_probabilities.npy", config.batch_size)
    ngram = NgramTopicModel.fit([texts[i] for i in fold_train], labels[fold_train].tolist(), len(names),
                                C=config.ngram_C).probabilities(holdout_texts)
    weight, table = choose_bert_weight(bert, ngram, labels[holdout], tuple(names))
    return {"bert_weight": weight, "holdout_macro_f1_by_bert_weight": table, "holdout_rows": len(holdout),
            "fold_train_rows": len(fold_train)}


def score_teacher(config, splits, classifier, ngram_model, weight, output_dir: Path) -> dict:
    peer = train_tfidf_svc(splits["train"]["text"], splits["train"]["label"], seed=config.seed)
    names = tuple(classifier.labels)
    scores = {}
    for split in (s for s in EVAL_SPLITS if s in splits):
        texts, references = splits[split]["text"], np.asarray(splits[split]["label"])
        bert = cached_bert_probabilities(classifier, texts, output_dir / f"bert_{split}.npy", config.batch_size)
        ngram = ngram_model.probabilities(texts)
        predictions = {"bert": bert.argmax(1), "ngram_logreg": ngram.argmax(1),
                       "teacher": fuse(bert, ngram, weight).argmax(1),
                       "peer": np.asarray(predict_tfidf_svc(peer, texts))}
        scores[split] = {model: round(classification_scores(p, references, names)["macro_f1"], 4)
                         for model, p in predictions.items()}
        print(split, scores[split], flush=True)
    return scores


def soft_label_rows(config, splits, classifier, ngram_model, weight, output_dir: Path):
    """(text, source, gold label name or None, teacher probabilities) for all training text."""
    train = splits["train"]
    texts, labels = list(train["text"]), np.asarray(train["label"])
    bert = cached_bert_probabilities(classifier, texts, output_dir / "bert_train.npy", config.batch_size)
    ngram = out_of_fold_ngram_probabilities(texts, labels.tolist(), config.ngram_C, seed=config.seed)
    sources = train["source"] if "source" in train.column_names else ["train_file"] * len(texts)
    for text, source, label, p in zip(texts, sources, labels, fuse(bert, ngram, weight)):
        yield text, source, classifier.labels[label], p
    for source in config.unlabelled_sources:
        texts = list(dict.fromkeys(iter_pretraining_texts([source], config.data_dir)))
        bert = cached_bert_probabilities(classifier, texts, output_dir / f"bert_{source['name']}.npy",
                                         config.batch_size)
        for text, p in zip(texts, fuse(bert, ngram_model.probabilities(texts), weight)):
            yield text, source["name"], None, p


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, TeacherConfig)
    topic = load_config(config.topic_config, TopicConfig)
    splits = load_topic_splits(topic)
    texts, labels = list(splits["train"]["text"]), np.asarray(splits["train"]["label"])

    metrics = fold_weight(config, topic, texts, labels, output_dir)
    print(json.dumps(metrics), flush=True)
    weight = metrics["bert_weight"]
    classifier = TopicClassifier.from_pretrained(config.bert_model)
    ngram_model = NgramTopicModel.fit(texts, labels.tolist(), len(topic.labels), C=config.ngram_C)
    metrics["dev_macro_f1"] = score_teacher(config, splits, classifier, ngram_model, weight, output_dir)

    counts: dict[str, int] = {}
    partial = output_dir / (SOFT_LABELS_FILE + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8") as f:
        for text, source, label, p in soft_label_rows(config, splits, classifier, ngram_model, weight, output_dir):
            f.write(json.dumps({"text": text, "source": source, "label": label,
                                "teacher": [round(float(x), 5) for x in p]}, ensure_ascii=False) + "\n")
            counts[source] = counts.get(source, 0) + 1
    partial.rename(output_dir / SOFT_LABELS_FILE)
    metrics["soft_label_rows"] = counts
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    finish_run(output_dir)
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
