"""Model cards (README.md of a model folder), filled from a run's config and metrics.json."""

import json

from zhnews.summary_data import SUMMARY_EVAL_SPLITS

DATA_LICENCE_NOTE = (
    "The training text is public Chinese text collected from public GitHub repositories: CCTV 新闻联播 "
    "transcripts (the broadcaster keeps copyright) and research corpora (Fudan, CLUE, LCSTS, CSL; no licence "
    "or research use only). Treat this model as trained on research data: research and evaluation use; check "
    "the terms that apply to you before commercial use."
)


def _scores_table(metrics: dict, labels: list[str]) -> str:
    rows = ["| split | model | accuracy | macro-F1 | " + " | ".join(f"F1 {l}" for l in labels) + " |",
            "|---|---|---|---|" + "---|" * len(labels)]
    for split, bert in metrics["bert"].items():
        n_docs = sum(c["support"] for c in bert["per_class"].values())
        for name, scores in (("zhnews BERT", bert), ("TF-IDF + LinearSVC", metrics.get("peer", {}).get(split))):
            if scores:
                per_class = " | ".join(f"{scores['per_class'][l]['f1']:.3f}" if scores["per_class"][l]["support"]
                                       else "–" for l in labels)
                rows.append(f"| {split} (n={n_docs}) "
                            f"| {name} | {scores['accuracy']:.3f} | {scores['macro_f1']:.3f} | {per_class} |")
    return "\n".join(rows)


def topic_model_card(config, metrics: dict, base_model_note: str = "") -> str:
    labels = list(config.labels)
    dev = metrics["bert"]["dev"]
    return f"""---
language: zh
license: other
library_name: transformers
pipeline_tag: text-classification
tags: [zhnews, chinese, news, topic-classification]
---

# zhnews-topic

A small Chinese BERT that labels a news article with one of: {", ".join(f"`{l}`" for l in labels)}
(definitions: TOPICS.md of the zhnews data). Part of [zhnews](https://github.com/) — use it with

```python
from zhnews import TopicClassifier
classifier = TopicClassifier.from_pretrained("models/zhnews-topic")
classifier.predict(["…一篇新闻…"], min_confidence=0.5)
```

It is a standard `BertForSequenceClassification` folder (safetensors, `bert-base-chinese` vocabulary), so
`transformers` loads it without zhnews; zhnews adds text normalisation, the long-document strategy
(`{config.long_document}`, {config.max_length} tokens per window) and the calibration temperature
(T = {metrics['temperature']:.3f}), all stored in `config.json` under `zhnews`.

## Training
- Base model: `{config.model_name_or_path}`. {base_model_note}
- Fine-tuning data: the labelled 新闻联播 stories up to 2025-06-30 ({metrics['rows']['train']} stories{", plus " + ", ".join(config.extra_sources) if config.extra_sources else ""}), class weighting `{config.class_weighting}`, {config.epochs} epochs max with early stopping on dev macro-F1, lr {config.learning_rate}, seed {config.seed}.
- Training wall time: {metrics['train_wall_seconds'] / 60:.1f} min on {metrics['hardware']}.
- Weights stored in {"fp16" if config.save_fp16 else "fp32"}; dev macro-F1 fp32 {metrics['fp32_dev_macro_f1']:.4f} vs. as stored {dev['macro_f1']:.4f}.

## Evaluation
`dev` = 新闻联播 stories 2025-07-01 … 2025-12-31; `ood_dev` = THUCNews (Sina news) articles with labels
mapped as in `configs/data/topic_label_maps.yaml` (no environment or energy articles there). The peer is
char 1–3-gram TF-IDF + LinearSVC trained on the same training split in the same run.

{_scores_table(metrics, labels)}

Calibration (expected calibration error, 15 bins), before → after temperature scaling fitted on dev:
dev {dev['ece_before_temperature']:.3f} → {dev['ece_after_temperature']:.3f}{
    "; ood_dev {:.3f} → {:.3f}".format(metrics['bert']['ood_dev']['ece_before_temperature'],
                                       metrics['bert']['ood_dev']['ece_after_temperature'])
    if 'ood_dev' in metrics['bert'] else ""}.

## Intended use and limits
- Intended: routing and monitoring of Chinese news by topic; research on Chinese news classification.
- Trained on TV-broadcast news; newspaper and web prose is out of domain (see `ood_dev`). `energy`
  has only ~{metrics['train_label_counts'].get('energy', 0)} training stories and is the least reliable class.
- One label per article, for its main subject. Multi-story pages should be split into articles first.
- Use `min_confidence` to abstain rather than guess when the calibrated probability is low.

## Data and licence
{DATA_LICENCE_NOTE}
"""


