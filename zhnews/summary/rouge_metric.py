"""Character-level ROUGE for Chinese summaries, as an `evaluate` metric, plus the output statistics
that ROUGE alone hides (length, repetition, copying).

`rouge_score`'s default tokenizer keeps only [a-z0-9] tokens, so every Chinese string becomes empty
and scores 0. Chinese summaries are compared character by character instead (the convention of the
LCSTS papers). The metric is defined here rather than fetched with `evaluate.load("rouge")`, which
downloads its script from the Hugging Face Hub and so fails on offline machines.
"""

import datasets
import evaluate
import numpy as np
from rouge_score import rouge_scorer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def summary_chars(text: str) -> list[str]:
    """The units every statistic here counts: characters, whitespace dropped, ASCII lower-cased
    (the bert-base-chinese tokenizer lower-cases, so a model cannot reproduce case)."""
    return [ch for ch in text.lower() if not ch.isspace()]


class CharTokenizer:
    """The `tokenize(text) -> list[str]` interface rouge_score expects, one token per character."""

    def tokenize(self, text: str) -> list[str]:
        return summary_chars(text)


class ChineseRouge(evaluate.Metric):
    """Mean per-pair ROUGE-1/2/L F1 over characters, on a 0–100 scale."""

    def _info(self):
        return evaluate.MetricInfo(
            description="Character-level ROUGE-1, ROUGE-2 and ROUGE-L F1 (0-100) for Chinese text.",
            citation="Lin, 2004. ROUGE: A Package for Automatic Evaluation of Summaries.",
            inputs_description="predictions and references: one string each per summary",
            features=datasets.Features({"predictions": datasets.Value("string"),
                                        "references": datasets.Value("string")}),
        )

    def _compute(self, predictions, references):
        scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=CharTokenizer())
        scores = [scorer.score(reference, prediction) for prediction, reference in zip(predictions, references)]
        return {name: 100 * float(np.mean([s[name].fmeasure for s in scores])) if scores else 0.0
                for name in ROUGE_TYPES}


def rouge_scores(predictions: list[str], references: list[str]) -> dict[str, float]:
    """{'rouge1', 'rouge2', 'rougeL'}: character-level F1, 0–100."""
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    return ChineseRouge().compute(predictions=list(predictions), references=list(references))


def _ngrams(chars: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(chars[i:i + n]) for i in range(len(chars) - n + 1)]


def mean_length(summaries: list[str]) -> float:
    """Mean length in characters (whitespace not counted)."""
    return float(np.mean([len(summary_chars(s)) for s in summaries])) if summaries else 0.0


def repeated_trigram_share(summaries: list[str]) -> float:
    """Share of summaries in which some character 3-gram occurs twice: a symptom of degenerate decoding."""
    if not summaries:
        return 0.0
    repeated = [len(set(grams)) < len(grams) for grams in (_ngrams(summary_chars(s), 3) for s in summaries)]
    return float(np.mean(repeated))


def novel_bigram_rate(summaries: list[str], sources: list[str]) -> float:
    """Share of all summary character bigrams that never occur in the summary's source article.

    High values mean the summary says things the article does not (or paraphrases heavily); human
    新闻联播 headlines sit around 0.26."""
    novel = total = 0
    for summary, source in zip(summaries, sources, strict=True):
        source_bigrams = set(_ngrams(summary_chars(source), 2))
        grams = _ngrams(summary_chars(summary), 2)
        novel += sum(gram not in source_bigrams for gram in grams)
        total += len(grams)
    return novel / total if total else 0.0


def score_summaries(summaries: list[str], references: list[str], sources: list[str]) -> dict[str, float]:
    """ROUGE against the references plus the output statistics, all in one dict."""
    return {
        **rouge_scores(summaries, references),
        "mean_length": mean_length(summaries),
        "repeated_trigram_share": repeated_trigram_share(summaries),
        "novel_bigram_rate": novel_bigram_rate(summaries, sources),
    }
