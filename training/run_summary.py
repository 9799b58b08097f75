"""Train and evaluate a headline-length summariser from one config file.

    python training/run_summary.py configs/summary/zhnews-summary.yaml [key=value ...]

Writes to output_dir: the model (HF folder with generation_config.json and a model card README.md),
metrics.json (the model and the Lead-1, Lead-1-cut and TextRank peers side by side on 新闻联播 dev
and LCSTS PART_III), predictions_{split}.jsonl and the resolved config, and prints the table.
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

from datasets import Dataset

from zhnews.config import start_run
from zhnews.hardware import describe_hardware
from zhnews.extractive import peer_summaries
from zhnews.model_card import summary_model_card
from zhnews.rouge_metric import mean_length, novel_bigram_rate, repeated_trigram_share, score_summaries
from zhnews.summarizer import Summarizer
from zhnews.summary_config import SummaryConfig
from zhnews.summary_data import SUMMARY_EVAL_SPLITS
from zhnews.summary_model import load_summary_model
from zhnews.summary_trainer import build_trainer, decoding_config, eval_sample, load_summary_splits

COLUMNS = ("rouge1", "rouge2", "rougeL", "mean_length", "repeated_trigram_share", "novel_bigram_rate")


def evaluate_split(summarizer: Summarizer, split: Dataset, config: SummaryConfig, output_path: Path) -> dict:
    """The model, the peers and the human references scored on one split; predictions to JSON lines."""
    texts, references = list(split["text"]), list(split["summary"])
    outputs = {"model": summarizer.summarize(texts, batch_size=config.eval_batch_size)}
    result = {"n": len(texts), "model": score_summaries(outputs["model"], references, texts)}
    if config.run_peers:
        cut = max(1, round(result["model"]["mean_length"]))  # the peer gets the model's length budget
        outputs.update(peer_summaries(texts, cut))
        for name in ("lead_1", "lead_1_cut", "textrank"):
            result[name] = score_summaries(outputs[name], references, texts)
        result["lead_1_cut"]["cut_chars"] = cut
    result["reference"] = {"mean_length": mean_length(references),
                           "repeated_trigram_share": repeated_trigram_share(references),
                           "novel_bigram_rate": novel_bigram_rate(references, texts)}
    with open(output_path, "w", encoding="utf-8") as f:
        for i, row_id in enumerate(split["id"]):
            row = {"id": row_id, "reference": references[i], **{k: v[i] for k, v in outputs.items()}}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return result


def side_by_side(metrics: dict) -> str:
    """A plain-text table per split: model, peers and references."""
    lines = [f"{'':14s}" + "".join(f"{c[:12]:>13s}" for c in COLUMNS)]
    for split, scores in metrics["splits"].items():
        lines.append(f"[{split}] n={scores['n']}")
        for name in ("model", "lead_1", "lead_1_cut", "textrank", "reference"):
            if name in scores:
                lines.append(f"  {name:12s}" + "".join(
                    f"{scores[name][c]:13.3f}" if c in scores[name] else f"{'–':>13s}" for c in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, SummaryConfig)

    splits = load_summary_splits(config)
    train_sources = dict(Counter(splits["train"]["source"]))
    print(json.dumps({"rows": {s: len(ds) for s, ds in splits.items()}, "train_sources": train_sources},
                     ensure_ascii=False), flush=True)

    model, tokenizer = load_summary_model(config)
    trainer = build_trainer(config, model, tokenizer, splits)
    started = time.time()
    trainer.train()
    train_wall = time.time() - started

    Summarizer(trainer.model, tokenizer, config.max_source_length, decoding_config(config, tokenizer)
               ).save_pretrained(output_dir)
    summarizer = Summarizer.from_pretrained(output_dir)  # score exactly what was saved
    metrics = {
        "splits": {name: evaluate_split(summarizer, eval_sample(splits[name], config.eval_limit, config.seed),
                                        config, output_dir / f"predictions_{name}.jsonl")
                   for name in SUMMARY_EVAL_SPLITS if name in splits},
        "best_dev_rougeL_during_training": trainer.state.best_metric,
        "train_wall_seconds": round(train_wall, 1),
        "epochs_run": trainer.state.epoch,
        "hardware": describe_hardware(),
        "rows": {s: len(ds) for s, ds in splits.items()},
        "train_sources": train_sources,
    }
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    (output_dir / "README.md").write_text(summary_model_card(config, metrics), encoding="utf-8")
    print(side_by_side(metrics))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
