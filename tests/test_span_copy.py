"""Span-copy decoding (zhnews/summary/span_copy.py): the constraints on a hand-built article, then through Summarizer."""

import pytest
import torch

from zhnews.summary.span_copy import SourceWords, SpanCopyProcessor, has_predicate

PAD, CLS, SEP = 0, 1, 2  # SEP starts the decoder and ends a summary
LEAD = "陕西省西安市的猕猴桃，今年丰收。"  # jieba: 陕西省 / 西安市 / 的 / 猕猴桃 / ， / 今年 / 丰收 / 。
PUNCTUATION = {ord("，")}


def ids(text: str) -> list[int]:
    return [ord(ch) for ch in text]


@pytest.fixture()
def source() -> SourceWords:
    """One token per character, token id = code point; [CLS] and [SEP] carry empty offsets."""
    return SourceWords.from_lead(LEAD, [CLS, *ids(LEAD), SEP],
                                 [(0, 0), *((i, i + 1) for i in range(len(LEAD))), (0, 0)])


def processor(source: SourceWords, **options) -> SpanCopyProcessor:
    return SpanCopyProcessor([source], SEP, {PAD, CLS, SEP}, PUNCTUATION, set(), **options)


def allowed_after(processor: SpanCopyProcessor, written: str) -> set[int]:
    scores = processor(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))
    return set(torch.isfinite(scores[0]).nonzero().flatten().tolist())


def test_words_come_from_jieba_on_the_lead(source):
    assert source.token_ids == ids(LEAD)  # special tokens left out
    assert [LEAD[i] for i, start in enumerate(source.word_start) if start] == list("陕西的猕，今丰。")
    assert source.word_end[2] and not source.word_end[1]  # 陕西省 ends at 省, not at 西
    assert source.word_end[6] and not source.phrase_end[6]  # 的 ends a word, but a headline cannot stop there
    assert tuple(ids("猕猴桃")) in source.words


def test_span_copy_allows_continuing_the_span_or_a_new_one_after_a_word_end(source):
    span = processor(source, no_repeat_words=False, end_at_phrase=False)
    assert allowed_after(span, "陕西") == {ord("省")}  # mid-word: only the article's next token (no [SEP])
    after_word = allowed_after(span, "陕西省")
    assert ord("安") not in after_word  # 陕西 + [西]安市 is impossible
    assert {ord("西"), ord("猕"), ord("今"), ord("，"), SEP} <= after_word  # word starts, punctuation, the end


def test_backward_span_penalty_costs_a_new_span_that_goes_back_in_the_article(source):
    back = processor(source, no_repeat_words=False, end_at_phrase=False, backward_span_penalty=3.0)

    def score_after(written: str, token: str) -> float:
        scores = back(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))
        return scores[0, ord(token)].item()

    assert score_after("猕猴桃", "陕") == -3.0  # 猕猴桃 + 陕西省: back to the article's start
    assert score_after("猕猴桃", "今") == 0.0  # 猕猴桃 + 今年丰收: onwards, skipping words is free
    assert score_after("丰收", "今") == -3.0  # 今年 lies before 丰收
    assert score_after("陕西省，", "丰") == 0.0  # punctuation keeps the place
    assert score_after("", "丰") == 0.0  # the first span starts anywhere


def test_sentence_jump_penalty_costs_a_new_span_outside_the_previous_spans_sentence():
    lead = "猕猴桃在西安市丰收。今年西安市举办节会。"
    two_sentences = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP],
                                          [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)])
    jump = processor(two_sentences, no_repeat_words=False, end_at_phrase=False, sentence_jump_penalty=3.0)

    def score_after(written: str, token: str) -> float:
        scores = jump(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))
        return scores[0, ord(token)].item()

    assert score_after("猕猴桃", "丰") == 0.0  # 猕猴桃 + 丰收: the same sentence
    assert score_after("猕猴桃", "举") == -3.0  # 猕猴桃 + 举办节会: the next sentence
    assert score_after("", "举") == 0.0  # the first span starts anywhere
    assert score_after("丰收。", "今") == 0.0  # the span ended its sentence: the next one is where it stands
    assert score_after("今年西安市", "举") == 0.0  # 西安市举办: one span of the second sentence
    # a new span the article has in both sentences is placed in the previous span's sentence…
    assert score_after("猕猴桃西安市", "举") == -3.0
    assert score_after("西安市，", "举") == -3.0  # …and the first span, when it may be either, in the first


