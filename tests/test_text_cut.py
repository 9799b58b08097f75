"""Long texts are cut to their head and tail characters before tokenising, and the model's windows
(hence its predictions) stay exactly those of the whole text."""

import pytest

from zhnews.topic import long_doc
from zhnews.topic.long_doc import STRATEGIES, make_windows
from zhnews.paths import SHARED_DATA_DIR, SHIPPED_TOPIC_MODEL
from zhnews.text_cut import cut_text
from zhnews.tokenization import load_tokenizer


def windows_of_whole_texts(monkeypatch, tokenizer, texts, max_length, strategy):
    """The reference: every text tokenised whole, as before the cut existed."""
    with monkeypatch.context() as patched:
        patched.setattr(long_doc, "cut_text", lambda *args: None)
        return make_windows(tokenizer, texts, max_length, strategy)


def test_a_long_article_keeps_only_its_head_and_tail_characters():
    text = "头" * 1000 + "中" * 100_000 + "尾" * 1000
    head, tail = cut_text(text, head_tokens=127, tail_tokens=127)
    assert head == "头" * 508 and tail == "尾" * 508
    assert cut_text("短新闻", 127, 127) is None
    head, tail = cut_text(text, head_tokens=200)
    assert head == "头" * 800 and tail == ""


def test_a_cut_never_splits_a_word():
    text = "abcdefgh " * 100 + "电" * 600
    head, tail = cut_text(text, head_tokens=10, tail_tokens=10)
    assert head.endswith("abcdefgh") and tail == "电" * 40


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_windows_of_cut_texts_equal_those_of_whole_texts(monkeypatch, tiny_bert_dir, strategy):
    tokenizer = load_tokenizer(tiny_bert_dir)
    texts = [
        "企业" * 50_000 + "电力" * 50,               # a 100,000-character article
        "电力" * 30 + " ais" * 400 + "医院" * 30,      # ASCII words: several characters per token
        "新闻" + "x" * 5_000 + "学校" * 10,            # no token start for thousands of characters
        "企业工厂" * 60 + "\n" + "医院学校" * 60,        # just over the cut length
        "短新闻",
    ]
    cut = make_windows(tokenizer, texts, max_length=66, strategy=strategy)
    whole = windows_of_whole_texts(monkeypatch, tokenizer, texts, 66, strategy)
    assert cut == whole


needs_shared_data = pytest.mark.skipif(not (SHARED_DATA_DIR / "xwlb" / "stories.jsonl.gz").exists(),
                                       reason="../shared/data is absent")


@needs_shared_data
def test_real_dev_stories_get_the_same_windows_and_predictions(monkeypatch):
    from zhnews.topic.classifier import TopicClassifier
    from zhnews.topic.data import rmrb_topic_rows, xwlb_topic_rows

    texts = [row["text"] for row in xwlb_topic_rows()["dev"] + rmrb_topic_rows()["newspaper_dev"]]
    texts += ["\n".join(texts[i:i + 300]) for i in range(0, 1200, 300)]  # four articles of ~150,000 characters
    tokenizer = load_tokenizer(SHIPPED_TOPIC_MODEL)
    cut_count = sum(cut_text(t, 127, 127) is not None for t in texts)
    assert cut_count > 500
    for strategy in STRATEGIES:
        assert make_windows(tokenizer, texts, 256, strategy) == \
               windows_of_whole_texts(monkeypatch, tokenizer, texts, 256, strategy)

    classifier = TopicClassifier.from_pretrained(SHIPPED_TOPIC_MODEL)
    longest = sorted(texts, key=len)[-64:]
    predicted = classifier.logits(longest)
    with monkeypatch.context() as patched:
        patched.setattr(long_doc, "cut_text", lambda *args: None)
        assert (classifier.logits(longest) == predicted).all()
