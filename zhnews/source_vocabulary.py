"""Decoding that stays close to the article's own wording: a brake on invented words.

A small seq2seq model trained briefly writes fluent, formulaic headlines that the article does
not support. Two logits adjustments, both per source row, keep it on the text:
- restrict: every token absent from the source (except end-of-summary and common headline
  punctuation) gets -inf, so the model chooses, orders and shortens the article's words;
- copy_bonus: a token that continues a bigram of the source after the token just written gets
  this much added to its log-probability, which favours copying whole phrases (names, places)
  over stitching single characters.
"""

from collections import defaultdict

import torch
from transformers import LogitsProcessor

HEADLINE_PUNCTUATION = "，、：；！？“”《》（）·—"


class SourceVocabularyProcessor(LogitsProcessor):
    """source_ids: (batch, source_length) encoder input ids (padding included: pad is never
    written). generate() repeats each source row once per beam, so the rows of `scores` map to
    source rows by integer division."""

    def __init__(self, source_ids: torch.Tensor, vocab_size: int, always_allowed: list[int],
                 restrict: bool = True, copy_bonus: float = 0.0):
        allowed = torch.zeros(source_ids.shape[0], vocab_size, dtype=torch.bool, device=source_ids.device)
        allowed.scatter_(1, source_ids, True)
        allowed[:, always_allowed] = True
        self.allowed = allowed if restrict else None
        self.copy_bonus = copy_bonus
        self.successors = [_successors(row) for row in source_ids.tolist()] if copy_bonus else None

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        per_source = scores.shape[0] // (self.allowed.shape[0] if self.allowed is not None else len(self.successors))
        if self.successors is not None:
            scores = scores.clone()
            for row, previous in enumerate(input_ids[:, -1].tolist()):
                following = self.successors[row // per_source].get(previous)
                if following is not None:
                    scores[row, following] += self.copy_bonus
        if self.allowed is not None:
            allowed = self.allowed.repeat_interleave(per_source, dim=0)[:, :scores.shape[1]]
            scores = scores.masked_fill(~allowed, float("-inf"))
        return scores


def _successors(ids: list[int]) -> dict[int, list[int]]:
    following = defaultdict(set)
    for previous, token in zip(ids, ids[1:]):
        following[previous].add(token)
    return {previous: sorted(tokens) for previous, tokens in following.items()}


def always_allowed_ids(tokenizer) -> list[int]:
    """End of summary plus the headline punctuation the vocabulary knows."""
    ids = tokenizer.convert_tokens_to_ids(list(HEADLINE_PUNCTUATION))
    return sorted({tokenizer.sep_token_id, *(i for i in ids if i != tokenizer.unk_token_id)})
