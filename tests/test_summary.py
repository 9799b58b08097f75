"""Summarizer API and the BART model behind it, on tiny locally built models (no network, no ../shared)."""

import json
import re

import pytest
import torch
from transformers import BartForConditionalGeneration, DataCollatorForSeq2Seq

from zhnews.config import load_config
from zhnews.summary.summarizer import Summarizer, decode_summaries, join_chinese, summary_generation_config
from zhnews.summary.config import SummaryConfig
from zhnews.summary.model import new_bart_config, warm_start_bart
from zhnews.summary.trainer import tokenize_pairs
from zhnews.tokenization import build_tokenizer_folder, vocab_line_count

SPACE_BETWEEN_CJK = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
ARTICLES = ["新闻记者报道企业投资发展。今天工厂制造产业出口市场情况说明。",
            "医院学校养老",
            "生态环境污染治理湿地森林，记者今天报道了这个消息。"]


def tiny_bart(tokenizer, vocab_rows: int) -> BartForConditionalGeneration:
    torch.manual_seed(0)
    return BartForConditionalGeneration(new_bart_config(
        tokenizer, vocab_rows, d_model=16, encoder_layers=1, decoder_layers=1, attention_heads=2, ffn_dim=32,
        max_position_embeddings=64, dropout=0.0))


@pytest.fixture(scope="module")
def tiny_summarizer_dir(tmp_path_factory, tiny_vocab_file):
    folder = tmp_path_factory.mktemp("tiny-summarizer")
    tokenizer = build_tokenizer_folder(tiny_vocab_file, folder)
    generation = summary_generation_config(tokenizer, num_beams=2, min_new_tokens=2, max_new_tokens=8)
    Summarizer(tiny_bart(tokenizer, vocab_line_count(tiny_vocab_file)), tokenizer, max_source_length=48,
               generation_config=generation).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def summarizer(tiny_summarizer_dir):
    return Summarizer.from_pretrained(tiny_summarizer_dir)


def test_summarize_returns_one_string_per_text_without_spaces_between_chinese(summarizer):
    summaries = summarizer.summarize(ARTICLES, batch_size=2)
    assert len(summaries) == len(ARTICLES)
    assert all(isinstance(s, str) and s for s in summaries)
    assert not any(SPACE_BETWEEN_CJK.search(s) for s in summaries)


def test_summaries_keep_input_order_whatever_the_batching(summarizer):
    one_by_one = [summarizer.summarize([text], num_beams=1)[0] for text in ARTICLES]
    assert summarizer.summarize(ARTICLES, batch_size=3, num_beams=1) == one_by_one


def test_max_length_caps_the_summary(summarizer):
    summaries = summarizer.summarize(ARTICLES, max_length=3)
    assert all(len(s) <= 3 for s in summaries)


@pytest.mark.parametrize("texts, message", [
    (["医院学校", ""], "index 1 is empty"),
    (["医院学校", "   \n"], "index 1 is empty"),
    ([None, "医院学校"], "index 0 is NoneType"),
    (["医院学校", 42], "index 1 is int"),
    ("医院学校", "single string"),
])
def test_bad_input_raises_value_error_naming_the_index(summarizer, texts, message):
    with pytest.raises(ValueError, match=message):
        summarizer.summarize(texts)


def test_wordpiece_spaces_are_removed_between_chinese_only(summarizer):
    ids = summarizer.tokenizer(["新闻记者报道"])["input_ids"]
    assert summarizer.tokenizer.decode(ids[0], skip_special_tokens=True) == "新 闻 记 者 报 道"
    assert decode_summaries(summarizer.tokenizer, ids) == ["新闻记者报道"]
    assert join_chinese("报 道 open ai 2025 年 ， 新 闻") == "报道open ai 2025年，新闻"


def test_saved_folder_round_trips(tiny_summarizer_dir, summarizer):
    names = {p.name for p in tiny_summarizer_dir.iterdir()}
    assert {"model.safetensors", "config.json", "generation_config.json", "vocab.txt"} <= names
    generation = json.loads((tiny_summarizer_dir / "generation_config.json").read_text())
    assert (generation["num_beams"], generation["max_new_tokens"], generation["min_new_tokens"]) == (2, 8, 2)
    assert summarizer.max_source_length == 48
    again = Summarizer.from_pretrained(tiny_summarizer_dir)
    assert again.summarize(ARTICLES) == summarizer.summarize(ARTICLES)


def test_saved_tokenizer_feeds_plain_generate(summarizer):
    """Without zhnews: the saved tokenizer returns no token_type_ids, which BART's generate rejects."""
    encoded = summarizer.tokenizer(["新闻记者报道企业投资"], return_tensors="pt")
    assert "token_type_ids" not in encoded
    assert summarizer.model.generate(**encoded).shape[0] == 1


