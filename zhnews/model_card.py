"""Model cards (README.md of a model folder), rendered from the folder's own files, never by hand:
metrics.json (every split it holds), run_config.yaml (the resolved config), run_info.json (the run
record, zhnews.run_record) and config.json. Training runs, training/ship_model.py and `zhnews publish`
all render through write_model_card / render_model_card.

    python -m zhnews.model_card models/zhnews-topic [MODEL_ID]   # re-render one card in place

The card's YAML metadata carries a Hub `model-index` with the metrics of every split, and its Python
snippets run as written (tests/test_model_card.py extracts and runs them).
"""

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import yaml
from huggingface_hub import EvalResult, ModelCardData

from zhnews.paths import REPO_ROOT, RUNS_DIR
from zhnews.run_record import RUN_CONFIG_FILE, RUN_INFO_FILE
from zhnews.summary.data import SUMMARY_EVAL_SPLITS
from zhnews.summary.fallback import ESTIMATE_WEIGHT
from zhnews.summary.summarizer import _SPACE_NOT_BETWEEN_WORDS

METRICS_FILES = ("metrics.json", "pretrain_metrics.json")  # a pretraining run names its file differently
TASKS = {"BertForSequenceClassification": "topic", "BartForConditionalGeneration": "summary",
         "BertForMaskedLM": "pretrained"}
PIPELINE_TAGS = {"topic": "text-classification", "summary": "summarization", "pretrained": "fill-mask"}
TAGS = {"topic": ["topic-classification"], "summary": ["headline-generation"], "pretrained": ["bert"]}
# Corpus names of zhnews.corpus / configs, as the card's `datasets` metadata names them.
DATASET_IDS = {"xwlb": "cctv-xinwenlianbo", "lcsts": "lcsts", "sogoucs": "sogoucs", "thucnews": "thucnews",
               "fudan": "fudan-text-classification", "tnews": "clue-tnews", "csldcp": "clue-csldcp",
               "csl": "csl", "rmrb": "peoples-daily"}
TOPIC_EVAL_SPLITS = {"dev": "新闻联播 stories 2025-07-01 … 2025-12-31",
                     "newspaper_dev": "People's Daily articles of 2025 on which both annotators agree",
                     "ood_dev": "THUCNews (Sina news) articles, labels mapped as in configs/data/topic_label_maps.yaml "
                                "(no environment or energy articles there)"}
SPLIT_DATASETS = {"dev": "xwlb", "ood_dev": "thucnews", "lcsts_test": "lcsts", "newspaper_dev": "rmrb"}
METRIC_NAMES = {"accuracy": ("accuracy", "accuracy"), "macro_f1": ("f1", "macro-F1"),
                "rouge1": ("rouge1", "ROUGE-1 (character F1)"), "rouge2": ("rouge2", "ROUGE-2 (character F1)"),
                "rougeL": ("rougeL", "ROUGE-L (character F1)"), "mean_length": ("mean_length", "mean length (characters)"),
                "novel_bigram_rate": ("novel_bigram_rate", "novel-bigram rate"),
                "repeated_trigram_share": ("repeated_trigram_share", "share with a repeated 3-gram"),
                "estimated_fluent": ("estimated_fluent", "estimated fluent (learned from blind ratings)"),
                "ece_before_temperature": ("ece", "ECE before temperature scaling"),
                "ece_after_temperature": ("ece", "ECE after temperature scaling"),
                "heldout_mlm_loss": ("loss", "held-out masked-LM loss"),
                "heldout_electra_loss": ("loss", "held-out ELECTRA loss (generator MLM + 50 × replaced-token detection)")}
EXAMPLE_ARTICLE = "国家电网加快特高压输电工程建设，保障迎峰度夏电力供应。今年以来，风电、光伏发电装机容量持续增长。"
DATA_LICENCE_NOTE = (
    "The training text is public Chinese text collected from public GitHub repositories: CCTV 新闻联播 "
    "transcripts (the broadcaster keeps copyright), People's Daily articles (no licence stated; the collector "
    "withdrew them over copyright concerns) and research corpora (Fudan, CLUE, LCSTS, CSL; no licence "
    "or research use only). Treat this model as trained on research data: research and evaluation use; check "
    "the terms that apply to you before commercial use."
)


@dataclass
class CardInputs:
    folder: Path
    task: str
    """topic | summary | pretrained, from the architecture in config.json."""
    config: SimpleNamespace
    """The run's resolved config (run_config.yaml)."""
    metrics: dict
    run_info: dict | None
    """run_info.json, or None for a run that predates run records."""
    model_config: dict
    model_id: str
    """How the snippets name the model: a Hub repo id or a folder."""
    base_model: str | None
    """Hub id of the starting point, for the metadata (None: none, or only a local folder)."""


