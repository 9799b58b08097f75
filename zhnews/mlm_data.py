"""Masked-LM pretraining data: the Chinese text of ../shared/data, packed into fixed-length
token blocks that remember jieba word boundaries, and a whole-word-masking collator."""

import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import jieba
import numpy as np
import torch
from datasets import Dataset, load_from_disk

from zhnews.corpus import article_text, read_jsonl_gz, read_rmrb_articles, read_xwlb_stories, rmrb_split, xwlb_split
from zhnews.text import normalize_text

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise


def _xwlb(data_dir: Path) -> Iterator[str]:
    for story in read_xwlb_stories(data_dir):
        if xwlb_split(story["date"]) == "train":
            yield article_text(story["title"], story["text"])


def _rmrb(data_dir: Path) -> Iterator[str]:
    """People's Daily 2019–2020, articles and captions, with kicker and subtitle lines."""
    for article in read_rmrb_articles(data_dir, kind=None):
        if rmrb_split(article["date"]) == "train":
            heading = "\n".join(x for x in (article["kicker"], article["title"], article["subtitle"]) if x)
            yield article_text(heading, article["text"])


def _rmrb_captions(data_dir: Path) -> Iterator[str]:
    """People's Daily 2019–2020 photo captions (they have no topic label)."""
    for article in read_rmrb_articles(data_dir, kind="caption"):
        if rmrb_split(article["date"]) == "train":
            yield article_text(article["title"], article["text"])


def _field(relative_path: str, field: str = "text", skip_splits: tuple[str, ...] = ()):
    def read(data_dir: Path) -> Iterator[str]:
        for record in read_jsonl_gz(data_dir / relative_path):
            if record.get("split") not in skip_splits:
                yield record[field]

    return read


# Every source of unlabelled text a pretraining config may name. Deliberately absent: xwlb stories
# after 2025-06-30 (dev/test), People's Daily 2025 (newspaper dev), THUCNews (the out-of-domain topic test set), LCSTS PART_III and the
# CLGE test split of LCSTS part 2 (summary test sets).
TEXT_SOURCES = {
    "xwlb": _xwlb,
    "rmrb": _rmrb,
    "rmrb_captions": _rmrb_captions,
    "fudan": _field("fudan/fudan.jsonl.gz"),
    "tnews": _field("clue/tnews.jsonl.gz", "title"),
    "csldcp": _field("clue/csldcp.jsonl.gz"),
    "lcsts": _field("lcsts/part2_subset.jsonl.gz", skip_splits=("clge_lcsts_test",)),
    "sogoucs": _field("sogoucs/pairs.jsonl.gz"),
    "csl": _field("csl/ts_pairs.jsonl.gz"),
}


def iter_pretraining_texts(sources: list[dict], data_dir: str | Path) -> Iterator[str]:
    """Normalised documents from each source: `{name, repeat: 1, max_chars: null}` per source."""
    for source in sources:
        unknown = set(source) - {"name", "repeat", "max_chars"}
        if unknown or source.get("name") not in TEXT_SOURCES:
            raise ValueError(f"bad pretraining source {source}; names are {sorted(TEXT_SOURCES)}")
        for _ in range(int(source.get("repeat", 1))):
            for text in TEXT_SOURCES[source["name"]](Path(data_dir)):
                text = normalize_text(text)[: source.get("max_chars") or None]
                if text:
                    yield text


def word_start_flags(text: str, offsets: list[tuple[int, int]]) -> list[int]:
    """1 for a token that begins a jieba word, 0 for a token that continues one."""
    starts, position = set(), 0
    for word in jieba.cut(text, HMM=False):  # HMM off: 2x faster, same dictionary words
        starts.add(position)
        position += len(word)
    return [int(start in starts) for start, _ in offsets]


def tokenize_with_word_starts(batch: dict, tokenizer) -> dict:
    encoded = tokenizer(batch["text"], add_special_tokens=False, return_offsets_mapping=True)
    flags = [word_start_flags(t, o) for t, o in zip(batch["text"], encoded["offset_mapping"])]
    return {"input_ids": encoded["input_ids"], "word_starts": flags}


