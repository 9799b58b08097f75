"""Would a fine-tuned BERT rank headlines by fluency better than the feature estimate? (issue 7; tried, not shipped)

    python bench/bench_fluency_classifier.py [--epochs 3] [--output-dir runs/fluency-classifier]

Fine-tunes models/zhnews-bert-4x256 (the project's own pretrained Chinese BERT) as a two-class classifier of
(headline, the first 150 characters of the lead the raters saw) on the rated headlines of the rating folders the
shipped estimate (models/zhnews-fluency) was fit on, leaving out every article of the later folders, with the HF
Trainer. Then scores the machine-written headlines of the later folders (never seen by either) and reports the ROC
AUC of the classifier, of the shipped estimate and of their mean, over all of them and over the issue's protocol
ratings among them (rating-final19*, rating-release20*). Saves bench/results/fluency_classifier.json. About 48
minutes on one CPU thread for 3 epochs.
"""

import argparse
import glob

import torch
import yaml
from datasets import Dataset
from sklearn.metrics import roc_auc_score
from transformers import AutoTokenizer, BertForSequenceClassification, Trainer, TrainingArguments

from results_file import run_context, save_results
from zhnews.paths import REPO_ROOT
from zhnews.summary.fluency import FluencyScorer
from zhnews.summary.rating import rated_headlines

ENCODER = REPO_ROOT / "models" / "zhnews-bert-4x256"
SHIPPED = REPO_ROOT / "models" / "zhnews-fluency"
LEAD_CHARS = 150
PROTOCOL = ("rating-final19", "rating-release20")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--output-dir", default="runs/fluency-classifier")
    args = parser.parse_args()
    context = run_context()
    fit_on = {folder_name(d) for d in yaml.safe_load((SHIPPED / "run_config.yaml").read_text())["rating_dirs"]}
    rows = rated_headlines(sorted(glob.glob(str(REPO_ROOT / "bench" / "rating*/"))))
    test = [row for row in rows if row["folder"] not in fit_on]
    held_out_articles = {row["id"] for row in test}
    train = [row for row in rows if row["folder"] in fit_on and row["id"] not in held_out_articles]
    tokenizer = AutoTokenizer.from_pretrained(ENCODER)
    model = BertForSequenceClassification.from_pretrained(ENCODER, num_labels=2, dtype=torch.float32)
    trainer = Trainer(model=model, processing_class=tokenizer, train_dataset=encoded(train, tokenizer),
                      args=TrainingArguments(output_dir=args.output_dir, per_device_train_batch_size=32,
                                             learning_rate=5e-5, num_train_epochs=args.epochs, warmup_steps=100,
                                             weight_decay=0.01, logging_steps=50, save_strategy="no", report_to=[],
                                             seed=0))
    trainer.train()
    machine = [row for row in test if not row["printed"]]
    classifier = probabilities(model.eval(), tokenizer, machine)
    estimate = FluencyScorer.from_pretrained(SHIPPED).score([r["headline"] for r in machine],
                                                            [r["lead"] for r in machine])
    report = {"train_rows": len(train), "test_folders": sorted({row["folder"] for row in test})}
    for name, keep in (("all", lambda row: True), ("protocol", lambda row: row["folder"].startswith(PROTOCOL))):
        kept = [i for i, row in enumerate(machine) if keep(row)]
        fluent = [int(machine[i]["fluent"]) for i in kept]
        report[name] = {"n": len(kept),
                        "auc_classifier": roc_auc_score(fluent, [classifier[i] for i in kept]),
                        "auc_shipped_estimate": roc_auc_score(fluent, [estimate[i] for i in kept]),
                        "auc_mean": roc_auc_score(fluent, [(classifier[i] + estimate[i]) / 2 for i in kept])}
        print(name, report[name])
    save_results("fluency_classifier", context, report)


def folder_name(rating_dir: str) -> str:
    return rating_dir.rstrip("/").split("/")[-1]


def encoded(rows: list[dict], tokenizer) -> Dataset:
    def encode(batch):
        encoding = tokenizer(batch["headline"], [lead[:LEAD_CHARS] for lead in batch["lead"]],
                             truncation="only_second", max_length=200)
        encoding["labels"] = [int(fluent) for fluent in batch["fluent"]]
        return encoding

    columns = ["headline", "lead", "fluent"]
    dataset = Dataset.from_list([{column: row[column] for column in columns} for row in rows]).shuffle(seed=0)
    return dataset.map(encode, batched=True, remove_columns=columns)


def probabilities(model, tokenizer, rows: list[dict], batch_size: int = 64) -> list[float]:
    out = []
    with torch.inference_mode():
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            inputs = tokenizer([row["headline"] for row in batch], [row["lead"][:LEAD_CHARS] for row in batch],
                               truncation="only_second", max_length=200, padding=True, return_tensors="pt")
            out += torch.softmax(model(**inputs).logits, -1)[:, 1].tolist()
    return out


if __name__ == "__main__":
    main()