def _read_json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _hub_id_or_none(name: str | None) -> str | None:
    """A config's starting point when it is a Hub id; a local folder is no Hub base model."""
    if not name or Path(name).is_absolute() or Path(name).exists() or (REPO_ROOT / name).exists():
        return None
    if name.count("/") > 1:  # a Hub id is NAME or OWNER/NAME; deeper is a local run folder (maybe gone)
        return None
    if Path(name).parts[0] in (RUNS_DIR.name, "models"):  # this repo's folders, maybe absent here
        return None
    return name


def _starting_point(task: str, config: SimpleNamespace) -> str | None:
    if task == "summary":
        return config.model_name_or_path or config.warm_start_from
    return config.model_name_or_path


def read_card_inputs(folder: str | Path, model_id: str | None = None, base_model: str | None = None) -> CardInputs:
    """Everything a card is rendered from; raises ValueError naming each missing file."""
    folder = Path(folder)
    model_config = _read_json(folder / "config.json")
    metrics = next((m for m in (_read_json(folder / name) for name in METRICS_FILES) if m is not None), None)
    missing = [name for name, value in (("config.json", model_config), (" or ".join(METRICS_FILES), metrics),
                                        (RUN_CONFIG_FILE, (folder / RUN_CONFIG_FILE).exists() or None))
               if value is None]
    if missing:
        raise ValueError(f"{folder}: cannot render a model card without {', '.join(missing)}")
    architecture = (model_config.get("architectures") or ["?"])[0]
    if architecture not in TASKS:
        raise ValueError(f"{folder}: no zhnews model card for architecture {architecture}")
    config = SimpleNamespace(**yaml.safe_load((folder / RUN_CONFIG_FILE).read_text(encoding="utf-8")))
    task = TASKS[architecture]
    return CardInputs(folder=folder, task=task, config=config, metrics=metrics,
                      run_info=_read_json(folder / RUN_INFO_FILE), model_config=model_config,
                      model_id=model_id or str(folder),
                      base_model=base_model or _hub_id_or_none(_starting_point(task, config)))


# ---- metadata -------------------------------------------------------------------------------------

def _split_name(task: str, split: str) -> str:
    names = SUMMARY_EVAL_SPLITS if task == "summary" else TOPIC_EVAL_SPLITS
    return names.get(split, split)


def _eval_results(task: str, split: str, scores: dict, per_class: dict | None = None) -> list[EvalResult]:
    """Every number a split's scores hold, in model-index form (per-class F1 where the class occurs)."""
    dataset = SPLIT_DATASETS.get(split, split)
    common = dict(task_type=PIPELINE_TAGS[task], dataset_type=DATASET_IDS.get(dataset, dataset),
                  dataset_name=_split_name(task, split), dataset_split=split)
    results = []
    for key, value in scores.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in ("n", "cut_chars"):
            metric_type, metric_name = METRIC_NAMES.get(key, (key, key.replace("_", " ")))
            config = "macro" if key == "macro_f1" else None
            results.append(EvalResult(**common, metric_type=metric_type, metric_name=metric_name,
                                      metric_config=config, metric_value=round(float(value), 4)))
    for label, class_scores in (per_class or {}).items():
        if class_scores["support"]:
            results.append(EvalResult(**common, metric_type="f1", metric_name=f"F1 {label}", metric_config=label,
                                      metric_value=round(float(class_scores["f1"]), 4)))
    return results


def held_out_view(metrics: dict) -> dict:
    """The figures a topic model reports: a train_on_dev model's own dev scores are in-sample, so it
    reports those of the train-only run of its recipe (metrics["held_out_run"])."""
    held = metrics.get("held_out_run")
    if not held:
        return metrics
    view = {key: value for key, value in metrics.items() if key != "peer"}
    return {**view, "bert": held["bert"], **({"peer": held["peer"]} if held["peer"] else {})}


def model_index_results(inputs: CardInputs) -> list[EvalResult]:
    metrics = inputs.metrics
    if inputs.task == "topic":
        metrics = held_out_view(metrics)
        return [r for split, s in metrics["bert"].items() for r in _eval_results("topic", split, s, s["per_class"])]
    if inputs.task == "summary":
        return [r for split, s in metrics["splits"].items() for r in _eval_results("summary", split, s["model"])]
    loss_key = f"heldout_{metrics.get('objective', 'mlm')}_loss"
    return _eval_results("pretrained", "heldout", {loss_key: metrics[loss_key]})


