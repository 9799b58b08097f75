"""The shipped default model: a standard, small HF folder that labels clear-cut articles correctly."""

import json

import pytest

from zhnews import TOPIC_LABELS, TopicClassifier
from zhnews.paths import SHIPPED_TOPIC_MODEL

pytestmark = pytest.mark.skipif(not (SHIPPED_TOPIC_MODEL / "model.safetensors").exists(),
                                reason="models/zhnews-topic is not built")


def test_folder_is_standard_and_under_50_mb():
    files = {p.name: p.stat().st_size for p in SHIPPED_TOPIC_MODEL.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "README.md"} <= set(files)
    assert not any(name.endswith((".bin", ".pt", ".pkl")) for name in files)
    assert sum(files.values()) <= 50 * 1024 * 1024
    config = json.loads((SHIPPED_TOPIC_MODEL / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(6)] == list(TOPIC_LABELS)


def test_clear_cut_articles_get_their_topic():
    classifier = TopicClassifier.from_pretrained(SHIPPED_TOPIC_MODEL)
    articles = {
        "energy": "国家电网加快特高压输电工程建设，保障迎峰度夏电力供应。今年以来，风电、光伏发电装机容量持续增长，"
                  "新能源发电量占比进一步提高，电网调峰能力和电力保供能力不断增强。",
        "public_service": "全市中小学和医院推进便民服务，养老服务中心为社区老人提供助餐、医疗和康复服务，"
                          "医保报销实现一站式办理，群众看病就医更加方便。",
        "culture": "第十届戏剧节在杭州开幕，来自全国的三十多部话剧、舞剧和非遗展演将陆续上演，博物馆同步推出文物特展。",
        "other": "外交部发言人在例行记者会上回答记者提问，表示中方愿同各方加强沟通，推动地区局势缓和。",
    }
    predictions = classifier.predict(list(articles.values()))
    assert [p.label for p in predictions] == list(articles)
