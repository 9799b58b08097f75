"""Extractive summary peers: what a seq2seq model has to beat on the same split.

- `lead_1`: the article's first sentence (a strong peer for news: the lead carries the story).
- `lead_1_cut`: the first sentence cut to N characters (N = the model's mean length, so that
  ROUGE compares summaries of the same length).
- `textrank`: the most central sentence of a character-bigram overlap graph (Mihalcea & Tarau 2004,
  with character bigrams standing in for words, so no segmenter is needed).
"""

import math

import numpy as np

from zhnews.text import normalize_text, split_sentences


def _sentences(text: str) -> list[str]:
    sentences = split_sentences(normalize_text(text))
    return sentences or [text.strip()]


def lead_1(text: str) -> str:
    return _sentences(text)[0]


def lead_1_cut(text: str, max_chars: int) -> str:
    return lead_1(text)[:max_chars]


def _bigrams(sentence: str) -> set[str]:
    chars = [ch for ch in sentence if not ch.isspace()]
    return {a + b for a, b in zip(chars, chars[1:])}


def similarity_matrix(sentences: list[str]) -> np.ndarray:
    """TextRank similarity: shared bigrams over log(|A|) + log(|B|), which keeps long sentences
    from winning on length alone."""
    grams = [_bigrams(s) for s in sentences]
    n = len(sentences)
    weights = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            norm = math.log(len(grams[i]) + 1) + math.log(len(grams[j]) + 1)
            if norm > 0:
                weights[i, j] = weights[j, i] = len(grams[i] & grams[j]) / norm
    return weights


def pagerank(weights: np.ndarray, damping: float = 0.85, tolerance: float = 1e-6,
             max_iterations: int = 100) -> np.ndarray:
    """Scores of a weighted undirected graph by power iteration; a node without edges spreads evenly."""
    n = len(weights)
    out = weights.sum(axis=1, keepdims=True)
    transition = np.where(out > 0, weights / np.where(out > 0, out, 1), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < tolerance:
            return updated
        scores = updated
    return scores


def textrank(text: str, max_chars: int | None = None) -> str:
    """The highest-ranked sentence (the earlier one on a tie), optionally cut to max_chars."""
    sentences = _sentences(text)
    scores = pagerank(similarity_matrix(sentences))
    best = int(np.argmax(np.round(scores, 9)))  # argmax takes the first of equal scores
    return sentences[best][:max_chars]


def peer_summaries(texts: list[str], cut_chars: int) -> dict[str, list[str]]:
    """All three peers for a list of articles, keyed by the names used in metrics.json."""
    return {
        "lead_1": [lead_1(t) for t in texts],
        "lead_1_cut": [lead_1_cut(t, cut_chars) for t in texts],
        "textrank": [textrank(t) for t in texts],
    }