def _datasets(inputs: CardInputs) -> list[str]:
    config = inputs.config
    if getattr(config, "train_file", None):
        return []
    if inputs.task == "topic":
        names = ["xwlb", *config.extra_sources] + ([config.ood_source] if config.ood_source else [])
    elif inputs.task == "summary":
        names = ["xwlb", *(n for n, spec in config.data_mix.items() if float(spec.get("weight", 1)) > 0)]
    else:
        names = [source["name"] for source in config.sources]
    return list(dict.fromkeys(DATASET_IDS.get(n, n) for n in names))


def card_metadata(inputs: CardInputs) -> ModelCardData:
    return ModelCardData(
        language="zh", license="other", license_name="research-data", library_name="transformers",
        pipeline_tag=PIPELINE_TAGS[inputs.task], tags=["zhnews", "chinese", "news", *TAGS[inputs.task]],
        datasets=_datasets(inputs) or None, base_model=inputs.base_model,
        model_name=inputs.model_id.rstrip("/").split("/")[-1], eval_results=model_index_results(inputs))


# ---- snippets -------------------------------------------------------------------------------------

def _python(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


def topic_snippets(model_id: str) -> str:
    plain = _python(f'''
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

model_id = "{model_id}"
article = "{EXAMPLE_ARTICLE}"

# The top label with transformers alone. These scores are uncalibrated softmax probabilities.
classifier = pipeline("text-classification", model=model_id, dtype=torch.float32)
print(classifier(article, truncation=True))

# Calibrated probabilities: divide the logits by the temperature stored in config.json.
tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForSequenceClassification.from_pretrained(model_id, use_safetensors=True, dtype=torch.float32)
settings = model.config.zhnews  # max_length, long_document, max_chunks, chunk_stride, temperature
inputs = tokenizer(article, truncation=True, max_length=settings["max_length"], return_tensors="pt")
with torch.no_grad():
    probabilities = torch.softmax(model(**inputs).logits / settings["temperature"], dim=-1)[0]
print({{model.config.id2label[i]: round(p.item(), 3) for i, p in enumerate(probabilities)}})
''')
    own = _python(f'''
from zhnews import TopicClassifier

classifier = TopicClassifier.from_pretrained("{model_id}")
for prediction in classifier.predict(["{EXAMPLE_ARTICLE}"], min_confidence=0.5):
    print(prediction.label, round(prediction.score, 3), prediction.probabilities)
''')
    return f"### With transformers only\n\n{plain}\n\n### With zhnews\n\n{own}"


def summary_snippets(model_id: str) -> str:
    plain = _python(f'''
import re

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

model_id = "{model_id}"
article = "{EXAMPLE_ARTICLE}"

tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForSeq2SeqLM.from_pretrained(model_id, use_safetensors=True, dtype=torch.float32)
inputs = tokenizer([article], truncation=True, max_length=model.config.zhnews["max_source_length"],
                   return_tensors="pt")
output = model.generate(**inputs)  # beams, lengths, no-repeat size: generation_config.json
text = tokenizer.decode(output[0], skip_special_tokens=True)
# WordPiece decoding puts a space between every two characters; keep spaces only between ASCII words.
summary = re.sub(r"{_SPACE_NOT_BETWEEN_WORDS.pattern}", "", text).strip()
print(summary)
''')
    own = _python(f'''
from zhnews import Summarizer

summarizer = Summarizer.from_pretrained("{model_id}")
print(summarizer.summarize(["{EXAMPLE_ARTICLE}"], batch_size=16, max_length=32))
''')
    return f"### With transformers only\n\n{plain}\n\n### With zhnews\n\n{own}"


def pretrained_snippets(model_id: str) -> str:
    plain = _python(f'''
import torch
from transformers import pipeline

fill = pipeline("fill-mask", model="{model_id}", dtype=torch.float32)
print(fill("国家电网保障迎峰度夏电力[MASK]应。")[0])
''')
    own = (f"Fine-tune it on topics or warm-start a summariser from it with the zhnews training scripts:\n\n"
           f"```bash\npython training/run_topic.py configs/topic/zhnews-topic.yaml model_name_or_path={model_id}\n"
           f"python training/run_summary.py configs/summary/zhnews-summary.yaml warm_start_from={model_id}\n```")
    return f"### With transformers only\n\n{plain}\n\n### With zhnews\n\n{own}"


# ---- sections -------------------------------------------------------------------------------------

def _scores_table(metrics: dict, labels: list[str], model_name: str = "zhnews BERT") -> str:
    rows = ["| split | model | accuracy | macro-F1 | " + " | ".join(f"F1 {l}" for l in labels) + " |",
            "|---|---|---|---|" + "---|" * len(labels)]
    for split, bert in metrics["bert"].items():
        n_docs = sum(c["support"] for c in bert["per_class"].values())
        for name, scores in ((model_name, bert), ("TF-IDF + LinearSVC", metrics.get("peer", {}).get(split))):
            if scores:
                per_class = " | ".join(f"{scores['per_class'][l]['f1']:.3f}" if scores["per_class"][l]["support"]
                                       else "–" for l in labels)
                rows.append(f"| {split} (n={n_docs}) "
                            f"| {name} | {scores['accuracy']:.3f} | {scores['macro_f1']:.3f} | {per_class} |")
    return "\n".join(rows)


_SUMMARY_ROWS = {"model": "zhnews-summary", "model_plain_decoding": "zhnews-summary, plain beam search",
                 "lead_1": "Lead-1", "lead_1_cut": "Lead-1 cut to model length",
                 "lead_clause": "lead clause (≤ 30 chars)", "textrank": "TextRank sentence",
                 "reference": "human reference"}
# the garble measures (zhnews/summary/garble.py) and the fluency estimate (zhnews/summary/fluency.py)
_OUTPUT_COLUMNS = {"garbled_share": "garbled", "stitch_share": "stitches", "doubled_char_share": "doubled chars",
                   "cut_off_share": "cut off", "unbalanced_marks_share": "unbalanced marks", "novel_word_rate": "novel words",
                   "novel_trigram_rate": "novel 3-grams", "estimated_fluent": "estimated fluent"}


def _summary_scores_table(metrics: dict) -> str:
    rows = ["| split | summaries | ROUGE-1 | ROUGE-2 | ROUGE-L | mean length | repeated 3-gram | novel bigrams | "
            + " | ".join(_OUTPUT_COLUMNS.values()) + " |",
            "|---|---|---|---|---|---|---|---|" + "---|" * len(_OUTPUT_COLUMNS)]
    for split, scores in metrics["splits"].items():
        for key, name in _SUMMARY_ROWS.items():
            if key in scores:
                s = scores[key]
                rouge = " | ".join(f"{s[r]:.1f}" if r in s else "–" for r in ("rouge1", "rouge2", "rougeL"))
                measures = " | ".join(f"{s[c]:.3f}" if c in s else "–" for c in _OUTPUT_COLUMNS)
                rows.append(f"| {split} (n={scores['n']}) | {name} | {rouge} | {s['mean_length']:.1f} | "
                            f"{s['repeated_trigram_share']:.3f} | {s['novel_bigram_rate']:.3f} | {measures} |")
    return "\n".join(rows)


def _fluency_fallback(config: SimpleNamespace) -> str:
    floor, clause_floor = (float(getattr(config, name, 0.0) or 0.0) for name in ("fluency_floor", "clause_fluency_floor"))
    if not (floor or clause_floor):
        return ""
    return (f"\n  With the fluency estimate learned from the blind ratings (`fluency_scorer.json`,\n"
            f"  `zhnews/summary/fluency.py`), a summary estimated below {floor:g} gives way too, and lead clauses estimated\n"
            f"  below {clause_floor:g} are passed over; of the runs left, the replacement is the one with the highest char\n"
            f"  LCS F1 with the summary plus {ESTIMATE_WEIGHT:g} × its estimate (`fallback.fluency_fallback`).")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _reproduce_command(task: str) -> str:
    script = {"topic": "run_topic.py", "summary": "run_summary.py", "pretrained": "run_pretraining.py"}[task]
    return f"python training/{script} {RUN_CONFIG_FILE}"


def reproducibility_section(inputs: CardInputs) -> str:
    info = inputs.run_info
    command = _reproduce_command(inputs.task)
    if info is None:
        return (f"This folder has no `{RUN_INFO_FILE}`: the run predates zhnews's run records, so package versions, "
                f"commit and data fingerprints were not recorded. `{RUN_CONFIG_FILE}` holds its resolved config "
                f"(seed {inputs.config.seed}); `{command}` from a zhnews checkout repeats it.")
    git = info["zhnews_git"]
    commit = f"`{git['commit'][:12]}`" + (" with uncommitted changes" if git["dirty"] else "") if git["commit"] \
        else "unknown (not a git checkout)"
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items() if version)
    files = "\n".join([f"  - `{Path(f['path']).name}` ({f['bytes']:,} bytes) sha256 `{f['sha256'][:16]}…`"
                       for f in info["data_files"]] +
                      [f"  - {d['name']}: {d['rows']:,} rows, `datasets` fingerprint `{d['fingerprint']}`"
                       for d in info.get("datasets", [])]) or "  - none recorded"
    return f"""Recorded in `{RUN_INFO_FILE}` next to the weights (the resolved config: `{RUN_CONFIG_FILE}`):
- zhnews commit {commit}; seed {info['seed']}; {info['world_size']} training process(es); started {info['started_at']}.
- Packages: {packages}.
- Hardware: {info['hardware']['cpu']} ({info['hardware']['torch_threads']} threads){
    "; GPU: " + ", ".join(info['hardware']['gpus']) if info['hardware']['gpus'] else ", no GPU"}.
- Data files read (full sha256 in `{RUN_INFO_FILE}`):
{files}

Repeat the run with `{command}` from a zhnews checkout at that commit, with the same data files."""


