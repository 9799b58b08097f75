"""Every folder in models/ works in plain transformers, in a process where `import zhnews` fails, and
gives the same answers as zhnews where the card says it should."""

import ast
import json

import pytest

from plain_python import python_blocks, run_python, uses_zhnews
from zhnews import Summarizer, TopicClassifier
from zhnews.model_card import EXAMPLE_ARTICLE
from zhnews.paths import REPO_ROOT, SHARED_DATA_DIR, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL
from zhnews.summary.span_copy import SPAN_COPY_OPTIONS

MODELS = ["zhnews-topic", "zhnews-summary", "zhnews-bert-4x256"]


def shipped(name: str):
    folder = REPO_ROOT / "models" / name
    if not (folder / "model.safetensors").exists():
        pytest.skip(f"models/{name} is not built")
    return folder


@pytest.mark.parametrize("name", MODELS)
def test_every_snippet_of_a_shipped_card_runs_as_written(name):
    card = (shipped(name) / "README.md").read_text(encoding="utf-8")
    blocks = python_blocks(card)
    assert any(not uses_zhnews(b) for b in blocks)
    for block in blocks:
        run_python(block, without_zhnews=not uses_zhnews(block))


def test_plain_generate_gives_the_summary_zhnews_gives_without_its_own_decoding():
    """The card's transformers-only snippet: saved generation_config.json, the documented decode."""
    card = (shipped("zhnews-summary") / "README.md").read_text(encoding="utf-8")
    plain_snippet = next(b for b in python_blocks(card) if not uses_zhnews(b))
    plain = run_python(plain_snippet, without_zhnews=True).strip()
    zhnews_plain = Summarizer.from_pretrained(SHIPPED_SUMMARY_MODEL).summarize(
        [EXAMPLE_ARTICLE], batch_size=1, source_vocabulary_only=False, copy_bonus=0.0, clause_fallback=False,
        **SPAN_COPY_OPTIONS)[0]
    assert plain == zhnews_plain
    assert 6 <= len(plain) <= 40 and " " not in plain


@pytest.mark.skipif(not (SHARED_DATA_DIR / "xwlb" / "stories.jsonl.gz").exists(), reason="../shared/data is absent")
def test_pipeline_and_topic_classifier_agree_on_300_one_window_dev_stories(tmp_path):
    from zhnews.topic.data import xwlb_topic_rows

    classifier = TopicClassifier.from_pretrained(shipped("zhnews-topic"))
    fits = [row["text"] for row in xwlb_topic_rows()["dev"]
            if len(classifier.tokenizer(row["text"])["input_ids"]) <= classifier.max_length]
    texts = fits[:300]
    assert len(texts) == 300
    (tmp_path / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    plain = run_python(f"""
import json
import torch
from transformers import pipeline

texts = json.load(open({str(tmp_path / "texts.json")!r}, encoding="utf-8"))
classifier = pipeline("text-classification", model={str(SHIPPED_TOPIC_MODEL)!r}, dtype=torch.float32)
print([p["label"] for p in classifier(texts, truncation=True, batch_size=32)])
""", without_zhnews=True)
    pipeline_labels = ast.literal_eval(plain.strip().splitlines()[-1])
    # the plain pipeline has neither the lead window nor the n-gram part: this compares the BERT's window reading
    classifier.lead_chars, classifier.bert_weight = None, 1.0
    zhnews_labels = [p.label for p in classifier.predict(texts)]
    agreement = sum(a == b for a, b in zip(pipeline_labels, zhnews_labels)) / len(texts)
    assert agreement >= 0.99, agreement
