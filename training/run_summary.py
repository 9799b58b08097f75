"""Train and evaluate a headline-length summariser from one config file.

    python training/run_summary.py configs/summary/zhnews-summary.yaml [key=value ...]
    python training/run_summary.py configs/summary/zhnews-summary.yaml do_train=false \
        model_name_or_path=runs/summary-zhnews output_dir=runs/summary-zhnews-b2 copy_bonus=2   # new decoding only

Writes to output_dir: the model (HF folder with generation_config.json and a model card README.md),
metrics.json (the model and the Lead-1, Lead-1-cut, lead-clause and TextRank peers side by side on
新闻联播 dev, People's Daily 2025 and LCSTS PART_III, with ROUGE and the garble measures of
zhnews/summary/garble.py), predictions_{split}.jsonl and the resolved config, and prints the table.
"""

import dataclasses
import json
import sys
import time
from collections import Counter
from pathlib import Path

from datasets import Dataset

from zhnews.config import load_config, save_config, start_run
from zhnews.distributed import is_main_process
from zhnews.hardware import describe_hardware
from zhnews.summary.extractive import peer_summaries
from zhnews.summary.fluency import FluencyScorer
from zhnews.summary.headline_lm import HeadlineScorer
from zhnews.summary.garble import garble_scores, score_with_garble
from zhnews.model_card import write_model_card
from zhnews.run_record import finish_run
from zhnews.summary.rouge_metric import mean_length, novel_bigram_rate, repeated_trigram_share
from zhnews.summary.span_copy import SPAN_COPY_OPTIONS
from zhnews.summary.summarizer import Summarizer
from zhnews.summary.config import SummaryConfig
from zhnews.summary.data import SUMMARY_EVAL_SPLITS
from zhnews.summary.model import load_summary_model
from zhnews.summary.trainer import build_trainer, decoding_config, eval_sample, load_summary_splits

DECODING_KEYS = ("num_beams", "no_repeat_ngram_size", "length_penalty", "min_new_tokens", "max_new_tokens",
                 "early_stopping", "source_vocabulary_only", "source_logits_only", "copy_bonus", *SPAN_COPY_OPTIONS,
                 "headline_lm", "rerank_weight", "clause_fallback", "fluency_scorer", "fluency_floor",
                 "clause_fluency_floor")
TRAINING_FACTS = ("best_dev_rougeL_during_training", "train_wall_seconds", "epochs_run", "train_sources",
                  "stopped_at_step")
COLUMNS = ("rouge1", "rouge2", "rougeL", "mean_length", "repeated_trigram_share", "novel_bigram_rate",
           "garbled_share", "stitch_share", "doubled_char_share", "cut_off_share", "novel_word_rate", "novel_trigram_rate")
PEERS = ("lead_1", "lead_1_cut", "lead_clause", "textrank")


def evaluate_split(summarizer: Summarizer, split: Dataset, config: SummaryConfig, output_path: Path) -> dict:
    """The model, the peers and the human references scored on one split; predictions to JSON lines."""
    texts, references = list(split["text"]), list(split["summary"])
    outputs = {"model": summarizer.summarize(texts, batch_size=config.eval_batch_size)}
    if any(summarizer.decoding_settings().values()):  # what the source-side decoding adds
        outputs["model_plain_decoding"] = summarizer.summarize(
            texts, batch_size=config.eval_batch_size, source_vocabulary_only=False, source_logits_only=False,
            copy_bonus=0.0, rerank_weight=0.0, clause_fallback=False, **SPAN_COPY_OPTIONS)
    result = {"n": len(texts), **{name: score_with_garble(summaries, references, texts)
                                  for name, summaries in outputs.items()}}
    if config.run_peers:
        cut = max(1, round(result["model"]["mean_length"]))  # the peer gets the model's length budget
        outputs.update(peer_summaries(texts, cut))
        for name in PEERS:
            result[name] = score_with_garble(outputs[name], references, texts)
        result["lead_1_cut"]["cut_chars"] = cut
    result["reference"] = {"mean_length": mean_length(references),
                           "repeated_trigram_share": repeated_trigram_share(references),
                           "novel_bigram_rate": novel_bigram_rate(references, texts),
                           **garble_scores(references, texts)}
    if summarizer.fluency_scorer is not None:  # the rater-trained fluency estimate of every output and the references
        for name, summaries in {**outputs, "reference": references}.items():
            result[name]["estimated_fluent"] = summarizer.fluency_scorer.mean_score(summaries, texts)
    with open(output_path, "w", encoding="utf-8") as f:
        for i, row_id in enumerate(split["id"]):
            row = {"id": row_id, "reference": references[i], **{k: v[i] for k, v in outputs.items()}}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return result


def side_by_side(metrics: dict) -> str:
    """A plain-text table per split: model, peers and references."""
    lines = [f"{'':22s}" + "".join(f"{c[:12]:>13s}" for c in COLUMNS)]
    for split, scores in metrics["splits"].items():
        lines.append(f"[{split}] n={scores['n']}")
        for name in ("model", "model_plain_decoding", *PEERS, "reference"):
            if name in scores:
                lines.append(f"  {name:20s}" + "".join(
                    f"{scores[name][c]:13.3f}" if c in scores[name] else f"{'–':>13s}" for c in COLUMNS))
    return "\n".join(lines)