def test_clause_jump_penalty_costs_a_new_span_outside_the_previous_spans_clause():
    lead = "猕猴桃在西安市丰收，农民增收。今年举办节会。"
    clauses = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)])
    jump = processor(clauses, no_repeat_words=False, end_at_phrase=False, clause_jump_penalty=1.0,
                     sentence_jump_penalty=3.0)

    def score_after(written: str, token: str) -> float:
        return jump(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))[0, ord(token)].item()

    assert score_after("猕猴桃", "丰") == 0.0  # within the clause
    assert score_after("猕猴桃", "农") == -1.0  # the next clause of the sentence
    assert score_after("猕猴桃", "举") == -4.0  # the next sentence: both penalties


def test_verb_skip_penalty_costs_a_new_span_that_skips_a_verb_of_the_article():
    lead = "国家主席习近平在北京会见来访的德国总理。"  # verbs: 会见 (jieba's dictionary says n) and 来访
    visit = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)])
    skip = processor(visit, no_repeat_words=False, end_at_phrase=False, verb_skip_penalty=2.0)

    def score_after(written: str, token: str) -> float:
        return skip(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))[0, ord(token)].item()

    assert score_after("习近平", "北") == 0.0  # skips 在
    assert score_after("习近平", "会") == 0.0  # starts at the verb
    assert score_after("习近平", "来") == -2.0  # skips 会见
    assert score_after("习近平会见", "德") == -2.0  # skips 来访
    assert score_after("习近平会见", "来") == 0.0


def test_a_predicate_is_a_verb_outside_a_modifier():
    assert has_predicate("习近平会见冰岛总统")
    assert has_predicate("第十五届全运会火种采集仪式在广州举行")  # ends on its verb
    assert not has_predicate("天津市西青区李七庄街道")  # a bare setting
    assert not has_predicate("美国史密森学会发布的公告")  # 发布 belongs to the modifier


def test_verbless_end_penalty_costs_ending_before_the_summary_has_a_predicate():
    lead = "西安市猕猴桃今年丰收。"  # jieba: 西安市 / 猕猴桃 / 今年 / 丰收 (a verb) / 。
    harvest = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)])
    verbless = processor(harvest, no_repeat_words=False, end_at_phrase=False, verbless_end_penalty=2.0,
                         token_text={ord(ch): ch for ch in lead})

    def end_score(written: str) -> float:
        return verbless(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))[0, SEP].item()

    assert end_score("西安市猕猴桃") == -2.0  # the subject alone
    assert end_score("西安市猕猴桃丰收") == 0.0
    with pytest.raises(ValueError, match="token_text"):
        processor(harvest, verbless_end_penalty=2.0)


def test_no_repeat_words_blocks_completing_an_article_word_twice(source):
    words = processor(source, span_copy=False, end_at_phrase=False)
    assert ord("桃") not in allowed_after(words, "猕猴桃丰收猕猴")
    assert ord("桃") in allowed_after(words, "丰收猕猴")


def test_end_at_phrase_stops_only_after_a_complete_phrase(source):
    phrase = processor(source, span_copy=False, no_repeat_words=False)
    assert SEP in allowed_after(phrase, "陕西省西安市")
    assert SEP not in allowed_after(phrase, "陕西省西安市的")  # after a particle
    assert SEP not in allowed_after(phrase, "陕西省西")  # mid-word


def test_no_end_before_noun_keeps_a_phrase_going_into_its_noun():
    lead = "会见格林纳达总理米切尔。"  # jieba: 会见 / 格林纳达 / 总理 / 米切尔 / 。
    offsets = [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)]
    plain = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], offsets)
    strict = SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], offsets, no_end_before_noun=True)
    assert plain.phrase_end[lead.index("理")] and not strict.phrase_end[lead.index("理")]  # 总理 | 米切尔
    assert not strict.phrase_end[lead.index("见")]  # 会见 | 格林纳达
    assert strict.phrase_end[lead.index("尔")]  # 米切尔 | 。