_SUMMARY_ROWS = {"model": "zhnews-summary", "model_plain_decoding": "zhnews-summary, plain beam search",
                 "lead_1": "Lead-1", "lead_1_cut": "Lead-1 cut to model length",
                 "lead_clause": "lead clause (≤ 30 chars)", "textrank": "TextRank sentence",
                 "reference": "human reference"}
_GARBLE_COLUMNS = {"garbled_share": "garbled", "stitch_share": "stitches", "doubled_char_share": "doubled chars",
                   "novel_word_rate": "novel words", "novel_trigram_rate": "novel 3-grams"}


def _summary_scores_table(metrics: dict) -> str:
    rows = ["| split | summaries | ROUGE-1 | ROUGE-2 | ROUGE-L | mean length | repeated 3-gram | novel bigrams | "
            + " | ".join(_GARBLE_COLUMNS.values()) + " |",
            "|---|---|---|---|---|---|---|---|" + "---|" * len(_GARBLE_COLUMNS)]
    for split, scores in metrics["splits"].items():
        for key, name in _SUMMARY_ROWS.items():
            if key in scores:
                s = scores[key]
                rouge = " | ".join(f"{s[r]:.1f}" if r in s else "–" for r in ("rouge1", "rouge2", "rougeL"))
                garble = " | ".join(f"{s[c]:.3f}" if c in s else "–" for c in _GARBLE_COLUMNS)
                rows.append(f"| {split} (n={scores['n']}) | {name} | {rouge} | {s['mean_length']:.1f} | "
                            f"{s['repeated_trigram_share']:.3f} | {s['novel_bigram_rate']:.3f} | {garble} |")
    return "\n".join(rows)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def summary_model_card(config, metrics: dict) -> str:
    start = (f"fine-tuned from `{config.model_name_or_path}`" if config.model_name_or_path else
             f"a new BART warm-started from the zhnews BERT `{config.warm_start_from}` (encoder and decoder "
             "layers copied, cross-attention random)" if config.warm_start_from else
             f"a new BART ({config.encoder_layers}+{config.decoder_layers} layers × {config.d_model}), "
             "randomly initialised")
    splits = "\n".join(f"- `{s}`: {SUMMARY_EVAL_SPLITS.get(s, s)}" for s in metrics["splits"])
    length = (f"{config.max_steps} optimiser steps max" if config.max_steps else f"{config.epochs} epochs max") + (
        f" within {config.max_minutes:g} minutes" if config.max_minutes else "")
    sources = {"xwlb": f"新闻联播 stories up to 2025-06-30 → broadcast headline (at most {config.max_headline_repeats} "
                       "stories per identical headline)",
               "rmrb": "People's Daily 2019–2020 articles → printed headline",
               "lcsts": "LCSTS part 2 without CLGE's test split and without PART_III texts", "sogoucs": "SogouCS"}
    data = (f"your pairs from `{config.train_file}`" if config.train_file else
            "; ".join(sources[name] for name in config.data_mix) + f"; mix {json.dumps(config.data_mix)}")
    return f"""---
language: zh
license: other
library_name: transformers
pipeline_tag: summarization
tags: [zhnews, chinese, news, summarization, headline-generation]
---

# zhnews-summary

A small Chinese BART that writes a headline-length summary (about 15–30 characters) of a news
article. Part of zhnews — use it with

```python
from zhnews import Summarizer
summarizer = Summarizer.from_pretrained("models/zhnews-summary")
summarizer.summarize(["…一篇新闻…"], batch_size=16, max_length=32)
```

It is a standard `BartForConditionalGeneration` folder (safetensors, `bert-base-chinese` vocabulary, the
fnlp/bart-base-chinese layout) with its decoding settings in `generation_config.json`. zhnews adds text
normalisation, the lead-first truncation ({config.max_source_length} tokens) and joins the decoded
characters without spaces.

## Training
- Starting point: {start}.
- Data: {json.dumps(metrics['train_sources'], ensure_ascii=False)} training pairs: {data}.
- Articles are normalised and cut to their first {config.max_source_length} characters (lead paragraphs
  first); targets to {config.max_target_length} tokens.
- {length}, early stopping on dev character ROUGE-L (patience {config.early_stopping_patience}),
  lr {config.learning_rate}, label smoothing {config.label_smoothing}, batch {config.batch_size}, seed {config.seed}.
- Training wall time: {metrics['train_wall_seconds'] / 60:.1f} min on {metrics['hardware']};
  epochs run: {metrics['epochs_run']:.2f}.
- Decoding: {config.num_beams} beams, no_repeat_ngram_size {config.no_repeat_ngram_size}, length penalty
  {config.length_penalty}, {config.min_new_tokens}–{config.max_new_tokens} new tokens; only tokens found
  in the article: {"yes" if config.source_vocabulary_only else "no"}; copy bonus {config.copy_bonus}
  (`zhnews/source_vocabulary.py`); span copy {_yes(config.span_copy)}, no repeated words
  {_yes(config.no_repeat_words)}, end at a phrase boundary {_yes(config.end_at_phrase)} (`zhnews/span_copy.py`).
  "plain beam search" in the table is the same model without any of these.

## Evaluation
{splits}

Character-level ROUGE F1 (0–100; whitespace dropped), mean length in characters, share of summaries
with a repeated character 3-gram, and share of summary character bigrams absent from the article
(novel bigrams: high values flag unfaithful, stock-phrase output). The peers run on the same split in
the same run; "Lead-1 cut" is cut to the model's mean length.

Garble measures (`zhnews/garble.py`), which ROUGE and novel bigrams miss: "stitches" is the share of
summaries that join two copied spans inside an article word (陕西 + [西]安市 → 陕西安市), "doubled chars" the
share with a character doubled where the article never doubles it (推出出), "garbled" either of the two;
"novel words" and "novel 3-grams" are the shares of summary jieba words / character 3-grams that are not in
the article. The human reference row is the rate of the printed headlines: a summary that garbles the
article's words scores worse than they do.

{_summary_scores_table(metrics)}

## Intended use and limits
- Intended: short headline-style summaries of Chinese news for browsing and monitoring; research.
- Abstractive output can state things the article does not say: check the novel-bigram rate above and
  read the summaries before relying on them. ROUGE alone rewards genre stock phrases.
- Trained mostly on TV-broadcast news; Weibo posts (LCSTS) and web news are a minority; other genres are
  out of domain. Only the first {config.max_source_length} characters of an article are read.
- English letters are lower-cased by the tokenizer.

## Data and licence
{DATA_LICENCE_NOTE}
"""


