"""Character-level ROUGE, the output statistics, and the extractive peers."""

import numpy as np
import pytest
from rouge_score import rouge_scorer

from zhnews.summary.extractive import (lead_1, lead_1_cut, lead_clause, pagerank, peer_summaries, similarity_matrix,
                                       strip_dateline, textrank)
from zhnews.summary.rouge_metric import (ChineseRouge, mean_length, novel_bigram_rate, repeated_trigram_share,
                                 rouge_scores, score_summaries)


def test_identical_chinese_scores_100_and_disjoint_scores_0():
    assert rouge_scores(["国务院召开常务会议"], ["国务院召开常务会议"]) == {"rouge1": 100, "rouge2": 100, "rougeL": 100}
    assert rouge_scores(["国务院召开常务会议"], ["春节假期出行火爆"]) == {"rouge1": 0, "rouge2": 0, "rougeL": 0}


def test_default_rouge_tokenizer_would_score_chinese_zero():
    """Why the metric exists: rouge_score's own tokenizer drops every Chinese character."""
    score = rouge_scorer.RougeScorer(["rouge1"]).score("国务院召开常务会议", "国务院召开常务会议")
    assert score["rouge1"].fmeasure == 0


def test_known_partial_overlap():
    # unigrams 2/4 shared; bigrams {我爱} of 3; longest common subsequence 我爱 (2 of 4)
    scores = rouge_scores(["我爱北京"], ["我爱上海"])
    assert scores["rouge1"] == pytest.approx(50)
    assert scores["rouge2"] == pytest.approx(100 / 3)
    assert scores["rougeL"] == pytest.approx(50)


def test_scores_are_means_over_pairs_and_ignore_whitespace():
    scores = ChineseRouge().compute(predictions=["新 闻 联 播", "天气"], references=["新闻联播", "经济"])
    assert scores["rouge1"] == pytest.approx(50)


def test_output_statistics():
    assert mean_length(["新闻联播", "天 气"]) == 3
    assert repeated_trigram_share(["好好好好", "新闻联播"]) == 0.5
    # 北京 and 上海 occur in the source, 京上 does not
    assert novel_bigram_rate(["北京上海"], ["北京和上海"]) == pytest.approx(1 / 3)
    stats = score_summaries(["北京上海"], ["北京和上海"], ["北京和上海"])
    assert set(stats) == {"rouge1", "rouge2", "rougeL", "mean_length", "repeated_trigram_share",
                          "novel_bigram_rate"}


# The second sentence shares 经济发展 with the third and 市场就业 with the fourth: the hub of the graph.
ARTICLE = ("今天天气很好。\n"
           "经济发展带动市场就业。"
           "经济发展很快。"
           "市场就业稳定。")


def test_lead_peers_take_the_first_sentence():
    assert lead_1(ARTICLE) == "今天天气很好。"
    assert lead_1_cut(ARTICLE, 4) == "今天天气"
    assert lead_1("没有句号的一段话") == "没有句号的一段话"


def test_textrank_picks_the_most_central_sentence():
    assert textrank(ARTICLE) == "经济发展带动市场就业。"
    assert textrank(ARTICLE, max_chars=4) == "经济发展"
    assert textrank("只有一句。") == "只有一句。"


def test_pagerank_favours_the_hub_of_a_star():
    sentences = ["甲乙丙丁", "甲乙", "乙丙", "丙丁"]
    assert similarity_matrix(sentences)[1, 3] == 0
    assert int(np.argmax(pagerank(similarity_matrix(sentences)))) == 0


def test_peer_summaries_name_every_peer():
    peers = peer_summaries([ARTICLE, "一句话。两句话。"], cut_chars=3)
    assert peers == {"lead_1": ["今天天气很好。", "一句话。"], "lead_1_cut": ["今天天", "一句话"],
                     "lead_clause": ["今天天气很好", "一句话"], "textrank": ["经济发展带动市场就业。", "一句话。"]}


@pytest.mark.parametrize("article, stripped", [
    ("本报北京5月1日电（记者张三）今天，全国铁路实行新的列车运行图。", "今天，全国铁路实行新的列车运行图。"),
    ("新华社北京1月6日电 全国人大常委会委员长赵乐际会见客人。", "全国人大常委会委员长赵乐际会见客人。"),
    ("央视网消息（新闻联播）：各地举办活动。", "各地举办活动。"),
    ("据新华社北京1月1日电 （记者姜琳）为贯彻落实决定，三部门印发办法。", "为贯彻落实决定，三部门印发办法。"),
    ("新华社记者从国家电网获悉，电力供应平稳。", "新华社记者从国家电网获悉，电力供应平稳。"),  # no dateline
])
def test_strip_dateline(article, stripped):
    assert strip_dateline(article) == stripped


def test_lead_clause_keeps_whole_clauses_up_to_30_characters():
    article = "本报北京5月1日电（记者张三）今天，全国铁路实行新的列车运行图，安排图定旅客列车增加到一万多列。其他。"
    assert lead_clause(article) == "今天，全国铁路实行新的列车运行图"  # the third clause would pass 30
    assert lead_clause("新华社北京1月6日电 全国人大常委会委员长赵乐际6日下午在人民大会堂同秘鲁国会主席举行会谈。") == \
        "全国人大常委会委员长赵乐际6日下午在人民大会堂同秘鲁国会主席"  # one clause longer than 30: cut at 30
    assert len(lead_clause(article, max_chars=10)) <= 10