def test_a_few_training_steps_reduce_the_loss(tiny_vocab_file, tmp_path):
    from datasets import Dataset

    tokenizer = build_tokenizer_folder(tiny_vocab_file, tmp_path)
    model = tiny_bart(tokenizer, vocab_line_count(tiny_vocab_file))
    pairs = Dataset.from_dict({"text": ARTICLES, "summary": ["企业投资", "医院学校", "生态环境"]})
    batch = DataCollatorForSeq2Seq(tokenizer, model=model)(list(tokenize_pairs(tokenizer, pairs, 48, 12)))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(8):
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


def test_warm_start_copies_bert_into_encoder_and_decoder(tiny_bert_dir, tmp_path):
    from transformers import AutoModelForMaskedLM

    from zhnews.tokenization import load_tokenizer

    config = SummaryConfig(output_dir=str(tmp_path), warm_start_from=str(tiny_bert_dir),
                           encoder_layers=2, decoder_layers=1)
    tokenizer = load_tokenizer(tiny_bert_dir)
    bart = warm_start_bart(tiny_bert_dir, tokenizer, config)
    bert = AutoModelForMaskedLM.from_pretrained(tiny_bert_dir).bert
    assert bart.config.d_model == bert.config.hidden_size == 32
    query = bert.encoder.layer[1].attention.self.query.weight
    assert torch.equal(bart.model.encoder.layers[1].self_attn.q_proj.weight, query)
    assert torch.equal(bart.model.decoder.layers[0].fc1.weight, bert.encoder.layer[0].intermediate.dense.weight)
    assert torch.equal(bart.model.shared.weight, bert.embeddings.word_embeddings.weight)
    assert torch.equal(bart.lm_head.weight, bart.model.shared.weight)
    positions = bert.embeddings.position_embeddings.weight + bert.embeddings.token_type_embeddings.weight[0]
    assert torch.allclose(bart.model.encoder.embed_positions.weight[2:], positions)


@pytest.mark.parametrize("overrides, message", [
    ({"model_name_or_path": "fnlp/bart-base-chinese", "warm_start_from": "runs/bert"}, "not both"),
    ({"d_model": 100, "attention_heads": 3}, "multiple of attention_heads"),
    ({"min_new_tokens": 50, "max_new_tokens": 40}, "min_new_tokens"),
    ({"data_mix": {"weibo": {"weight": 1}}}, "unknown source"),
    ({"data_mix": {"xwlb": {"weight": 0}}}, "nothing to train on"),
    ({"train_file": "train.jsonl"}, "both train_file and dev_file"),
    ({"backward_span_penalty": -1.0}, "backward_span_penalty"),
])
def test_config_rejects_bad_settings(overrides, message):
    with pytest.raises(ValueError, match=message):
        SummaryConfig(output_dir="runs/x", **overrides)


@pytest.mark.parametrize("name", ["zhnews-summary", "zhnews-summary-shipped", "zhnews-summary-copyable", "tiny"])
def test_shipped_configs_load(name):
    from zhnews.paths import REPO_ROOT

    config = load_config(REPO_ROOT / "configs" / "summary" / f"{name}.yaml", SummaryConfig)
    assert config.max_source_length <= config.max_position_embeddings


