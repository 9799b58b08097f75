"""Labelling table rows: the per-row checks and the models, shared by the local and the Ray engine.

Every input row gives one output row: its columns, then `topic` and `topic_score` and/or `summary`,
or an `error` with the reason and no result.
"""

from dataclasses import dataclass, field

from zhnews.corpus import article_text
from zhnews.paths import SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL
from zhnews.table_io import SourceRow

TASKS = ("topic", "summary")
MAX_TEXT_CHARS = 200_000
# Result columns and their Parquet types, in output order.
RESULT_FIELDS = {"topic": {"topic": "string", "topic_score": "float64"}, "summary": {"summary": "string"}}
ERROR_FIELD = "error"
# Scores are rounded so that outputs do not depend on float noise from batch composition.
SCORE_DECIMALS = 6
ZERO_WIDTH_SPACE = "\u200b"
# The command line's auto | on | off for a setting resolved per machine or per model (int8, bf16).
AUTO_ON_OFF = {"auto": "auto", "on": True, "off": False}


@dataclass
class LabelSettings:
    """What a labelling job computes. Everything here decides the output, so it is recorded with a
    partial output and a resumed job must match it."""

    tasks: tuple[str, ...] = ("topic",)
    """Any of "topic", "summary", in output column order."""
    topic_model: str = str(SHIPPED_TOPIC_MODEL)
    """Topic model folder or Hub id."""
    summary_model: str = str(SHIPPED_SUMMARY_MODEL)
    """Summary model folder or Hub id."""
    text_field: str = "text"
    """Column holding the article text."""
    title_field: str | None = None
    """Optional column holding a headline, put on the line before the text (as in training)."""
    min_confidence: float | None = None
    """Topic label "abstain" below this calibrated probability."""
    max_length: int | None = None
    """Most new tokens (≈ Chinese characters) per summary; default: the model's generation config."""
    int8: bool | str = "auto"
    """Dynamic int8 quantisation of the linear layers (zhnews/int8.py). "auto": the summary model only
    (ROUGE-L within 0.5 point of fp32 on all three dev splits, bench/bench_summary.py --int8); True: both
    models; False: neither. Resolved to `int8_tasks` on construction."""
    bf16: bool | str = "auto"
    """Run the topic model under bf16 autocast; "auto": where the CPU computes bf16 natively
    (zhnews/hardware.py), unless the topic model runs in int8. Resolved to a boolean on construction."""
    batch_size: int = 32
    """Texts per model forward pass."""
    max_text_chars: int = MAX_TEXT_CHARS
    """Longer texts are an error row, not an out-of-memory crash."""
    result_fields: dict[str, str] = field(init=False)
    int8_tasks: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        self.tasks = tuple(self.tasks)
        unknown = [t for t in self.tasks if t not in TASKS]
        if unknown or not self.tasks or len(set(self.tasks)) != len(self.tasks):
            raise ValueError(f"tasks must be distinct names from {', '.join(TASKS)}, got {','.join(self.tasks)!r}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {self.batch_size}")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ValueError(f"min confidence must be between 0 and 1, got {self.min_confidence}")
        if self.max_length is not None and self.max_length < 1:
            raise ValueError(f"max length must be at least 1 token, got {self.max_length}")
        if self.int8 not in AUTO_ON_OFF.values():
            raise ValueError(f"int8 must be auto, true or false, not {self.int8!r}")
        self.int8_tasks = tuple(t for t in self.tasks if self.int8 is True or (self.int8 == "auto" and t == "summary"))
        if "topic" in self.int8_tasks and self.bf16 is True:
            raise ValueError("bf16 and int8 exclude each other for the topic model; choose one")
        from zhnews.hardware import resolve_bf16  # here, so that `zhnews --help` does not wait for torch

        self.bf16 = resolve_bf16(self.bf16) and "topic" not in self.int8_tasks
        self.result_fields = {name: kind for task in self.tasks for name, kind in RESULT_FIELDS[task].items()}
        self.result_fields[ERROR_FIELD] = "string"

    def fingerprint(self) -> dict:
        """The settings that decide the output (not batch size: it changes speed only)."""
        return {"tasks": list(self.tasks), "topic_model": self.topic_model if "topic" in self.tasks else None,
                "summary_model": self.summary_model if "summary" in self.tasks else None,
                "text_field": self.text_field, "title_field": self.title_field,
                "min_confidence": self.min_confidence, "max_length": self.max_length, "int8": list(self.int8_tasks),
                "bf16": self.bf16, "max_text_chars": self.max_text_chars}


def article_of(row: SourceRow, settings: LabelSettings) -> tuple[str | None, str | None]:
    """The text the models read (title line + text), or the reason the row cannot be labelled."""
    if row.error:
        return None, row.error
    record, name = row.record, settings.text_field
    if name not in record or record[name] is None:
        return None, f"no {name!r} field"
    text = record[name]
    if not isinstance(text, str):
        return None, f"{name!r} is {type(text).__name__}, not a string"
    if not text.replace(ZERO_WIDTH_SPACE, "").strip():  # normalize_text drops zero-width spaces too
        return None, f"{name!r} is empty"
    if len(text) > settings.max_text_chars:
        return None, f"{name!r} has {len(text):,} characters, over the limit of {settings.max_text_chars:,}"
    title = record.get(settings.title_field) if settings.title_field else None
    if title is not None and not isinstance(title, str):
        return None, f"{settings.title_field!r} is {type(title).__name__}, not a string"
    return article_text(title.strip() if title else "", text), None


class Labeller:
    """The models of a job, loaded once; `label(rows)` gives one output row per SourceRow."""

    def __init__(self, settings: LabelSettings):
        from transformers.utils import logging

        logging.disable_progress_bar()  # "Loading weights" bars: noise in a batch job's log
        self.settings = settings
        self.classifier = self.summarizer = None
        if "topic" in settings.tasks:
            from zhnews.topic.classifier import TopicClassifier

            self.classifier = TopicClassifier.from_pretrained(settings.topic_model)
            self.classifier.bf16 = settings.bf16
        if "summary" in settings.tasks:
            from zhnews.summary.summarizer import Summarizer

            self.summarizer = Summarizer.from_pretrained(settings.summary_model)
        if settings.int8_tasks:
            from zhnews.int8 import quantize_models

            quantize_models(self.classifier if "topic" in settings.int8_tasks else None,
                            self.summarizer if "summary" in settings.int8_tasks else None)

    def _results(self, texts: list[str]) -> list[dict]:
        results = [{} for _ in texts]
        size = self.settings.batch_size
        if self.classifier is not None:
            predictions = self.classifier.predict(texts, batch_size=size, min_confidence=self.settings.min_confidence)
            for result, p in zip(results, predictions):
                result.update(topic=p.label, topic_score=round(p.score, SCORE_DECIMALS))
        if self.summarizer is not None:
            summaries = self.summarizer.summarize(texts, batch_size=size, max_length=self.settings.max_length)
            for result, summary in zip(results, summaries):
                result["summary"] = summary
        return results

    def label(self, rows: list[SourceRow]) -> list[dict]:
        """Input columns plus results, or plus `error`; one per row, in order."""
        articles = [article_of(row, self.settings) for row in rows]
        good = [i for i, (text, _) in enumerate(articles) if text is not None]
        results = dict(zip(good, self._results([articles[i][0] for i in good]))) if good else {}
        output = []
        for i, (row, (_, error)) in enumerate(zip(rows, articles)):
            record = dict(row.record or {})
            record.update(results[i] if i in results else {ERROR_FIELD: error})
            output.append(record)
        return output
