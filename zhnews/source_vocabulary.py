"""Decoding that stays close to the article's own wording: a brake on invented words.

A small seq2seq model trained briefly writes fluent, formulaic headlines that the article does
not support. Two logits adjustments, both per source row, keep it on the text:
- restrict: every token absent from the source (except end-of-summary and common headline
  punctuation) gets -inf, so the model chooses, orders and shortens the article's words;
- copy_bonus: a token that continues a bigram of the source after the token just written gets
  this much added to its log-probability, which favours copying whole phrases (names, places)
  over stitching single characters.
"""

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
        self.allowed = None
        if restrict:
            self.allowed = torch.zeros(source_ids.shape[0], vocab_size, dtype=torch.bool, device=source_ids.device)
            self.allowed.scatter_(1, source_ids, True)
            self.allowed[:, always_allowed] = True

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
