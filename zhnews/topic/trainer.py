"""Fine-tuning a BERT topic classifier with the HF Trainer, from a TopicConfig."""

from collections import Counter

import numpy as np
import torch
from datasets import ClassLabel, Dataset, DatasetDict, concatenate_datasets, load_dataset
from transformers import DataCollatorWithPadding, EarlyStoppingCallback, Trainer, TrainingArguments

from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.long_doc import make_windows, pool_by_document
from zhnews.text import check_texts, normalize_text
from zhnews.topic.config import TopicConfig
from zhnews.topic.data import build_topic_splits
from zhnews.training_args import TimeBudget, fine_tuning_arguments


def load_topic_splits(config: TopicConfig) -> DatasetDict:
    """train / dev (/ newspaper_dev / ood_dev) with `text` and integer `label` in the config's label order."""
    if config.train_file:
        label_feature = ClassLabel(names=list(config.labels))
        splits = DatasetDict()
        for split, path in (("train", config.train_file), ("dev", config.dev_file)):
            kind = "csv" if str(path).endswith(".csv") else "json"
            ds = load_dataset(kind, data_files=str(path), split="train")
            missing = {"text", "label"} - set(ds.column_names)
            if missing:
                raise ValueError(f"{path} lacks columns {sorted(missing)}")
            check_texts(list(ds["text"]))  # names the first row with a missing or empty text
            unknown = set(ds["label"]) - set(config.labels)
            if unknown:
                raise ValueError(f"{path} has labels {sorted(unknown)} not in the config's labels")
            ds = ds.map(lambda r: {"text": normalize_text(r["text"]), "label": label_feature.str2int(r["label"])})
            splits[split] = ds.cast_column("label", label_feature)
    else:
        splits = build_topic_splits(config.extra_sources, config.ood_source, config.label_maps_file,
                                    config.data_dir, config.newspaper_train, config.train_end_date)
    if config.train_limit:
        splits["train"] = splits["train"].select(range(min(config.train_limit, len(splits["train"]))))
    return splits


# Dev splits that choose the best epoch (their mean macro-F1) and fit the temperature, where present.
SELECTION_SPLITS = ("dev", "newspaper_dev")


UNLABELLED = -100  # the label of a soft-labelled row without a gold label (cross_entropy's ignore_index)


def load_soft_labelled_train(path: str, labels: list[str], sources: list[str] | None = None) -> Dataset:
    """A teacher's soft labels as a train split: `text`, `label` (id, or UNLABELLED) and `teacher`;
    only the rows of `sources` when given."""
    ds = load_dataset("json", data_files=str(path), split="train")
    if sources is not None:
        missing = set(sources) - set(ds["source"])
        if missing:
            raise ValueError(f"{path} has no rows from sources {sorted(missing)}")
        ds = ds.filter(lambda source: source in sources, input_columns="source")
    if len(ds) == 0 or len(ds[0]["teacher"]) != len(labels):
        raise ValueError(f"{path}: expected rows with {len(labels)} teacher probabilities ({labels})")
    unknown = set(ds["label"]) - set(labels) - {None}
    if unknown:
        raise ValueError(f"{path} has labels {sorted(unknown)} not in the config's labels")
    label_ids = {name: i for i, name in enumerate(labels)}
    return ds.map(lambda r: {"label": UNLABELLED if r["label"] is None else label_ids[r["label"]]})


def add_dev_to_train(splits: DatasetDict, soft: Dataset | None, n_labels: int) -> tuple[Dataset, Dataset | None]:
    """train_on_dev: train with the selection dev splits added, and the soft-labelled train (when distilling)
    with them added as rows whose teacher is their gold label (the teacher never saw dev)."""
    dev = concatenate_datasets([splits[s].select_columns(["text", "label"]) for s in SELECTION_SPLITS if s in splits])
    train = concatenate_datasets([splits["train"].select_columns(["text", "label"]), dev])
    if soft is None:
        return train, None
    soft = soft.select_columns(["text", "source", "label", "teacher"])
    gold = Dataset.from_dict({"text": dev["text"], "source": ["dev"] * len(dev), "label": list(dev["label"]),
                              "teacher": np.eye(n_labels)[list(dev["label"])].tolist()})
    return train, concatenate_datasets([soft, gold.cast(soft.features)])


def distillation_summary(config: TopicConfig, soft: Dataset) -> dict:
    """What the student learned from: the soft-labelled rows in all and per source, and the loss settings."""
    return {"soft_labels_file": config.soft_labels_file, "soft_label_rows": len(soft),
            "rows_by_source": dict(Counter(soft["source"])), "gold_rows": sum(1 for x in soft["label"] if x != UNLABELLED),
            "temperature": config.distill_temperature, "gold_loss_weight": config.gold_loss_weight,
            "gold_only_epochs": config.gold_only_epochs}


def window_dataset(tokenizer, split: Dataset, config: TopicConfig) -> tuple[Dataset, list[int]]:
    """Model inputs: one row per window, labelled with its document's label (and teacher probabilities)."""
    windows = make_windows(tokenizer, split["text"], config.max_length, config.long_document,
                           stride=config.chunk_stride, max_chunks=config.max_chunks)
    columns = {"input_ids": windows.input_ids,
               "labels": np.asarray(list(split["label"]))[windows.doc_index].tolist()}
    if "teacher" in split.column_names:
        columns["teacher"] = np.asarray(list(split["teacher"]), dtype=np.float32)[windows.doc_index].tolist()
    return Dataset.from_dict(columns), windows.doc_index