def test_end_at_phrase_closes_quotes_and_title_marks():
    lead = "“猕猴桃”丰收。"
    offsets = [(0, 0), *((i, i + 1) for i in range(len(lead))), (0, 0)]
    marks = SpanCopyProcessor([SourceWords.from_lead(lead, [CLS, *ids(lead), SEP], offsets)], SEP, {PAD, CLS, SEP},
                              {ord("“"), ord("”")}, {ord("”")}, span_copy=False, no_repeat_words=False,
                              paired_marks={ord("“"): ord("”")})
    assert SEP not in allowed_after(marks, "“猕猴桃")  # the quote is still open
    assert SEP in allowed_after(marks, "“猕猴桃”")
    assert ord("”") not in allowed_after(marks, "猕猴桃")  # nothing to close


def test_a_summary_cut_by_the_length_cap_is_trimmed_to_its_last_phrase_boundary(source):
    assert processor(source).phrase_length(0, tuple(ids("西安市的猕猴"))) == 3


def test_new_span_penalty_costs_a_new_span_but_not_a_continuation_or_the_first_span(source):
    penalised = processor(source, no_repeat_words=False, end_at_phrase=False, new_span_penalty=2.0)

    def score_after(written: str, token: str) -> float:
        scores = penalised(torch.tensor([[SEP, CLS, *ids(written)]]), torch.zeros(1, 0x10000))
        return scores[0, ord(token)].item()

    assert score_after("", "陕") == 0.0  # the first span is free
    assert score_after("陕西省", "西") == 0.0  # 陕西省西安市: the span goes on
    assert score_after("陕西省", "猕") == -2.0  # 陕西省 + 猕猴桃: a second span
    assert score_after("西安市，", "今") == -2.0  # after punctuation, too


def test_a_dead_end_stops_instead_of_producing_nans(source):
    span = processor(source, no_repeat_words=False, end_at_phrase=False)
    scores = torch.full((1, 0x10000), float("-inf"))  # e.g. every token banned by no_repeat_ngram_size
    out = span(torch.tensor([[SEP, CLS, *ids("陕西")]]), scores)
    assert torch.isfinite(out[0]).nonzero().flatten().tolist() == [SEP]


def test_summarizer_span_options_travel_with_the_model_and_copy_only_article_text(tmp_path, tiny_vocab_file):
    from test_summary import ARTICLES, tiny_bart
    from zhnews.summary.source_vocabulary import HEADLINE_PUNCTUATION
    from zhnews.summary.summarizer import Summarizer, summary_generation_config
    from zhnews.tokenization import build_tokenizer_folder, vocab_line_count

    tokenizer = build_tokenizer_folder(tiny_vocab_file, tmp_path)
    generation = summary_generation_config(tokenizer, num_beams=2, min_new_tokens=2, max_new_tokens=8)
    Summarizer(tiny_bart(tokenizer, vocab_line_count(tiny_vocab_file)), tokenizer, 48, generation,
               span_copy=True, no_repeat_words=True, end_at_phrase=True, no_end_before_noun=True,
               new_span_penalty=1.5, backward_span_penalty=3.0).save_pretrained(tmp_path)
    summarizer = Summarizer.from_pretrained(tmp_path)
    assert summarizer.decoding_settings()["span_copy"] and summarizer.end_at_phrase
    assert summarizer.no_end_before_noun and summarizer.new_span_penalty == 1.5
    assert summarizer.backward_span_penalty == 3.0
    summaries = summarizer.summarize(ARTICLES, batch_size=2)
    assert len(summaries) == len(ARTICLES)
    for summary, article in zip(summaries, ARTICLES):
        assert set(summary) <= set(article) | set(HEADLINE_PUNCTUATION), (summary, article)
    assert summarizer.summarize(ARTICLES[:1], span_copy=False, no_repeat_words=False, end_at_phrase=False)