def train(config: SummaryConfig, splits, output_dir: Path) -> dict:
    """Fine-tune, save the best checkpoint (fp16) with the config's decoding settings; the training facts."""
    model, tokenizer = load_summary_model(config)
    trainer = build_trainer(config, model, tokenizer, splits)
    started = time.time()
    trainer.train()
    if is_main_process():
        save_summarizer(trainer.model, tokenizer, config, output_dir)
    return {"best_dev_rougeL_during_training": trainer.state.best_metric,
            "train_wall_seconds": round(time.time() - started, 1), "epochs_run": trainer.state.epoch}


def redecode(config: SummaryConfig, output_dir: Path) -> tuple[SummaryConfig, dict]:
    """do_train=false: the zhnews summariser in model_name_or_path (a training run's output_dir, with
    its run_config.yaml and metrics.json, or a shipped folder trained as this config says) saved again
    with this config's decoding settings. Returns
    the training run's config with those settings, and its training facts."""
    source = Path(config.model_name_or_path)
    if source.resolve() == output_dir.resolve():
        raise ValueError("do_train=false needs an output_dir other than model_name_or_path")
    # A shipped model folder has no run_config.yaml: the config file given then says how it was trained.
    trained = (load_config(source / "run_config.yaml", SummaryConfig) if (source / "run_config.yaml").exists()
               else dataclasses.replace(config, do_train=True, model_name_or_path=None))
    facts = training_facts(source)
    merged = dataclasses.replace(trained, output_dir=config.output_dir, eval_limit=config.eval_limit,
                                 card_notes=config.card_notes,
                                 **{key: getattr(config, key) for key in DECODING_KEYS})
    save_config(merged, output_dir / "run_config.yaml")
    summarizer = Summarizer.from_pretrained(source)
    save_summarizer(summarizer.model, summarizer.tokenizer, merged, output_dir)
    return merged, {key: facts.get(key) for key in TRAINING_FACTS}


def training_facts(source: Path) -> dict:
    """The training facts of the run that made `source`: its metrics.json, or, for a run stopped during its
    final evaluation, what its last checkpoint's trainer_state.json knows (no wall time)."""
    if (source / "metrics.json").exists():
        return json.loads((source / "metrics.json").read_text(encoding="utf-8"))
    states = sorted(source.glob("checkpoints/checkpoint-*/trainer_state.json"),
                    key=lambda path: int(path.parent.name.split("-")[-1]))
    if not states:
        raise ValueError(f"{source} has neither metrics.json nor checkpoints/*/trainer_state.json")
    state = json.loads(states[-1].read_text(encoding="utf-8"))
    return {"best_dev_rougeL_during_training": state["best_metric"], "epochs_run": state["epoch"],
            "train_wall_seconds": None, "stopped_at_step": state["global_step"]}


def save_summarizer(model, tokenizer, config: SummaryConfig, output_dir: Path) -> None:
    span_options = {option: getattr(config, option) for option in SPAN_COPY_OPTIONS}
    scorer = HeadlineScorer.from_pretrained(config.headline_lm) if config.headline_lm else None
    fluency = FluencyScorer.from_pretrained(config.fluency_scorer) if config.fluency_scorer else None
    Summarizer(model, tokenizer, config.max_source_length, decoding_config(config, tokenizer),
               config.source_vocabulary_only, config.copy_bonus, source_logits_only=config.source_logits_only,
               headline_scorer=scorer, rerank_weight=config.rerank_weight, clause_fallback=config.clause_fallback,
               fluency_scorer=fluency, fluency_floor=config.fluency_floor, clause_fluency_floor=config.clause_fluency_floor,
               **span_options).save_pretrained(output_dir, fp16=True)


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, SummaryConfig)

    splits = load_summary_splits(config)
    train_sources = dict(Counter(splits["train"]["source"]))
    print(json.dumps({"rows": {s: len(ds) for s, ds in splits.items()}, "train_sources": train_sources},
                     ensure_ascii=False), flush=True)
    facts = {**train(config, splits, output_dir), "train_sources": train_sources} if config.do_train else None
    if not is_main_process():
        return {}  # under torchrun, rank 0 alone scores and writes the outputs
    if facts is None:
        config, facts = redecode(config, output_dir)
        facts["train_sources"] = facts["train_sources"] or train_sources  # a stopped run recorded none

    summarizer = Summarizer.from_pretrained(output_dir)  # score exactly what was saved (fp16 weights)
    metrics = {
        "splits": {name: evaluate_split(summarizer, eval_sample(splits[name], config.eval_limit, config.seed),
                                        config, output_dir / f"predictions_{name}.jsonl")
                   for name in SUMMARY_EVAL_SPLITS if name in splits},
        **facts,
        "hardware": describe_hardware(),
        "rows": {s: len(ds) for s, ds in splits.items()},
    }
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    finish_run(output_dir)
    write_model_card(output_dir)
    print(side_by_side(metrics))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
