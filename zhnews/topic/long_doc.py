"""Fitting articles longer than the model's window: head, head+tail, or chunk-and-average.

Every strategy turns N documents into features (one or more windows per document) that remember
their document index; `pool_by_document` averages the windows' logits back to one row per document.
The same code serves training, evaluation and TopicClassifier.predict.
"""

from dataclasses import dataclass

import numpy as np

from zhnews.text_cut import cut_text

STRATEGIES = ("head", "head_tail", "chunk")
HEAD_SHARE = 0.5  # head_tail keeps this share of the window from the start; the rest from the end


@dataclass
class Windows:
    input_ids: list[list[int]]
    doc_index: list[int]


def _head_tail(ids: list[int], size: int) -> list[int]:
    if len(ids) <= size:
        return ids
    head = int(size * HEAD_SHARE)
    return ids[:head] + ids[len(ids) - (size - head):]


def _chunks(ids: list[int], size: int, stride: int, max_chunks: int) -> list[list[int]]:
    starts = range(0, max(1, len(ids) - size + stride), stride)
    return [ids[s:s + size] for s in starts][:max_chunks] or [ids]


def tokens_read(strategy: str, size: int, stride: int, max_chunks: int) -> tuple[int, int]:
    """How many tokens from the head and from the tail of a document a strategy's windows use."""
    if strategy == "head_tail":
        head = int(size * HEAD_SHARE)
        return head, size - head
    if strategy == "chunk":
        return (max_chunks - 1) * stride + size, 0
    return size, 0


def document_token_ids(tokenizer, texts: list[str], head_tokens: int, tail_tokens: int) -> list[list[int]]:
    """Token ids of each text, or of its cut head + tail pieces (text_cut.py) when those hold enough
    tokens: either way the first head_tokens and last tail_tokens ids are those of the whole text."""
    cuts = [cut_text(text, head_tokens, tail_tokens) for text in texts]
    pieces = [piece for text, cut in zip(texts, cuts) for piece in (cut or (text, ""))]
    encoded = tokenizer(pieces, add_special_tokens=False)["input_ids"]
    heads, tails = encoded[0::2], encoded[1::2]
    ids = [head + tail for head, tail in zip(heads, tails)]
    short = [i for i, cut in enumerate(cuts)
             if cut and (len(heads[i]) < head_tokens or len(tails[i]) < tail_tokens)]
    if short:  # pieces with many characters per token (long words, URLs): tokenise those texts whole
        for i, whole in zip(short, tokenizer([texts[i] for i in short], add_special_tokens=False)["input_ids"]):
            ids[i] = whole
    return ids


def make_windows(tokenizer, texts: list[str], max_length: int, strategy: str = "head",
                 stride: int | None = None, max_chunks: int = 8) -> Windows:
    """Token windows of at most max_length (special tokens included) for each text."""
    if strategy not in STRATEGIES:
        raise ValueError(f"long-document strategy {strategy!r} is not one of {STRATEGIES}")
    size = max_length - 2
    stride = stride or size // 2
    windows = Windows([], [])
    token_ids = document_token_ids(tokenizer, list(texts), *tokens_read(strategy, size, stride, max_chunks))
    for index, ids in enumerate(token_ids):
        if strategy == "head":
            pieces = [ids[:size]]
        elif strategy == "head_tail":
            pieces = [_head_tail(ids, size)]
        else:
            pieces = _chunks(ids, size, stride, max_chunks)
        for piece in pieces:
            windows.input_ids.append([tokenizer.cls_token_id] + piece + [tokenizer.sep_token_id])
            windows.doc_index.append(index)
    return windows


def lead_windows(tokenizer, texts: list[str], lead_chars: int, max_length: int) -> Windows:
    """One short window per text: its first lead_chars characters, which in news are the headline and
    the lead (TOPICS.md: a story is labelled by what they are about)."""
    ids = tokenizer([text[:lead_chars] for text in texts])["input_ids"]
    # cut by hand: truncation=True would stay set on a fast tokenizer and be saved with it
    ids = [window if len(window) <= max_length else window[:max_length - 1] + window[-1:] for window in ids]
    return Windows(ids, list(range(len(texts))))


def pool_by_document(window_logits: np.ndarray, doc_index: list[int] | np.ndarray,
                     weights: np.ndarray | None = None) -> np.ndarray:
    """Mean logits per document, in document order; weighted by `weights` (one per window) when given."""
    doc_index = np.asarray(doc_index)
    weights = np.ones(len(doc_index)) if weights is None else np.asarray(weights, dtype=np.float64)
    n_docs = int(doc_index.max()) + 1 if len(doc_index) else 0
    sums = np.zeros((n_docs, window_logits.shape[1]), dtype=np.float64)
    np.add.at(sums, doc_index, window_logits * weights[:, None])
    counts = np.bincount(doc_index, weights=weights, minlength=n_docs)[:, None]
    return sums / counts
