import numpy as np
import pytest

from zhnews.topic.long_doc import make_windows, pool_by_document
from zhnews.tokenization import load_tokenizer


@pytest.fixture()
def tokenizer(tiny_bert_dir):
    return load_tokenizer(tiny_bert_dir)


def test_head_keeps_the_start_and_head_tail_keeps_both_ends(tokenizer):
    text = "企" * 30 + "医" * 30 + "电" * 30
    head = make_windows(tokenizer, [text], max_length=22, strategy="head")
    head_tail = make_windows(tokenizer, [text], max_length=22, strategy="head_tail")
    decode = lambda w: tokenizer.decode(w.input_ids[0], skip_special_tokens=True).replace(" ", "")
    assert decode(head) == "企" * 20
    assert decode(head_tail) == "企" * 10 + "电" * 10
    assert len(head_tail.input_ids[0]) == 22


def test_chunks_cover_a_long_document_and_short_ones_stay_whole(tokenizer):
    windows = make_windows(tokenizer, ["企" * 100, "电力"], max_length=22, strategy="chunk")
    assert windows.doc_index.count(0) > 1 and windows.doc_index.count(1) == 1
    assert all(len(ids) <= 22 for ids in windows.input_ids)
    covered = sum(len(ids) - 2 for ids, d in zip(windows.input_ids, windows.doc_index) if d == 0)
    assert covered >= 100


def test_pooling_averages_each_documents_windows():
    logits = np.array([[1.0, 0.0], [3.0, 2.0], [0.0, 5.0]])
    assert pool_by_document(logits, [0, 0, 1]).tolist() == [[2.0, 1.0], [0.0, 5.0]]
    # the first window counted three times (bench/bench_topic_exit.py --head-weights)
    assert pool_by_document(logits, [0, 0, 1], [3.0, 1.0, 3.0]).tolist() == [[1.5, 0.5], [0.0, 5.0]]


def test_unknown_strategy_is_rejected(tokenizer):
    with pytest.raises(ValueError, match="strategy"):
        make_windows(tokenizer, ["电"], 16, "middle")