def _topic_training_data(config: SimpleNamespace) -> str:
    if not hasattr(config, "newspaper_train"):  # runs from before the newspaper data
        return "the labelled 新闻联播 stories up to 2025-06-30"
    data = f"the labelled 新闻联播 stories up to {config.train_end_date}"
    return data + (" and the labelled People's Daily articles of 2019–2020" if config.newspaper_train else "")


def _summary_wall_time(config: SimpleNamespace, metrics: dict) -> str:
    if metrics.get("train_wall_seconds") is None:  # a run stopped during its final evaluation
        return (f"Training wall time: not recorded (stopped at step {metrics.get('stopped_at_step')}, within its "
                f"{config.max_minutes}-minute budget, on {metrics['hardware']})")
    return f"Training wall time: {metrics['train_wall_seconds'] / 60:.1f} min on {metrics['hardware']}"


def _topic_training_notes(config: SimpleNamespace, metrics: dict) -> str:
    lines = []
    distillation = metrics.get("distillation")
    if distillation:
        sources = ", ".join(f"{name} {n}" for name, n in distillation["rows_by_source"].items())
        lines.append(f"- Distillation: the gold labels plus the soft labels of a fused teacher (fine-tuned BERT × char "
                     f"n-gram logistic regression, `training/run_topic_teacher.py`) on {distillation['soft_label_rows']} "
                     f"rows ({sources}); KL at temperature {distillation['temperature']}, gold loss weight "
                     f"{distillation['gold_loss_weight']}; then up to {distillation['gold_only_epochs']} epochs on the "
                     "gold labels alone, kept only if better on dev.")
    held = metrics.get("held_out_run")
    if held:
        ood = ", ".join(f"{run} {m['ood_dev']['macro_f1']:.3f}" for run, m in
                        (("this model", metrics["bert"]), ("the train-only run", held["bert"])) if "ood_dev" in m)
        lines.append(f"- The final model of its recipe (`train_on_dev: true`): the dev splits joined its training data, so "
                     f"the dev figures below are those of the train-only run `{held['run']}`, whose temperature it "
                     f"reuses. On ood_dev, which neither trained on: {ood}.")
    if metrics.get("do_train") is False:
        lines.append(f"- This run trained nothing (`do_train=false`): it calibrated, scored and saved the checkpoint "
                     f"`{config.model_name_or_path}`, with `long_document: {config.long_document}`.")
    else:
        lines.append(f"- Training wall time: {metrics['train_wall_seconds'] / 60:.1f} min on {metrics['hardware']}.")
    return "\n".join(lines)


