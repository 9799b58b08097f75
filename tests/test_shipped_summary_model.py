"""The shipped default summariser: a standard, small HF folder that writes short, faithful summaries."""

import json
import re

import pytest

from zhnews import Summarizer
from zhnews.paths import SHIPPED_SUMMARY_MODEL
from zhnews.summary.source_vocabulary import HEADLINE_PUNCTUATION

pytestmark = pytest.mark.skipif(not (SHIPPED_SUMMARY_MODEL / "model.safetensors").exists(),
                                reason="models/zhnews-summary is not built")

ARTICLES = [
    "国家电网加快特高压输电工程建设，保障迎峰度夏电力供应。今年以来，风电、光伏发电装机容量持续增长，"
    "新能源发电量占比进一步提高，电网调峰能力和电力保供能力不断增强。",
    "第十届戏剧节今天在杭州开幕，来自全国的三十多部话剧、舞剧和非遗展演将陆续上演，博物馆同步推出文物特展。",
]


def test_folder_is_standard_and_under_80_mb():
    files = {p.name: p.stat().st_size for p in SHIPPED_SUMMARY_MODEL.iterdir()}
    assert {"model.safetensors", "config.json", "generation_config.json", "tokenizer.json", "README.md"} <= set(files)
    assert not any(name.endswith((".bin", ".pt", ".pkl")) for name in files)
    assert sum(files.values()) <= 80 * 1024 * 1024
    config = json.loads((SHIPPED_SUMMARY_MODEL / "config.json").read_text())
    assert config["model_type"] == "bart" and config["vocab_size"] == 21128


def test_summaries_are_short_chinese_drawn_from_the_article():
    summaries = Summarizer.from_pretrained(SHIPPED_SUMMARY_MODEL).summarize(ARTICLES, batch_size=2)
    for summary, article in zip(summaries, ARTICLES):
        assert 6 <= len(summary) <= 40, summary
        assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", summary)
        invented = set(summary) - set(article) - set(HEADLINE_PUNCTUATION)
        assert len(invented) <= len(summary) // 4, (summary, invented)
