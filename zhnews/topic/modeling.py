"""Loading and running a sequence-classification checkpoint over long documents."""

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification

from zhnews.topic.calibration import softmax
from zhnews.topic.long_doc import lead_windows, make_windows, pool_by_document
from zhnews.safe_loading import check_model_source


def load_classifier(name_or_path: str, **kwargs):
    """A classification model from a Hub id or folder; safetensors weights only, computed in fp32
    (shipped weights are stored in fp16, and transformers 5 would otherwise keep their dtype)."""
    check_model_source(name_or_path)
    kwargs.setdefault("dtype", torch.float32)
    return AutoModelForSequenceClassification.from_pretrained(str(name_or_path), use_safetensors=True, **kwargs)


def window_logits(model, tokenizer, input_ids: list[list[int]], batch_size: int, sort_by_length: bool) -> np.ndarray:
    """Logits of each window, run shortest-first in batches (little padding)."""
    order = np.arange(len(input_ids))
    if sort_by_length:
        order = np.argsort([len(ids) for ids in input_ids], kind="stable")
    logits = np.zeros((len(order), model.config.num_labels), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        batch = tokenizer.pad({"input_ids": [input_ids[i] for i in chunk]}, return_tensors="pt")
        batch = {k: v.to(model.device) for k, v in batch.items() if k in ("input_ids", "attention_mask")}
        logits[chunk] = model(**batch).logits.float().cpu().numpy()
    return logits


def first_windows(doc_index: np.ndarray) -> np.ndarray:
    """Mask of each document's first window (a document's windows are consecutive)."""
    return np.r_[True, doc_index[1:] != doc_index[:-1]] if len(doc_index) else np.zeros(0, bool)


def windows_read(doc_index: np.ndarray, first_window_logits: np.ndarray, exit_confidence: float) -> np.ndarray:
    """Mask of the windows early exit reads: every first window, and the later windows of the documents whose
    first window's top softmax probability is below exit_confidence."""
    confident = softmax(first_window_logits).max(axis=1) >= exit_confidence  # one per document
    return first_windows(doc_index) | ~confident[doc_index]


@torch.inference_mode()
def document_logits(model, tokenizer, texts: list[str], max_length: int, strategy: str,
                    batch_size: int = 32, sort_by_length: bool = True, max_chunks: int = 8,
                    stride: int | None = None, exit_confidence: float | None = None,
                    lead_chars: int | None = None, lead_weight: float = 1.0) -> np.ndarray:
    """One row of logits per text: the mean logits of its windows.

    exit_confidence (chunk reading): read every article's first window, and its later windows only when the
    first window's top softmax probability is below this; a confident article keeps its first window's logits.
    lead_chars: also read a short window of each article's first lead_chars characters (headline and lead),
    which counts as lead_weight windows in the mean."""
    windows = make_windows(tokenizer, texts, max_length, strategy, stride, max_chunks)
    model.eval()
    doc_index = np.asarray(windows.doc_index)
    logits, read = _read_windows(model, tokenizer, windows.input_ids, doc_index, batch_size, sort_by_length,
                                 exit_confidence)
    logits, doc_index, weights = logits[read], doc_index[read], np.ones(int(read.sum()))
    if lead_chars and len(texts):
        lead = lead_windows(tokenizer, texts, lead_chars, max_length)
        logits = np.concatenate([logits, window_logits(model, tokenizer, lead.input_ids, batch_size, sort_by_length)])
        doc_index = np.concatenate([doc_index, lead.doc_index])
        weights = np.concatenate([weights, np.full(len(texts), lead_weight)])
    return pool_by_document(logits, doc_index, weights)


def _read_windows(model, tokenizer, input_ids: list[list[int]], doc_index: np.ndarray, batch_size: int,
                  sort_by_length: bool, exit_confidence: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The logits of the windows read, and the mask of those read (all, or early exit's choice)."""
    if exit_confidence is None or not len(doc_index):
        return (window_logits(model, tokenizer, input_ids, batch_size, sort_by_length),
                np.ones(len(doc_index), bool))
    first = first_windows(doc_index)
    logits = np.zeros((len(doc_index), model.config.num_labels), dtype=np.float32)
    logits[first] = window_logits(model, tokenizer, [w for w, f in zip(input_ids, first) if f],
                                   batch_size, sort_by_length)
    read = windows_read(doc_index, logits[first], exit_confidence)
    later = np.flatnonzero(read & ~first)
    logits[later] = window_logits(model, tokenizer, [input_ids[i] for i in later], batch_size, sort_by_length)
    return logits, read
