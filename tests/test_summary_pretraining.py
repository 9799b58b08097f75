"""Denoising pretraining of the summariser's BART: the corruption, and a run that a summary run continues."""

import gzip
import json
import sys
from pathlib import Path

import yaml
from transformers import BartForConditionalGeneration

from zhnews.summary.denoising import DenoisingCollator
from zhnews.tokenization import load_tokenizer

from tiny_runs import run_tiny_summary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_summary_pretraining  # noqa: E402

SENTENCES = ["企业投资工厂。", "医院学校服务。", "电力电网光伏。", "生态环境治理。"]


def encode(tokenizer, text: str, word_length: int = 2) -> tuple[list[int], list[int]]:
    ids = tokenizer(text)["input_ids"]
    body = len(ids) - 2
    return ids, [1] + [int(i % word_length == 0) for i in range(body)] + [1]


def spans_of_masks(source: list[int], mask_id: int) -> int:
    return sum(1 for i, t in enumerate(source) if t == mask_id and (i == 0 or source[i - 1] != mask_id))


def test_text_infilling_replaces_each_span_by_one_mask_and_keeps_the_rest_in_order(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    ids, starts = encode(tokenizer, "企业投资工厂制造产业" * 6)
    collator = DenoisingCollator(tokenizer, mask_ratio=0.3, permute_sentences=False, seed=3)
    source = collator.corrupt(ids, starts)
    assert source[0] == tokenizer.cls_token_id and source[-1] == tokenizer.sep_token_id
    kept = [t for t in source if t != tokenizer.mask_token_id]
    it = iter(ids)
    assert all(token in it for token in kept)  # what is kept is a subsequence of the original
    dropped = len(ids) - len(kept)
    assert 0.25 * (len(ids) - 2) <= dropped <= 0.45 * (len(ids) - 2)
    assert 1 <= spans_of_masks(source, tokenizer.mask_token_id) < dropped  # spans, not single tokens


def test_masked_spans_start_at_word_starts(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    ids, starts = encode(tokenizer, "企业投资工厂制造产业" * 6)  # words of two characters
    collator = DenoisingCollator(tokenizer, permute_sentences=False, seed=0)
    for _ in range(20):
        source = collator.corrupt(ids, starts)
        if tokenizer.mask_token_id in source:  # tokens before the first [MASK] are the original's
            first_masked = source[1:-1].index(tokenizer.mask_token_id)
            assert first_masked % 2 == 0  # …so the first masked token begins a two-character word


def test_sentence_permutation_reorders_whole_sentences(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    ids, starts = encode(tokenizer, "".join(SENTENCES))
    collator = DenoisingCollator(tokenizer, mask_ratio=0.01, seed=0)  # too little to mask: permutation alone
    orders = set()
    for _ in range(10):
        text = tokenizer.decode(collator.corrupt(ids, starts)[1:-1]).replace(" ", "")
        assert sorted(text) == sorted("".join(SENTENCES))
        orders.add(tuple(sorted(SENTENCES, key=text.index)))
    assert len(orders) > 1


def test_a_batch_pads_sources_and_keeps_whole_labels(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    examples = [dict(zip(("input_ids", "word_starts"), encode(tokenizer, text * 4))) for text in SENTENCES]
    batch = DenoisingCollator(tokenizer, seed=1)(examples)
    assert batch["labels"].tolist() == [e["input_ids"] for e in examples]
    assert batch["input_ids"].shape == batch["attention_mask"].shape
    assert (batch["input_ids"][batch["attention_mask"] == 0] == tokenizer.pad_token_id).all()


def test_a_pretrained_bart_is_the_starting_point_of_a_summary_run(tiny_vocab_file, tmp_path):
    """run_summary_pretraining writes a standard BART folder whose loss fell; run_summary fine-tunes it."""
    (tmp_path / "data" / "sogoucs").mkdir(parents=True)
    with gzip.open(tmp_path / "data" / "sogoucs" / "pairs.jsonl.gz", "wt", encoding="utf-8") as f:
        for text in SENTENCES * 40:
            f.write(json.dumps({"text": text * 6, "summary": "标题"}, ensure_ascii=False) + "\n")
    config = {"output_dir": str(tmp_path / "pretrained"), "vocab_file": str(tiny_vocab_file),
              "d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "attention_heads": 2, "ffn_dim": 64,
              "max_position_embeddings": 96, "sources": [{"name": "sogoucs"}], "data_dir": str(tmp_path / "data"),
              "prepared_dir": str(tmp_path / "prepared"), "max_seq_length": 48, "batch_size": 8,
              "learning_rate": 3e-3, "max_steps": 40, "heldout_blocks": 8, "logging_steps": 10, "bf16": False}
    (tmp_path / "pretrain.yaml").write_text(yaml.safe_dump(config))
    metrics = run_summary_pretraining.main([str(tmp_path / "pretrain.yaml")])

    losses = [loss for _, loss in metrics["loss_curve"]]
    assert metrics["steps"] == 40 and losses[-1] < losses[0] - 0.5
    assert metrics["cumulative"]["runs"][0]["objective"] == "denoising"
    model = BartForConditionalGeneration.from_pretrained(tmp_path / "pretrained", use_safetensors=True)
    assert model.config.encoder_layers == 1 and model.config.d_model == 32

    run_dir, summary_metrics = run_tiny_summary(tmp_path / "summary", tiny_vocab_file,
                                                model_name_or_path=str(tmp_path / "pretrained"))
    assert summary_metrics["splits"]["dev"]["n"] > 0
    tuned = BartForConditionalGeneration.from_pretrained(run_dir, use_safetensors=True)
    assert tuned.config.d_model == 32  # the pretrained model's size, not the summary config's