def pack_blocks(batch: dict, block_size: int, cls_id: int, sep_id: int) -> dict:
    """Concatenate documents ([SEP] between them) and cut into `[CLS] … [SEP]` blocks of block_size."""
    body = block_size - 2
    ids, starts = [], []
    for doc_ids, doc_starts in zip(batch["input_ids"], batch["word_starts"]):
        ids.extend(doc_ids + [sep_id])
        starts.extend(doc_starts + [1])
    blocks = {"input_ids": [], "word_starts": []}
    for i in range(0, len(ids) - body + 1, body):
        blocks["input_ids"].append([cls_id] + ids[i : i + body] + [sep_id])
        blocks["word_starts"].append([1] + starts[i : i + body] + [1])
    return blocks


def build_mlm_dataset(texts: Iterator[str], tokenizer, block_size: int, num_proc: int = 1) -> Dataset:
    """A shuffled-ready Dataset of packed blocks with `input_ids` and `word_starts`."""
    documents = Dataset.from_dict({"text": list(texts)})
    tokenized = documents.map(
        tokenize_with_word_starts,
        batched=True,
        fn_kwargs={"tokenizer": tokenizer},
        remove_columns=["text"],
        num_proc=num_proc,
        desc="tokenize + jieba",
    )
    return tokenized.map(
        pack_blocks,
        batched=True,
        batch_size=1000,
        fn_kwargs={"block_size": block_size, "cls_id": tokenizer.cls_token_id, "sep_id": tokenizer.sep_token_id},
        remove_columns=tokenized.column_names,
        desc="pack",
    )


def cached_blocks(sources: list[dict], data_dir: str | Path, prepared_dir: str | Path, block_size: int, tokenizer,
                  key_extra: list, num_proc: int = 1) -> Dataset:
    """build_mlm_dataset's blocks, cached in prepared_dir under a key of the data settings (and
    key_extra: what else decides the token ids, such as the vocabulary)."""
    key = json.dumps([sources, str(data_dir), block_size, *key_extra])
    cache = Path(prepared_dir) / f"mlm-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    if (cache / "dataset_info.json").exists():
        return load_from_disk(str(cache))
    blocks = build_mlm_dataset(iter_pretraining_texts(sources, data_dir), tokenizer, block_size, num_proc)
    blocks.save_to_disk(str(cache))
    return blocks


class WholeWordMaskCollator:
    """Masks whole jieba words until ~mlm_probability of the tokens are chosen; 80/10/10 replacement.

    Labels are -100 everywhere except chosen tokens, so the model can run its LM head on chosen
    positions only.
    """

    def __init__(self, tokenizer, mlm_probability: float = 0.15, whole_word_mask: bool = True, seed: int = 0):
        self.mask_id = tokenizer.mask_token_id
        self.pad_id = tokenizer.pad_token_id
        self.special_ids = set(tokenizer.all_special_ids)
        self.vocab_size = len(tokenizer)
        self.mlm_probability = mlm_probability
        self.whole_word_mask = whole_word_mask
        self.rng = random.Random(seed)

    def _words(self, ids: list[int], starts: list[int]) -> list[list[int]]:
        words: list[list[int]] = []
        for position, (token, start) in enumerate(zip(ids, starts)):
            if token in self.special_ids:
                continue
            if start or not words or not self.whole_word_mask or words[-1][-1] != position - 1:
                words.append([position])
            else:
                words[-1].append(position)
        return words

    def __call__(self, examples: list[dict]) -> dict[str, torch.Tensor]:
        length = max(len(e["input_ids"]) for e in examples)
        input_ids = np.full((len(examples), length), self.pad_id, dtype=np.int64)
        labels = np.full_like(input_ids, -100)
        attention_mask = np.zeros_like(input_ids)
        for row, example in enumerate(examples):
            ids = list(example["input_ids"])
            input_ids[row, : len(ids)] = ids
            attention_mask[row, : len(ids)] = 1
            words = self._words(ids, example.get("word_starts") or [1] * len(ids))
            budget = max(1, round(self.mlm_probability * sum(len(w) for w in words)))
            self.rng.shuffle(words)
            chosen = 0
            for word in words:
                if chosen >= budget:
                    break
                for position in word:
                    labels[row, position] = ids[position]
                    roll = self.rng.random()
                    if roll < 0.8:
                        input_ids[row, position] = self.mask_id
                    elif roll < 0.9:
                        input_ids[row, position] = self.rng.randrange(self.vocab_size)
                chosen += len(word)
        return {
            "input_ids": torch.from_numpy(input_ids),
            "attention_mask": torch.from_numpy(attention_mask),
            "labels": torch.from_numpy(labels),
        }