def class_weights(labels: list[int], n_classes: int, scheme: str) -> torch.Tensor | None:
    if scheme == "none":
        return None
    labels = [label for label in labels if label != UNLABELLED]
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    weights = len(labels) / (n_classes * np.maximum(counts, 1))
    if scheme == "sqrt":
        weights = np.sqrt(weights)
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


class WeightedLossTrainer(Trainer):
    """Trainer with class-weighted cross-entropy (weights None: plain cross-entropy)."""

    def __init__(self, *args, class_weights: torch.Tensor | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.class_weights = class_weights

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        weight = None if self.class_weights is None else self.class_weights.to(outputs.logits.device)
        loss = torch.nn.functional.cross_entropy(outputs.logits.float(), labels, weight=weight)
        return (loss, outputs) if return_outputs else loss


class DistillationTrainer(WeightedLossTrainer):
    """Loss per row: gold_loss_weight · cross-entropy (rows with a gold label) + the rest · T² · KL(teacher
    at temperature T ‖ student at T); rows without a gold label learn from the teacher alone (Hinton et al.
    2015). Dev rows carry no teacher: plain cross-entropy."""

    def __init__(self, *args, temperature: float = 2.0, gold_loss_weight: float = 0.5, **kwargs):
        super().__init__(*args, **kwargs)
        self.temperature = temperature
        self.gold_loss_weight = gold_loss_weight

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        teacher = inputs.pop("teacher", None)
        if teacher is None:
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.logits.float()
        t = self.temperature
        soft_targets = torch.softmax(torch.log(teacher.float().clamp_min(1e-9)) / t, dim=-1)
        kl = torch.nn.functional.kl_div(torch.log_softmax(logits / t, dim=-1), soft_targets,
                                        reduction="none").sum(-1) * t * t
        gold = labels != UNLABELLED
        row_loss = kl.clone()
        if gold.any():
            weight = None if self.class_weights is None else self.class_weights.to(logits.device)
            ce = torch.nn.functional.cross_entropy(logits[gold], labels[gold], weight=weight, reduction="none")
            row_loss[gold] = self.gold_loss_weight * ce + (1 - self.gold_loss_weight) * kl[gold]
        loss = row_loss.mean()
        return (loss, outputs) if return_outputs else loss


def document_metrics(doc_index: list[int], references: list[int], doc_split: list[str], labels: list[str]):
    """compute_metrics for the Trainer: pools window logits per document, then scores each dev split
    (`{split}_macro_f1`) and their mean (`macro_f1`, the model-selection metric)."""
    doc_split = np.asarray(doc_split)
    references = np.asarray(references)

    def compute(eval_prediction) -> dict[str, float]:
        predicted = pool_by_document(eval_prediction.predictions, doc_index).argmax(axis=1)
        metrics = {}
        for split in dict.fromkeys(doc_split):
            rows = doc_split == split
            scores = classification_scores(predicted[rows], references[rows], tuple(labels))
            metrics[f"{split}_macro_f1"] = scores["macro_f1"]
            metrics[f"{split}_accuracy"] = scores["accuracy"]
        metrics["macro_f1"] = float(np.mean([v for k, v in metrics.items() if k.endswith("_macro_f1")]))
        return metrics

    return compute


def selection_set(splits: DatasetDict) -> tuple[Dataset, list[str]]:
    """The selection splits as one dataset, and each document's split name."""
    names = [s for s in SELECTION_SPLITS if s in splits]
    documents = concatenate_datasets([splits[s].select_columns(["text", "label"]) for s in names])
    return documents, [s for s in names for _ in range(len(splits[s]))]


def build_trainer(config: TopicConfig, model, tokenizer, splits: DatasetDict,
                  train_split: Dataset | None = None) -> Trainer:
    """A Trainer on train_split (default splits["train"]); a soft-labelled train_split (with a `teacher`
    column, load_soft_labelled_train) makes it a DistillationTrainer."""
    train_split = splits["train"] if train_split is None else train_split
    distilling = "teacher" in train_split.column_names
    train, _ = window_dataset(tokenizer, train_split, config)
    documents, doc_split = selection_set(splits)
    dev, dev_doc_index = window_dataset(tokenizer, documents, config)
    args = TrainingArguments(**fine_tuning_arguments(config, len(train), "macro_f1", eval_steps=config.eval_steps),
                             remove_unused_columns=not distilling)  # keep `teacher` for the loss
    trainer_class, extra = WeightedLossTrainer, {}
    if distilling:
        trainer_class = DistillationTrainer
        extra = {"temperature": config.distill_temperature, "gold_loss_weight": config.gold_loss_weight}
    return trainer_class(
        **extra,
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=dev,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=document_metrics(dev_doc_index, list(documents["label"]), doc_split, config.labels),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.early_stopping_patience),
                   TimeBudget(config.max_minutes, evaluate=True)],
        class_weights=class_weights(train["labels"], len(config.labels), config.class_weighting),
    )