def _ngram_part(ngram: dict | None) -> str:
    """The card's line on the char n-gram part fused with the BERT, if the model has one."""
    if not ngram:
        return ""
    w = ngram["bert_weight"]
    return (f"- **A char n-gram part** (`ngram.safetensors`, `zhnews/topic/ngram.py`): char 1–3-gram TF-IDF + logistic "
            f"regression (C = {ngram['C']:g}, {ngram['features']:,} n-grams) fitted on the same {ngram['train_rows']:,} "
            f"training rows, fused as p ∝ p_bert^{w:g} · p_ngram^{1 - w:.2g} (`zhnews.bert_weight`). It reads the title "
            f"and first 1,000 characters. `pipeline` and plain transformers use the BERT alone; every score below is "
            f"the fused model's.\n")


def _reading_extras(config: SimpleNamespace) -> str:
    """The reading settings beyond the window strategy, as a clause of the card's "Long documents" line."""
    extras = []
    if getattr(config, "exit_confidence", None) is not None:
        extras.append(f"the later windows only when the first one's top probability is below "
                      f"{config.exit_confidence} (`exit_confidence`)")
    if getattr(config, "lead_chars", None):
        extras.append(f"plus the first {config.lead_chars} characters (headline and lead) as one more window "
                      f"worth {config.lead_weight:g} (`lead_chars`, `lead_weight`)")
    return ": " + ", ".join(extras) if extras else ""


