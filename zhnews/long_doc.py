"""Fitting articles longer than the model's window: head, head+tail, or chunk-and-average.

Every strategy turns N documents into features (one or more windows per document) that remember
their document index; `pool_by_document` averages the windows' logits back to one row per document.
The same code serves training, evaluation and TopicClassifier.predict.
"""

from dataclasses import dataclass

import numpy as np

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


def make_windows(tokenizer, texts: list[str], max_length: int, strategy: str = "head",
                 stride: int | None = None, max_chunks: int = 8) -> Windows:
    """Token windows of at most max_length (special tokens included) for each text."""
    if strategy not in STRATEGIES:
        raise ValueError(f"long-document strategy {strategy!r} is not one of {STRATEGIES}")
    size = max_length - 2
    stride = stride or size // 2
    encoded = tokenizer(list(texts), add_special_tokens=False, truncation=strategy == "head", max_length=size)
    windows = Windows([], [])
    for index, ids in enumerate(encoded["input_ids"]):
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


def pool_by_document(window_logits: np.ndarray, doc_index: list[int] | np.ndarray) -> np.ndarray:
    """Mean logits per document, in document order."""
    doc_index = np.asarray(doc_index)
    n_docs = int(doc_index.max()) + 1 if len(doc_index) else 0
    sums = np.zeros((n_docs, window_logits.shape[1]), dtype=np.float64)
    np.add.at(sums, doc_index, window_logits)
    counts = np.bincount(doc_index, minlength=n_docs)[:, None]
    return sums / counts