def test_summarize_command_writes_one_row_per_archive_line(tiny_summarizer_dir, tmp_path):
    from zhnews.cli import main

    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "医院学校养老服务。"}\n{"id": "b"}\n', encoding="utf-8")
    assert main(["summarize", "--model", str(tiny_summarizer_dir), "--input", str(tmp_path / "in.jsonl"),
                 "--output", str(tmp_path / "out.jsonl")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "a" and isinstance(rows[0]["summary"], str) and "error" in rows[1]


def test_source_vocabulary_only_writes_only_characters_from_the_article(summarizer):
    from zhnews.summary.source_vocabulary import HEADLINE_PUNCTUATION
    free = summarizer.summarize(ARTICLES, num_beams=2, source_vocabulary_only=False)
    constrained = summarizer.summarize(ARTICLES, num_beams=2, source_vocabulary_only=True)
    assert any(set(s) - set(a) for s, a in zip(free, ARTICLES))  # the untrained model invents freely
    for summary, article in zip(constrained, ARTICLES):
        assert set(summary) <= set(article) | set(HEADLINE_PUNCTUATION), (summary, article)


def test_source_logits_only_also_writes_only_characters_from_the_article(summarizer):
    from zhnews.summary.source_vocabulary import HEADLINE_PUNCTUATION
    constrained = summarizer.summarize(ARTICLES, num_beams=2, source_vocabulary_only=True, source_logits_only=True)
    for summary, article in zip(constrained, ARTICLES):
        assert set(summary) <= set(article) | set(HEADLINE_PUNCTUATION), (summary, article)
    assert summarizer.model.get_output_embeddings() is summarizer.model.lm_head  # the full head is back
    assert isinstance(summarizer.model.lm_head, torch.nn.Linear)


def test_source_logits_head_scores_each_row_over_its_own_article_tokens():
    from zhnews.summary.source_vocabulary import SourceLogitsHead, allowed_tokens
    weight = torch.randn(12, 4)
    allowed = allowed_tokens(torch.tensor([[5, 7], [9, 9]]), vocab_size=12, always_allowed=[3])
    hidden = torch.randn(4, 1, 4)  # 2 beams for each of the 2 source rows
    logits = SourceLogitsHead(weight, allowed, num_beams=2)(hidden)
    assert logits.shape == (4, 1, 12)
    assert [torch.isfinite(row[0]).nonzero().flatten().tolist() for row in logits] == [[3, 5, 7]] * 2 + [[3, 9]] * 2
    torch.testing.assert_close(logits[0, 0, [3, 5, 7]], hidden[0, 0] @ weight[[3, 5, 7]].T)


def test_skipping_the_cross_attention_reorder_leaves_beam_search_unchanged(summarizer, monkeypatch):
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache
    import zhnews.summary.summarizer as summarizer_module
    fast = summarizer.summarize(ARTICLES, num_beams=3)
    monkeypatch.setattr(summarizer_module, "beam_search_cache",
                        lambda config: EncoderDecoderCache(DynamicCache(config=config), DynamicCache(config=config)))
    assert summarizer.summarize(ARTICLES, num_beams=3) == fast


def test_source_side_decoding_settings_travel_with_the_saved_model(summarizer, tmp_path):
    Summarizer(summarizer.model, summarizer.tokenizer, 48, source_vocabulary_only=True,
               copy_bonus=1.5, source_logits_only=True).save_pretrained(tmp_path)
    reloaded = Summarizer.from_pretrained(tmp_path)
    assert reloaded.source_vocabulary_only is True and reloaded.copy_bonus == 1.5
    assert reloaded.source_logits_only is True


def test_copy_bonus_raises_tokens_that_continue_a_source_bigram():
    from zhnews.summary.source_vocabulary import SourceVocabularyProcessor
    source = torch.tensor([[5, 7, 9, 0]])
    processor = SourceVocabularyProcessor(source, vocab_size=12, always_allowed=[3], restrict=False, copy_bonus=2.0)
    written = torch.tensor([[1, 7], [1, 4]])  # two beams of source row 0: last tokens 7 (in source) and 4
    scores = processor(written, torch.zeros(2, 12))
    assert scores[0, 9] == 2.0 and scores[0].sum() == 2.0  # 7 is followed by 9 in the source
    assert scores[1].abs().sum() == 0
    restricted = SourceVocabularyProcessor(source, 12, [3], restrict=True)(written, torch.zeros(2, 12))
    assert torch.isfinite(restricted[0]).nonzero().flatten().tolist() == [0, 3, 5, 7, 9]


def test_clause_fallback_replaces_only_garbled_summaries_and_travels_with_the_model(summarizer, tmp_path):
    from zhnews.summary.fallback import clause_fallback

    model_words = summarizer.summarize(ARTICLES, num_beams=2)
    with_fallback = summarizer.summarize(ARTICLES, num_beams=2, clause_fallback=True)
    assert with_fallback == [clause_fallback(article, summary) for article, summary in zip(ARTICLES, model_words)]
    summarizer.clause_fallback = True
    summarizer.save_pretrained(tmp_path)
    summarizer.clause_fallback = False
    assert Summarizer.from_pretrained(tmp_path).clause_fallback is True


def test_fluency_floors_steer_the_fallback_and_the_scorer_travels_with_the_model(summarizer, tmp_path):
    from zhnews.summary.fallback import fluency_fallback
    from zhnews.summary.fluency import FluencyScorer

    model_words = summarizer.summarize(ARTICLES, num_beams=2)
    scorer = FluencyScorer(intercept=0.0, weights={"no_verb": -3.0, "ending=clause_end": 2.0})
    with pytest.raises(ValueError, match="fluency scorer"):
        summarizer.summarize(ARTICLES, num_beams=2, clause_fallback=True, fluency_floor=0.3)
    summarizer.fluency_scorer = scorer
    steered = summarizer.summarize(ARTICLES, num_beams=2, clause_fallback=True, fluency_floor=0.3,
                                   clause_fluency_floor=0.6)
    assert steered == [fluency_fallback(article, summary, scorer, 0.3, 0.6)
                       for article, summary in zip(ARTICLES, model_words)]
    summarizer.clause_fallback, summarizer.fluency_floor, summarizer.clause_fluency_floor = True, 0.3, 0.6
    summarizer.save_pretrained(tmp_path)
    summarizer.fluency_scorer, summarizer.clause_fallback, summarizer.fluency_floor = None, False, 0.0
    summarizer.clause_fluency_floor = 0.0
    reloaded = Summarizer.from_pretrained(tmp_path)
    assert reloaded.fluency_scorer == scorer and (reloaded.fluency_floor, reloaded.clause_fluency_floor) == (0.3, 0.6)
    assert reloaded.summarize(ARTICLES, num_beams=2) == steered
