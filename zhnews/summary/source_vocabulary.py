"""Decoding that stays close to the article's own wording: a brake on invented words.

A small seq2seq model trained briefly writes fluent, formulaic headlines that the article does
not support. Two logits adjustments, both per source row, keep it on the text:
- restrict: every token absent from the source (except end-of-summary and common headline
  punctuation) gets -inf, so the model chooses, orders and shortens the article's words;
- copy_bonus: a token that continues a bigram of the source after the token just written gets
  this much added to its log-probability, which favours copying whole phrases (names, places)
  over stitching single characters.

SourceLogitsHead does the restriction inside the model instead, and faster: the output layer is
computed only for the tokens some article of the batch holds (a fraction of the 21,128-token
vocabulary), so each row's softmax runs over its own article's tokens (scores renormalised over
them, where the processor masks a softmax over the whole vocabulary).
"""

from contextlib import contextmanager

import torch
from transformers import LogitsProcessor

HEADLINE_PUNCTUATION = "，、：；！？“”《》（）·—"


class SourceVocabularyProcessor(LogitsProcessor):
    """source_ids: (batch, source_length) encoder input ids (padding included: pad is never
    written). generate() repeats each source row once per beam, so the rows of `scores` map to
    source rows by integer division."""

    def __init__(self, source_ids: torch.Tensor, vocab_size: int, always_allowed: list[int],
                 restrict: bool = True, copy_bonus: float = 0.0):
        self.source_ids = source_ids
        self.copy_bonus = copy_bonus
        self.allowed = allowed_tokens(source_ids, vocab_size, always_allowed) if restrict else None

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        per_source = scores.shape[0] // self.source_ids.shape[0]
        if self.copy_bonus:
            sources = self.source_ids.repeat_interleave(per_source, dim=0)
            # 1 where the token follows an occurrence of the token just written (once per distinct token)
            continues = (sources[:, :-1] == input_ids[:, -1:]).to(scores.dtype)
            bonus = torch.zeros_like(scores).scatter_reduce_(1, sources[:, 1:], continues, reduce="amax")
            scores = scores + self.copy_bonus * bonus
        if self.allowed is not None:
            allowed = self.allowed.repeat_interleave(per_source, dim=0)[:, :scores.shape[1]]
            scores = scores.masked_fill(~allowed, float("-inf"))
        return scores


def always_allowed_ids(tokenizer) -> list[int]:
    """End of summary plus the headline punctuation the vocabulary knows."""
    ids = tokenizer.convert_tokens_to_ids(list(HEADLINE_PUNCTUATION))
    return sorted({tokenizer.sep_token_id, *(i for i in ids if i != tokenizer.unk_token_id)})


def allowed_tokens(source_ids: torch.Tensor, vocab_size: int, always_allowed: list[int]) -> torch.Tensor:
    """(batch, vocab_size) bool: the tokens of each source row, plus the always allowed ones."""
    allowed = torch.zeros(source_ids.shape[0], vocab_size, dtype=torch.bool, device=source_ids.device)
    allowed.scatter_(1, source_ids, True)
    allowed[:, always_allowed] = True
    return allowed


class SourceLogitsHead(torch.nn.Module):
    """An output layer that scores only allowed tokens; every other logit is -inf. `allowed` is per
    source row; generate() runs num_beams rows per source row, in order."""

    def __init__(self, weight: torch.Tensor, allowed: torch.Tensor, num_beams: int):
        super().__init__()
        self.vocab_size = weight.shape[0]
        self.subset = allowed.any(dim=0).nonzero().squeeze(1)
        self.subset_weight = weight[self.subset]
        self.blocked = ~allowed.repeat_interleave(num_beams, dim=0)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        scores = hidden @ self.subset_weight.T
        logits = scores.new_full((*hidden.shape[:-1], self.vocab_size), float("-inf"))
        logits[..., self.subset] = scores
        blocked = self.blocked if hidden.dim() == 2 else self.blocked[:, None, :]
        return logits.masked_fill_(blocked, float("-inf"))


@contextmanager
def source_logits_only(model, allowed: torch.Tensor, num_beams: int):
    """Within the block, `model` computes logits only for the allowed tokens (SourceLogitsHead)."""
    head = model.get_output_embeddings()
    weight = head.weight() if callable(head.weight) else head.weight  # int8 (zhnews/int8.py): a method
    if weight.is_quantized:
        weight = weight.dequantize()
    model.set_output_embeddings(SourceLogitsHead(weight, allowed, num_beams))
    try:
        yield
    finally:
        model.set_output_embeddings(head)