def _topic_body(inputs: CardInputs) -> str:
    config, metrics = inputs.config, held_out_view(inputs.metrics)
    labels = list(config.labels)
    dev = inputs.metrics["bert"]["dev"]  # this run's own fp16 check, in-sample or not
    ece = "; ".join(f"{split} {s['ece_before_temperature']:.3f} → {s['ece_after_temperature']:.3f}"
                    for split, s in metrics["bert"].items() if "ece_before_temperature" in s)
    splits = "\n".join(f"- `{split}`: {_split_name('topic', split)}" for split in metrics["bert"])
    return f"""# {inputs.model_id.rstrip('/').split('/')[-1]}

A small Chinese BERT that labels a news article with one of: {", ".join(f"`{l}`" for l in labels)}
(definitions: TOPICS.md of the zhnews data). A standard `BertForSequenceClassification` folder
(safetensors, `bert-base-chinese` vocabulary): transformers loads it without zhnews.

## Use it

{topic_snippets(inputs.model_id)}

### What zhnews adds beyond the plain pipeline
- **Calibration.** `pipeline` scores are an uncalibrated softmax. zhnews divides the logits by the temperature
  T = {metrics['temperature']:.3f} fitted on dev (stored in `config.json` → `zhnews.temperature`), as the second
  snippet does. Dividing by T never changes the top label.
- **Normalisation** (`zhnews.text.normalize_text`): full-width letters and digits to half-width, whitespace,
  paragraphs cut across columns rejoined, paragraphs printed twice dropped. Raw web text can get a different label
  without it.
- **Long documents**: zhnews reads `{config.long_document}` windows of {config.max_length} tokens (`zhnews.long_document`){_reading_extras(config)};
  `pipeline` keeps only the first 512 tokens. For articles that fit in one window after normalisation, both
  give the same top label{" (without the lead window)" if getattr(config, "lead_chars", None) else ""} (tested on 300 dev stories: `tests/test_interop.py`).
{_ngram_part(inputs.metrics.get("ngram"))}
## Training
- Base model: `{config.model_name_or_path}`.
- Fine-tuning data: {f"your labelled rows from `{config.train_file}`" if getattr(config, "train_file", None) else
    _topic_training_data(config)} ({metrics['rows']['train']} rows{", plus " + ", ".join(config.extra_sources) if config.extra_sources else ""}), class weighting `{config.class_weighting}`, {config.epochs} epochs max with early stopping on dev macro-F1, lr {config.learning_rate}, seed {config.seed}.
{_topic_training_notes(config, inputs.metrics)}
- Weights stored in {"fp16" if config.save_fp16 else "fp32"}; dev macro-F1 of this run's fp32 weights, every window read, {metrics['fp32_dev_macro_f1']:.4f}; as stored and read by zhnews, {dev['macro_f1']:.4f}.

## Evaluation
{splits}

The peer is char 1–3-gram TF-IDF + LinearSVC trained on the same training split in the same run.

{_scores_table(metrics, labels, "zhnews BERT + n-grams" if inputs.metrics.get("ngram") else "zhnews BERT")}

Calibration (expected calibration error, 15 bins), before → after temperature scaling fitted on dev: {ece}.

## Intended use and limits
- Intended: routing and monitoring of Chinese news by topic; research on Chinese news classification.
- Trained on TV-broadcast news{" and People's Daily articles" if getattr(config, "newspaper_train", False) else
  "; newspaper prose is out of domain"}; web prose is out of domain (see `ood_dev`). `energy` has only
  ~{metrics['train_label_counts'].get('energy', 0)} training stories and is the least reliable class.
- One label per article, for its main subject. Multi-story pages should be split into articles first.
- Use `min_confidence` to abstain rather than guess when the calibrated probability is low.
"""


