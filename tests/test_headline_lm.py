"""The headline LM and beam reranking (zhnews/summary/headline_lm.py), on tiny local models."""

import json
import sys
from pathlib import Path

import pytest
import torch
from transformers import BertForMaskedLM

from zhnews.summary.headline_lm import (HEADLINE_LM_FOLDER, HeadlineFusion, HeadlineScorer, unigram_log_probs,
                                      warm_start_headline_lm)
from zhnews.summary.summarizer import Summarizer, summary_generation_config
from zhnews.tokenization import build_tokenizer_folder, load_tokenizer, vocab_line_count

from test_summary import ARTICLES, tiny_bart

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_headline_lm  # noqa: E402

HEADLINES = ["企业投资发展", "医院学校养老服务", "生态环境治理", "电力电网发展"]


def test_warm_start_keeps_every_bert_weight_and_reads_left_to_right(tiny_bert_dir):
    lm = warm_start_headline_lm(tiny_bert_dir)
    bert = BertForMaskedLM.from_pretrained(tiny_bert_dir)
    assert lm.config.is_decoder
    for name, tensor in bert.state_dict().items():
        assert torch.equal(lm.state_dict()[name], tensor), name
    tokenizer = load_tokenizer(tiny_bert_dir)
    first, second = (tokenizer([text], return_tensors="pt", return_token_type_ids=False)["input_ids"]
                     for text in ("企业投资发展", "企业投资森林"))
    with torch.no_grad():  # a causal LM: changing later characters leaves earlier predictions alone
        assert torch.allclose(lm(first).logits[0, :4], lm(second).logits[0, :4], atol=1e-5)


def test_training_raises_the_score_of_headlines_it_learned(tiny_bert_dir, tmp_path):
    (tmp_path / "train.txt").write_text("\n".join(HEADLINES * 8), encoding="utf-8")
    (tmp_path / "dev.txt").write_text("\n".join(HEADLINES), encoding="utf-8")
    before = HeadlineScorer(warm_start_headline_lm(tiny_bert_dir), load_tokenizer(tiny_bert_dir))
    metrics = run_headline_lm.main([
        str(write_config(tmp_path, tiny_bert_dir)), f"output_dir={tmp_path / 'lm'}",
        f"train_file={tmp_path / 'train.txt'}", f"dev_file={tmp_path / 'dev.txt'}"])
    assert metrics["dev_loss"] < metrics["dev_loss_warm_start"]
    after = HeadlineScorer.from_pretrained(tmp_path / "lm")
    assert after.unigram is not None  # the training headlines' unigram table, for SLOR, travels with it
    after.unigram, before.unigram = None, None
    assert sum(after.score(HEADLINES)) > sum(before.score(HEADLINES))
    assert json.loads((tmp_path / "lm" / "metrics.json").read_text())["train_headlines"] == 32


def write_config(folder, bert_dir):
    path = folder / "headline-lm.yaml"
    path.write_text(f"output_dir: {folder / 'lm'}\nbert_model: {bert_dir}\nepochs: 8\nbatch_size: 8\n"
                    "learning_rate: 1.0e-3\nsave_fp16: false\n", encoding="utf-8")
    return path


def test_scores_are_per_token_and_empty_text_scores_worst(tiny_bert_dir):
    scorer = HeadlineScorer(warm_start_headline_lm(tiny_bert_dir), load_tokenizer(tiny_bert_dir))
    scores = scorer.score(["企业投资", "", "企业投资发展生态环境治理"], batch_size=2)
    assert scores[1] == float("-inf") and all(-20 < s < 0 for s in (scores[0], scores[2]))
    assert scorer.score(["企业投资"]) == pytest.approx(scores[:1], abs=1e-5)  # padding changes nothing


class PreferShort:
    """A stand-in headline LM that prefers short candidates, and records what it was shown."""

    def __init__(self):
        self.seen: list[str] = []

    def score(self, texts):
        self.seen.extend(texts)
        return [-float(len(text)) for text in texts]


@pytest.fixture()
def tiny_summarizer(tiny_vocab_file, tmp_path):
    tokenizer = build_tokenizer_folder(tiny_vocab_file, tmp_path / "tokenizer")
    generation = summary_generation_config(tokenizer, num_beams=3, min_new_tokens=1, max_new_tokens=8,
                                           no_repeat_ngram_size=0)
    return Summarizer(tiny_bart(tokenizer, vocab_line_count(tiny_vocab_file)), tokenizer, max_source_length=48,
                      generation_config=generation)


def test_reranking_picks_among_each_articles_own_beams(tiny_summarizer):
    scorer = tiny_summarizer.headline_scorer = PreferShort()
    plain = tiny_summarizer.summarize(ARTICLES)
    reranked = tiny_summarizer.summarize(ARTICLES, rerank_weight=1000.0, batch_size=2, sort_by_length=False)
    assert len(scorer.seen) == 3 * len(ARTICLES)  # every beam of every article was scored
    beams = [scorer.seen[i:i + 3] for i in range(0, len(scorer.seen), 3)]
    # the best-scored of the shortest beams: beams come best first
    assert reranked == [min(group, key=len) for group in beams]
    assert all(p in group for p, group in zip(plain, beams))  # without reranking: the best beam


