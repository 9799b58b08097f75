"""Extractive summary peers: what a seq2seq model has to beat on the same split.

- `lead_1`: the article's first sentence (a strong peer for news: the lead carries the story).
- `lead_1_cut`: the first sentence cut to N characters (N = the model's mean length, so that
  ROUGE compares summaries of the same length).
- `lead_clause`: the first clause or clauses of the lead, up to 30 characters, cut at punctuation,
  after a dateline (本报北京5月1日电（记者…）) is stripped: fluent by construction.
- `textrank`: the most central sentence of a character-bigram overlap graph (Mihalcea & Tarau 2004,
  with character bigrams standing in for words, so no segmenter is needed).

The summariser's clause fallback, built on the same lead clauses, is zhnews/summary/fallback.py; what can stand as a
headline is zhnews/summary/headline_shape.py.
"""

import math
import re

import numpy as np

from zhnews.text import normalize_text, split_sentences


def _sentences(text: str) -> list[str]:
    sentences = split_sentences(normalize_text(text))
    return sentences or [text.strip()]


def lead_1(text: str) -> str:
    return _sentences(text)[0]


def lead_1_cut(text: str, max_chars: int) -> str:
    return lead_1(text)[:max_chars]


LEAD_CLAUSE_MAX_CHARS = 30
# 本报北京5月1日电（记者张三）, (据)新华社北京12月31日电, 本报讯（记者…）, 央视网消息（新闻联播）：
_DATELINE = re.compile(r"^(?:据?(?:本报|新华社|中新社|人民网|新华网|央视网)[^，。\n]{0,20}?(?:日电|讯|消息)"
                       r"|[^，。\n]{0,12}?\d{1,2}月\d{1,2}日电)"
                       r"\s*(?:[（(][^）)\n]{0,40}[）)])?\s*[：:]?\s*")
CLAUSE_END = re.compile(r"(?<=[，、：；。！？!?;:])")
TRAILING_PUNCTUATION = "，、：；。！？!?;:"


def strip_dateline(text: str) -> str:
    """The article without its opening dateline (the rest unchanged when there is none)."""
    text = normalize_text(text)
    stripped = _DATELINE.sub("", text, count=1)
    return stripped if stripped.strip() else text


# A leader's letter printed before the news story about it: 回信 天津大学全体师生： … 习近平 2025年9月30日 （新华社北京10月2日电）
# 新华社北京10月2日电近日，…习近平给天津大学全体师生回信，…
LETTER_OPENING = re.compile(r"^\s*(?:回信|复信|贺信|贺电|致信)\s")
_LETTER_SIGNATURE = re.compile(r"[\u4e00-\u9fff]{2,4}\s*\d{4}年\d{1,2}月\d{1,2}日\s*[（(]新华社[^）)\n]{0,12}电[）)]\s*")


def story_first(text: str) -> str:
    """The article with the news story printed after a leader's letter (回信 / 贺信 …, signed with a name, a date and
    新华社…电) moved before the letter, so that its lead is the story's (习近平给天津大学全体师生回信), not the letter's
    salutation; any other article unchanged. Nothing is dropped. (The same for a speech's key points, ■ … before the
    story's dateline, cost fluency where it gained the event: bench/rating-key-points/.)"""
    if not LETTER_OPENING.match(text):
        return text
    signature = _LETTER_SIGNATURE.search(text)
    if not signature or not text[signature.end():].strip():
        return text
    return f"{text[signature.end():].strip()}\n{text[:signature.end()].strip()}"


def lead_clause(text: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS) -> str:
    """As many whole clauses of the lead sentence as fit in max_chars (at least the first one, cut
    to max_chars when it alone is longer), without the closing punctuation."""
    clauses = [c for c in CLAUSE_END.split(lead_1(strip_dateline(text))) if c]
    kept = clauses[0][:max_chars]
    for clause in clauses[1:]:
        if len(kept) + len(clause.rstrip(TRAILING_PUNCTUATION)) > max_chars:
            break
        kept += clause
    return kept.rstrip(TRAILING_PUNCTUATION)


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
    """All peers for a list of articles, keyed by the names used in metrics.json."""
    return {
        "lead_1": [lead_1(t) for t in texts],
        "lead_1_cut": [lead_1_cut(t, cut_chars) for t in texts],
        "lead_clause": [lead_clause(t) for t in texts],
        "textrank": [textrank(t) for t in texts],
    }