def _summary_body(inputs: CardInputs) -> str:
    config, metrics = inputs.config, inputs.metrics
    start = (f"fine-tuned from `{config.model_name_or_path}`" if config.model_name_or_path else
             f"a new BART warm-started from the zhnews BERT `{config.warm_start_from}` (encoder and decoder "
             "layers copied, cross-attention random)" if config.warm_start_from else
             f"a new BART ({config.encoder_layers}+{config.decoder_layers} layers × {config.d_model}), "
             "randomly initialised")
    splits = "\n".join(f"- `{s}`: {_split_name('summary', s)}" for s in metrics["splits"])
    length = (f"{config.max_steps} optimiser steps max" if config.max_steps else f"{config.epochs} epochs max") + (
        f" within {config.max_minutes:g} minutes" if config.max_minutes else "")
    sources = {"xwlb": f"新闻联播 stories up to 2025-06-30 → broadcast headline (at most {config.max_headline_repeats} "
                       "stories per identical headline)",
               "rmrb": "People's Daily 2019–2020 articles → printed headline",
               "lcsts": "LCSTS part 2 without CLGE's test split and without PART_III texts", "sogoucs": "SogouCS"}
    data = (f"your pairs from `{config.train_file}`" if config.train_file else
            "; ".join(sources.get(name, name) for name in config.data_mix) + f"; mix {json.dumps(config.data_mix)}")
    if getattr(config, "max_target_novelty", None) is not None:
        data += (f"; only pairs whose summary has at most {config.max_target_novelty:.0%} of its characters absent "
                 "from the model's input")
    return f"""# {inputs.model_id.rstrip('/').split('/')[-1]}

A small Chinese BART that writes a headline-length summary (about 15–30 characters) of a news
article. A standard `BartForConditionalGeneration` folder (safetensors, `bert-base-chinese` vocabulary,
the fnlp/bart-base-chinese layout) with its decoding settings in `generation_config.json`.

## Use it

transformers 5 has no `summarization` or `text2text-generation` pipeline any more (the `pipeline_tag`
above is the Hub's task category): call `generate` as below.

{summary_snippets(inputs.model_id)}

### What zhnews adds beyond plain `generate`
- **Source-side decoding** (`zhnews/summary/source_vocabulary.py`, settings in `config.json` → `zhnews`): only tokens
  found in the article may be written: {"yes" if config.source_vocabulary_only else "no"}{
  " (the output layer scores only those tokens)" if getattr(config, "source_logits_only", False) else ""}; copy bonus
  {config.copy_bonus} added to tokens that continue one of the article's bigrams; span copy
  {_yes(getattr(config, "span_copy", False))}, no repeated words {_yes(getattr(config, "no_repeat_words", False))}, end at a
  phrase boundary {_yes(getattr(config, "end_at_phrase", False))}, not before a noun or name
  {_yes(getattr(config, "no_end_before_noun", False))}, penalty per new copied span
  {float(getattr(config, "new_span_penalty", 0.0)):g}, penalty per new span that goes back in the article
  {float(getattr(config, "backward_span_penalty", 0.0)):g}, per new span outside the previous span's sentence
  {float(getattr(config, "sentence_jump_penalty", 0.0)):g} and clause
  {float(getattr(config, "clause_jump_penalty", 0.0)):g}, per new span that skips a verb
  {float(getattr(config, "verb_skip_penalty", 0.0)):g}, for ending before the summary has a predicate
  {float(getattr(config, "verbless_end_penalty", 0.0)):g}
  (`zhnews/summary/span_copy.py`). Plain `generate` uses none of
  these: it is the "plain beam search" row of the table below.
- **Clause fallback**: {_yes(getattr(config, "clause_fallback", False))}. A summary that the garble measures flag (a stitch
  or a doubled character), that stops mid-clause (inside a word, or before a verb or particle), that has a
  shape no headline has (a speaker without the words, a frame without the event), that joins spans of two
  article sentences, whose copied span leaves out the number it follows in the article (a wrong number), that
  cuts a word, skips a clause, or cannot be copied in the article's order gives way to the run of whole
  lead clauses most like it, among the runs that can stand as a headline (`zhnews/summary/fallback.py`).{_fluency_fallback(config)}
- **Normalisation and lead-first truncation**: the article is normalised (`zhnews.text.normalize_text`) and cut
  to its first {config.max_source_length} characters before tokenising.
- **Decoding to text**: the characters are joined without spaces, as the snippet's `re.sub` does.

## Training
- Starting point: {start}.
- Data: {json.dumps(metrics['train_sources'], ensure_ascii=False)} training pairs: {data}.
- Articles are normalised and cut to their first {config.max_source_length} characters (lead paragraphs
  first); targets to {config.max_target_length} tokens.
- {length}, early stopping on dev character ROUGE-L (patience {config.early_stopping_patience}),
  lr {config.learning_rate}, label smoothing {config.label_smoothing}, batch {config.batch_size}, seed {config.seed}.
- {_summary_wall_time(config, metrics)}; epochs run: {metrics['epochs_run']:.2f}.
- Decoding: {config.num_beams} beams, no_repeat_ngram_size {config.no_repeat_ngram_size}, length penalty
  {config.length_penalty}, {config.min_new_tokens}–{config.max_new_tokens} new tokens.

## Evaluation
{splits}

Character-level ROUGE F1 (0–100; whitespace dropped), mean length in characters, share of summaries
with a repeated character 3-gram, and share of summary character bigrams absent from the article
(novel bigrams: high values flag unfaithful, stock-phrase output). The peers run on the same split in
the same run; "Lead-1 cut" is cut to the model's mean length.

Garble measures (`zhnews/summary/garble.py`), which ROUGE and novel bigrams miss: "stitches" is the share of
summaries that join two copied spans inside an article word (陕西 + [西]安市 → 陕西安市), "doubled chars" the
share with a character repeated more often in a row than the article repeats it (推出出, 年年年), "garbled"
either of the two;
"unbalanced marks" the share with a quote or title mark left open or closed without opening;
"novel words" and "novel 3-grams" are the shares of summary jieba words / character 3-grams that are not in
the article. The human reference row is the rate of the printed headlines.

{_summary_scores_table(metrics)}
{_release_notes(config)}
## Intended use and limits
- Intended: short headline-style summaries of Chinese news for browsing and monitoring; research.
- Abstractive output can state things the article does not say: check the novel-bigram rate above and
  read the summaries before relying on them. ROUGE alone rewards genre stock phrases.
- Trained mostly on TV-broadcast news; Weibo posts (LCSTS) and web news are a minority; other genres are
  out of domain. Only the first {config.max_source_length} characters of an article are read.
- English letters are lower-cased by the tokenizer.
"""


