"""Tiny fixtures built on the fly: a small vocabulary, a 2-layer BERT, and labelled JSONL files.
Nothing here needs the network or ../shared."""

import json
import random

import pytest
import torch
from transformers import BertForMaskedLM

from zhnews.labels import TOPIC_LABELS
from zhnews.mlm_model import new_bert_config
from zhnews.tokenization import _PROBE, build_tokenizer_folder

# Words that make each topic easy to tell apart, so a few training steps can learn something.
TOPIC_WORDS = {
    "industry": "企业工厂制造产业投资出口市场",
    "culture": "文化艺术电影音乐博物馆非遗",
    "environment": "生态环境污染治理湿地森林",
    "public_service": "医院学校养老医保社区服务",
    "energy": "电力电网光伏风电煤炭油气",
    "other": "外交会见军事法院国际会谈",
}
FILLER = "今天记者报道了这个消息说明情况发展，。"


def topic_text(label: str, rng: random.Random, length: int = 40) -> str:
    pool = TOPIC_WORDS[label] * 3 + FILLER
    return "".join(rng.choice(pool) for _ in range(length)) + "。"


@pytest.fixture(scope="session")
def tiny_vocab_file(tmp_path_factory):
    chars = sorted(set("".join(TOPIC_WORDS.values()) + FILLER + _PROBE + "新闻标题年月日"))
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("0123456789") + chars + ["ai", "##s"]
    path = tmp_path_factory.mktemp("vocab") / "vocab.txt"
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_bert_dir(tmp_path_factory, tiny_vocab_file):
    """A randomly initialised 2-layer BERT saved like a pretrained checkpoint."""
    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = build_tokenizer_folder(tiny_vocab_file, folder)
    torch.manual_seed(0)
    config = new_bert_config(len(tokenizer), hidden_size=32, num_layers=2, num_heads=2, intermediate_size=64)
    BertForMaskedLM(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def topic_files(tmp_path_factory):
    """train.jsonl and dev.jsonl with text/label rows for all six topics."""
    folder = tmp_path_factory.mktemp("topic-data")
    rng = random.Random(0)
    for split, n in (("train", 20), ("dev", 6)):
        rows = [{"text": topic_text(label, rng), "label": label} for label in TOPIC_LABELS for _ in range(n)]
        (folder / f"{split}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    return folder / "train.jsonl", folder / "dev.jsonl"
