"""BART denoising pretraining data (Lewis et al. 2020, "BART: denoising sequence-to-sequence
pre-training"): the decoder rebuilds a packed block of news text from a corrupted copy.

Two corruptions, as BART's best setting combines them:
- sentence permutation: the block's sentences (cut after 。！？) are shuffled;
- text infilling: spans with Poisson(λ=3) lengths, about 30% of the tokens, are each replaced by a
  single [MASK], so the model must also learn how much is missing. Spans start at jieba word
  starts (the blocks of zhnews.mlm_data remember them), so the decoder practises writing whole words.

Labels are the uncorrupted block, `[CLS] … [SEP]` like the summariser's headline targets; the BART
model builds its decoder inputs from them (shifted right, starting at [SEP]).
"""

import numpy as np
import torch

SENTENCE_ENDS = "。！？"


class DenoisingCollator:
    def __init__(self, tokenizer, mask_ratio: float = 0.3, poisson_lambda: float = 3.0,
                 permute_sentences: bool = True, seed: int = 0):
        if not 0 < mask_ratio < 1:
            raise ValueError("mask_ratio must be in (0, 1)")
        self.mask_id, self.pad_id = tokenizer.mask_token_id, tokenizer.pad_token_id
        self.cls_id, self.sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
        self.sentence_end_ids = set(tokenizer.convert_tokens_to_ids(list(SENTENCE_ENDS))) - {tokenizer.unk_token_id}
        self.mask_ratio = mask_ratio
        self.poisson_lambda = poisson_lambda
        self.permute_sentences = permute_sentences
        self.rng = np.random.default_rng(seed)

    def corrupt(self, ids: list[int], word_starts: list[int]) -> list[int]:
        """The encoder's input for one `[CLS] … [SEP]` block."""
        body, starts = list(ids[1:-1]), list(word_starts[1:-1])
        if self.permute_sentences:
            body, starts = self.permute(body, starts)
        return [self.cls_id, *self.infill(body, starts), self.sep_id]

    def permute(self, body: list[int], starts: list[int]) -> tuple[list[int], list[int]]:
        ends = [i + 1 for i, token in enumerate(body[:-1]) if token in self.sentence_end_ids]
        bounds = [0, *ends, len(body)]
        order = self.rng.permutation(len(bounds) - 1)
        pieces = [(bounds[i], bounds[i + 1]) for i in order]
        return [t for a, b in pieces for t in body[a:b]], [s for a, b in pieces for s in starts[a:b]]

    def infill(self, body: list[int], starts: list[int]) -> list[int]:
        n = len(body)
        budget = round(n * self.mask_ratio)
        candidates = np.flatnonzero(starts) if any(starts) else np.arange(n)
        masked = np.zeros(n, dtype=bool)
        for _ in range(4 * budget):  # bounded: spans may overlap
            if masked.sum() >= budget:
                break
            start = int(self.rng.choice(candidates))
            length = max(1, int(self.rng.poisson(self.poisson_lambda)))
            masked[start:start + length] = True
        out = []
        for i, token in enumerate(body):
            if not masked[i]:
                out.append(token)
            elif i == 0 or not masked[i - 1]:  # one [MASK] per span
                out.append(self.mask_id)
        return out

    def __call__(self, examples: list[dict]) -> dict[str, torch.Tensor]:
        sources = [self.corrupt(e["input_ids"], e.get("word_starts") or [1] * len(e["input_ids"]))
                   for e in examples]
        width = max(map(len, sources))
        label_width = max(len(e["input_ids"]) for e in examples)
        input_ids = np.full((len(examples), width), self.pad_id, dtype=np.int64)
        attention_mask = np.zeros_like(input_ids)
        labels = np.full((len(examples), label_width), -100, dtype=np.int64)
        for row, (source, example) in enumerate(zip(sources, examples)):
            input_ids[row, :len(source)] = source
            attention_mask[row, :len(source)] = 1
            labels[row, :len(example["input_ids"])] = example["input_ids"]
        return {"input_ids": torch.from_numpy(input_ids), "attention_mask": torch.from_numpy(attention_mask),
                "labels": torch.from_numpy(labels)}