def pretrained_bert_card(config, metrics: dict) -> str:
    sources = ", ".join(s["name"] + (f" (first {s['max_chars']} chars per document)" if s.get("max_chars") else "")
                        for s in config.sources)
    return f"""---
language: zh
license: other
library_name: transformers
pipeline_tag: fill-mask
tags: [zhnews, chinese, bert, masked-lm]
---

# zhnews BERT {config.num_layers} × {config.hidden_size}

A small Chinese BERT ({config.num_layers} layers, hidden {config.hidden_size}, {config.num_heads} heads) pretrained
from scratch with whole-word masked-LM on the zhnews corpora, with the standard `bert-base-chinese`
vocabulary, so it is token-compatible with the Chinese BERT ecosystem. It is the base of `zhnews-topic` and the
warm start of `zhnews-summary` (`warm_start_from` in `configs/summary/zhnews-summary.yaml`). A standard `BertForMaskedLM` folder (fp16 safetensors).

## Pretraining
- Text from the zhnews data folder: {sources}. Training period only: 新闻联播 stories after 2025-06-30, THUCNews
  and the summary test sets are left out (`zhnews/mlm_data.py`).
- This run: {metrics['steps']} steps × {config.batch_size} blocks × {config.max_seq_length} tokens, objective
  `{config.objective}`, whole-word masking (jieba) at {config.mlm_probability}, lr {config.learning_rate}{
  ", generator at " + str(config.generator_width_ratio) + " of the width, discriminator loss weight "
  + str(config.discriminator_loss_weight) if config.objective == "electra" else ", LM head on masked positions only"}.
- Loss: {metrics['loss_curve'][0][1]:.2f} at step {metrics['loss_curve'][0][0]} → {metrics['loss_curve'][-1][1]:.2f} at step {metrics['loss_curve'][-1][0]} (training, logged);
  {metrics[f"heldout_{config.objective}_loss"]:.3f} on {config.heldout_blocks} held-out blocks at the end.
- {metrics['train_wall_seconds'] / 60:.0f} min at {metrics['tokens_per_second']:.0f} tokens/s on {metrics.get('hardware', 'CPU')}.
- All runs since {metrics['cumulative']['started_from']} (each continued from the last): {metrics['cumulative']['steps']} steps,
  {metrics['cumulative']['tokens'] / 1e6:.1f}M tokens, {metrics['cumulative']['minutes']:.0f} min
  ({", ".join(f"{r['objective']} {r['minutes']:.0f} min" for r in metrics['cumulative']['runs'])}).

Reproduce: `python training/run_pretraining.py configs/pretrain/bert-4x256.yaml`.

## Limits
Small and briefly trained: a starting point for fine-tuning on Chinese news, not a general-purpose encoder.

## Data and licence
{DATA_LICENCE_NOTE}
"""
