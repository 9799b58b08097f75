"""Loading and running a sequence-classification checkpoint over long documents."""

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification

from zhnews.topic.long_doc import make_windows, pool_by_document
from zhnews.safe_loading import check_model_source


def load_classifier(name_or_path: str, **kwargs):
    """A classification model from a Hub id or folder; safetensors weights only, computed in fp32
    (shipped weights are stored in fp16, and transformers 5 would otherwise keep their dtype)."""
    check_model_source(name_or_path)
    kwargs.setdefault("dtype", torch.float32)
    return AutoModelForSequenceClassification.from_pretrained(str(name_or_path), use_safetensors=True, **kwargs)


@torch.inference_mode()
def document_logits(model, tokenizer, texts: list[str], max_length: int, strategy: str,
                    batch_size: int = 32, sort_by_length: bool = True, max_chunks: int = 8,
                    stride: int | None = None) -> np.ndarray:
    """One row of logits per text: windows are run shortest-first in batches (little padding), then pooled."""
    windows = make_windows(tokenizer, texts, max_length, strategy, stride, max_chunks)
    order = np.arange(len(windows.input_ids))
    if sort_by_length:
        order = np.argsort([len(ids) for ids in windows.input_ids], kind="stable")
    logits = np.zeros((len(order), model.config.num_labels), dtype=np.float32)
    model.eval()
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        batch = tokenizer.pad({"input_ids": [windows.input_ids[i] for i in chunk]}, return_tensors="pt")
        batch = {k: v.to(model.device) for k, v in batch.items() if k in ("input_ids", "attention_mask")}
        logits[chunk] = model(**batch).logits.float().cpu().numpy()
    return pool_by_document(logits, windows.doc_index)