def test_reranking_needs_a_headline_lm_and_beams(tiny_summarizer):
    with pytest.raises(ValueError, match="headline LM"):
        tiny_summarizer.summarize(ARTICLES, rerank_weight=1.0)
    tiny_summarizer.headline_scorer = PreferShort()
    with pytest.raises(ValueError, match="num_beams"):
        tiny_summarizer.summarize(ARTICLES, rerank_weight=1.0, num_beams=1)


def test_the_headline_lm_travels_inside_the_saved_summariser(tiny_summarizer, tiny_bert_dir, tmp_path):
    tiny_summarizer.headline_scorer = HeadlineScorer(warm_start_headline_lm(tiny_bert_dir),
                                                     load_tokenizer(tiny_bert_dir))
    tiny_summarizer.rerank_weight = 2.0
    tiny_summarizer.save_pretrained(tmp_path / "saved", fp16=True)
    assert (tmp_path / "saved" / HEADLINE_LM_FOLDER / "model.safetensors").exists()
    reloaded = Summarizer.from_pretrained(tmp_path / "saved")
    assert reloaded.rerank_weight == 2.0 and reloaded.headline_scorer is not None
    assert reloaded.summarize(ARTICLES) == reloaded.summarize(ARTICLES, batch_size=1)


def test_fusion_adds_the_lms_next_token_log_probabilities(tiny_bert_dir):
    scorer = HeadlineScorer(warm_start_headline_lm(tiny_bert_dir), load_tokenizer(tiny_bert_dir))
    fusion = HeadlineFusion(scorer, weight=0.5)
    ids = scorer.tokenizer(["企业投资"], add_special_tokens=False)["input_ids"][0]
    decoded = torch.tensor([[scorer.tokenizer.sep_token_id, scorer.tokenizer.cls_token_id, *ids]])
    scores = torch.zeros(1, scorer.model.config.vocab_size)
    expected = 0.5 * torch.log_softmax(scorer.model(input_ids=decoded[:, 1:]).logits[:, -1], -1)
    assert torch.allclose(fusion(decoded, scores), expected, atol=1e-5)
    assert torch.equal(fusion(decoded[:, :1], scores), scores)  # before [CLS]: nothing to add


def test_fused_decoding_writes_and_travels_with_the_model(tiny_summarizer, tiny_bert_dir, tmp_path):
    tiny_summarizer.headline_scorer = HeadlineScorer(warm_start_headline_lm(tiny_bert_dir),
                                                     load_tokenizer(tiny_bert_dir))
    fused = tiny_summarizer.summarize(ARTICLES, fusion_weight=1.0)
    assert len(fused) == len(ARTICLES) and all(isinstance(s, str) for s in fused)
    tiny_summarizer.fusion_weight = 1.0
    tiny_summarizer.save_pretrained(tmp_path / "saved")
    reloaded = Summarizer.from_pretrained(tmp_path / "saved")
    assert reloaded.fusion_weight == 1.0 and reloaded.summarize(ARTICLES) == fused


def test_the_shipped_config_loads_and_bad_settings_are_refused():
    from zhnews.config import load_config
    from zhnews.paths import REPO_ROOT

    config = load_config(REPO_ROOT / "configs" / "summary" / "headline-lm.yaml", run_headline_lm.HeadlineLMConfig)
    assert config.train_file is None and config.max_length <= 512
    with pytest.raises(ValueError, match="both train_file and dev_file"):
        run_headline_lm.HeadlineLMConfig(output_dir="x", train_file="train.txt")


def test_candidates_are_every_beam_best_first(tiny_summarizer):
    beams = tiny_summarizer.candidates(ARTICLES)
    assert [len(candidates) for candidates in beams] == [3] * len(ARTICLES)
    for candidates in beams:
        scores = [score for _, score in candidates]
        assert scores == sorted(scores, reverse=True)
    assert [candidates[0][0] for candidates in beams] == tiny_summarizer.summarize(ARTICLES)


def test_slor_subtracts_the_unigram_log_probability(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    model = warm_start_headline_lm(tiny_bert_dir)
    unigram = unigram_log_probs(HEADLINES, tokenizer, model.config.vocab_size)
    assert torch.exp(unigram).sum() == pytest.approx(1.0, abs=1e-4)
    assert unigram[tokenizer.convert_tokens_to_ids("企")] > unigram[tokenizer.convert_tokens_to_ids("森")]
    plain, slor = HeadlineScorer(model, tokenizer), HeadlineScorer(model, tokenizer, unigram=unigram)
    ids = tokenizer(["企业投资"], return_token_type_ids=False)["input_ids"][0][1:]  # the scored tokens, [SEP] too
    assert slor.score(["企业投资"])[0] == pytest.approx(plain.score(["企业投资"])[0] - float(unigram[ids].mean()),
                                                      abs=1e-4)