def _release_notes(config: SimpleNamespace) -> str:
    notes = getattr(config, "card_notes", None)
    return f"\n## Release notes\n\n{notes}\n" if notes else ""


def _cumulative_line(metrics: dict) -> str:
    """Pretraining accumulates over runs that each continue the last (training/run_pretraining.py)."""
    total = metrics.get("cumulative")
    if not total:
        return ""
    runs = ", ".join(f"{r['objective']} {r['minutes']:.0f} min" for r in total["runs"])
    return (f"- All runs since {total['started_from']}, each continued from the last: {total['steps']} steps, "
            f"{total['tokens'] / 1e6:.1f}M tokens, {total['minutes']:.0f} min ({runs}).\n")


def _pretrained_body(inputs: CardInputs) -> str:
    config, metrics = inputs.config, inputs.metrics
    objective = metrics.get("objective", "mlm")
    sources = ", ".join(s["name"] + (f" (first {s['max_chars']} chars per document)" if s.get("max_chars") else "")
                        for s in config.sources)
    return f"""# zhnews BERT {config.num_layers} × {config.hidden_size}

A small Chinese BERT ({config.num_layers} layers, hidden {config.hidden_size}, {config.num_heads} heads) pretrained
on the zhnews corpora (whole-word masked-LM, or ELECTRA replaced-token detection: see below), with the standard `bert-base-chinese`
vocabulary, so it is token-compatible with the Chinese BERT ecosystem. It is the base of `zhnews-topic` and the
warm start of `zhnews-summary` (`warm_start_from` in `configs/summary/zhnews-summary.yaml`). A standard `BertForMaskedLM` folder (fp16 safetensors).

## Use it

{pretrained_snippets(inputs.model_id)}

## Pretraining
- Text from the zhnews data folder: {sources}. Training period only: 新闻联播 stories after 2025-06-30, People's Daily 2025, THUCNews
  and the summary test sets are left out (`zhnews/mlm_data.py`).
- This run: {metrics['steps']} steps × {config.batch_size} blocks × {config.max_seq_length} tokens, objective
  `{objective}`, whole-word masking (jieba) at {config.mlm_probability}, lr {config.learning_rate}{
  ", generator at " + str(config.generator_width_ratio) + " of the width, discriminator loss weight "
  + str(config.discriminator_loss_weight) if objective == "electra" else ", LM head on masked positions only"}.
- Loss: {metrics['loss_curve'][0][1]:.2f} at step {metrics['loss_curve'][0][0]} → {metrics['loss_curve'][-1][1]:.2f} at step {metrics['loss_curve'][-1][0]} (training, logged);
  {metrics[f"heldout_{objective}_loss"]:.3f} on {config.heldout_blocks} held-out blocks at the end.
- {metrics['train_wall_seconds'] / 60:.0f} min at {metrics['tokens_per_second']:.0f} tokens/s on {metrics.get('hardware', 'CPU')}.
{_cumulative_line(metrics)}
## Limits
Small and briefly trained: a starting point for fine-tuning on Chinese news, not a general-purpose encoder.
"""


BODIES = {"topic": _topic_body, "summary": _summary_body, "pretrained": _pretrained_body}


def render_model_card(folder: str | Path, model_id: str | None = None, base_model: str | None = None) -> str:
    """The README.md for a model folder: YAML metadata with a model-index, then the card."""
    inputs = read_card_inputs(folder, model_id, base_model)
    return (f"---\n{card_metadata(inputs).to_yaml()}\n---\n\n{BODIES[inputs.task](inputs)}\n"
            f"## Reproducibility\n{reproducibility_section(inputs)}\n\n## Data and licence\n{DATA_LICENCE_NOTE}\n")


def write_model_card(folder: str | Path, model_id: str | None = None, base_model: str | None = None) -> Path:
    path = Path(folder) / "README.md"
    path.write_text(render_model_card(folder, model_id, base_model), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_model_card(*sys.argv[1:3]))
