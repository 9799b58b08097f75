"""Garble measures (zhnews/summary/garble.py) on the issue's own examples."""

import pytest

from zhnews.summary.garble import (breaks_order, copied_spans, cuts_word, doubled_characters, drops_number,
                                  drops_preposition, ends_on_means, garble_scores, is_cut_off, is_garbled,
                                  jumps_sentences, last_span_ending, novel_trigram_rate, novel_word_rate, score_with_garble,
                                  skipped_stretches, skips_clause, skips_named_clause, starts_after_preposition,
                                  starts_inside_word, stitch_count)

KIWI_ARTICLE = "陕西省西安市周至县的猕猴桃产业链正在延伸。"
POWER_ARTICLE = "国网宁波供电公司组建技术特攻队，保障企业用电。"


def test_the_greedy_cover_takes_the_longest_copied_span_first():
    assert copied_spans("陕西安市猕猴桃", KIWI_ARTICLE) == ["陕西", "安市", "猕猴桃"]
    assert copied_spans("宁波组建技术特攻队", POWER_ARTICLE) == ["宁波", "组建技术特攻队"]


def test_shaanxi_plus_xian_is_a_stitch():
    """陕西 + [西]安市 → 陕西安市: 安市 continues 西 in the article, inside the word 西安市."""
    assert stitch_count("陕西安市猕猴桃", KIWI_ARTICLE) == 1
    assert is_garbled("陕西安市猕猴桃", KIWI_ARTICLE)


def test_ningbo_plus_a_new_clause_is_not_a_stitch():
    assert stitch_count("宁波组建技术特攻队", POWER_ARTICLE) == 0
    # the continuation exists in the article, but at a word start (宁波 / 组建): a clean cut, not a stitch
    assert stitch_count("浙江省宁波组建技术特攻队", "浙江省宁波市。宁波组建技术特攻队") == 0
    assert not is_garbled("宁波组建技术特攻队", POWER_ARTICLE)


def test_doubled_characters_count_only_where_the_article_never_doubles_them():
    assert doubled_characters("企业推出出新品", "企业推出新品") == ["出"]
    assert doubled_characters("浙江江苏", "浙江和江苏") == ["江"]
    assert doubled_characters("人人参与", "人人参与垃圾分类") == []  # the article doubles 人 itself
    assert doubled_characters("增长2200吨", "增长吨") == []  # digits double in ordinary numbers
    assert doubled_characters("2025年年年会开幕", "2025年年会开幕") == ["年"]  # tripled where the article doubles


def test_novel_words_and_novel_trigrams():
    # jieba words 宁波 / 组建 / 技术 / 特攻队 are all in the article; 北京 is not
    assert novel_word_rate(["宁波组建技术特攻队"], [POWER_ARTICLE]) == 0
    assert novel_word_rate(["北京组建技术特攻队"], [POWER_ARTICLE]) == pytest.approx(1 / 4)
    # 3-grams of 陕西安市: 陕西安 and 西安市… 陕西安 is absent, 西安市 present
    assert novel_trigram_rate(["陕西安市"], [KIWI_ARTICLE]) == pytest.approx(1 / 2)


def test_a_span_that_leaves_out_the_number_before_it_drops_a_number():
    article = "7月份中国物流业景气指数为50.5%，连续3个月位于扩张区间。"
    assert drops_number("物流业景气指数为50.5个月位于扩张区间", article)  # 50.5 + [3]个月: a false 50.5个月
    assert drops_number("物流业景气指数个月位于扩张区间", article)
    assert not drops_number("物流业景气指数连续3个月位于扩张区间", article)  # the number kept
    assert not drops_number("物流业景气指数位于扩张区间", article)  # the second span follows 月, not a digit


def test_a_span_that_stops_inside_an_article_word_before_another_span_cuts_a_word():
    article = "11月5日，国家主席习近平同印度总统穆尔穆互致贺电，庆祝两国建交。"
    assert cuts_word("习近平同印度总统穆互致贺电", article)  # 穆 | 互致贺电: the rest of 穆尔穆 left out
    assert not cuts_word("习近平同印度总统穆尔穆互致贺电", article)  # one span
    assert not cuts_word("习近平互致贺电", article)  # 习近平 ends where the article's word ends
    assert not cuts_word("印度总统穆", article)  # a last span stopping inside a word is garble.is_cut_off's


def test_a_summary_that_opens_on_the_tail_of_a_word_or_number_starts_inside_a_word():
    article = "7月13日，历时15年建设的环塔里木盆地750千伏输变电工程全线贯通。华中科技大学丁汉院士团队参观。"
    assert starts_inside_word("千伏输变电工程全线贯通", article)  # 750 left out
    assert starts_inside_word("学丁汉院士团队参观", article)  # the tail of 大学
    assert not starts_inside_word("环塔里木盆地750千伏输变电工程全线贯通", article)
    assert not starts_inside_word("丁汉院士团队参观", article)


def test_a_summary_that_joins_the_ends_of_clauses_it_skips_skips_a_clause():
    article = "丁薛祥应邀访问乌拉圭，在蒙得维的亚会见乌拉圭总统奥尔西，同副总统高斯举行会谈。"
    assert skipped_stretches("丁薛祥访问乌拉圭总统举行会谈", article) == ["应邀", "，在蒙得维的亚会见乌拉圭", "奥尔西，同副总统高斯"]
    assert skips_clause("丁薛祥访问乌拉圭总统举行会谈", article)  # 会见 and ， left out between the spans
    assert not skips_clause("丁薛祥访问乌拉圭", article)  # 应邀: no clause punctuation
    assert not skips_clause("丁薛祥应邀访问乌拉圭", article)  # one span, nothing skipped
    assert not skips_clause("同副总统高斯举行会谈丁薛祥", article)  # out of the article's order: not placed, not judged
    assert skipped_stretches("同副总统高斯举行会谈丁薛祥", article) is None


def test_a_summary_that_leaves_out_a_clause_s_subject_skips_a_named_clause():
    article = "2024年，宁波舟山港年货物吞吐量达13.77亿吨，同比增长4%。"
    assert skips_named_clause("2024年货物吞吐量达13.77亿吨", article)  # ，宁波舟山港年 left out: the port is the subject
    assert not skips_named_clause("宁波舟山港年货物吞吐量达13.77亿吨", article)  # one span
    assert not skips_named_clause("货物吞吐量达13.77亿吨同比增长4%", article)  # ， left out, but no name


def test_a_summary_that_cannot_be_copied_in_the_article_s_order_breaks_it():
    article = "小暑是二十四节气中的第十一个节气。今天小暑，各地进入盛夏。"
    assert breaks_order("二十四节气·暑", article)  # 暑 comes only before 二十四节气
    assert not breaks_order("小暑是二十四节气中的第十一个节气", article)
    # in order though the greedy cover is not: 小暑 + 各地进入盛夏, whose longest first span 小暑 is also found first
    assert not breaks_order("小暑各地进入盛夏", article)


def test_a_summary_that_joins_spans_of_two_sentences_jumps_sentences():
    article = "斯里兰卡总理阿马拉苏里亚访华。国务院总理李强在北京会见阿马拉苏里亚。"
    assert jumps_sentences("国务院总理阿马拉苏里亚访华", article)  # 国务院总理 + …阿马拉苏里亚访华 of the first
    assert not jumps_sentences("李强会见阿马拉苏里亚", article)  # three spans, all of the second sentence
    assert not jumps_sentences("斯里兰卡总理阿马拉苏里亚访华", article)  # one span
    assert not jumps_sentences("国务院总理李强会见", "国务院总理李强在北京会见。")  # one sentence only


RIVER_ARTICLE = "我国继续加快内河航道建设，提升运力。中华儿女迎来的首个春节格外热闹。授予宋令东、王浩泽称号。"


@pytest.mark.parametrize("summary, cut_off", [
    ("我国继续加快内河航道", True),   # … | 建设: a verb follows
    ("中华儿女迎来的", False),        # … | 首个: a numeral, which the rule leaves alone (a miss)
    ("中华儿女迎来", True),           # … | 的: a particle follows
    ("我国继续加快内河航道建设", False),  # stops where the clause ends
    ("中华儿女迎来的首个春节", False),    # … | 格外: an adverb, not flagged
    ("内河航道建设提升运力", False),      # two spans; the last ends at the clause end
    ("授予宋令东", False),              # … | 、王浩泽: a list that goes on is left alone
    ("我国继续加快内河航道建", True),     # … | 设: a word cut in two
])
def test_a_summary_that_stops_before_a_verb_or_particle_is_cut_off(summary, cut_off):
    assert is_cut_off(summary, RIVER_ARTICLE) is cut_off


def test_a_summary_ending_on_a_title_whose_holder_the_article_names_next_is_cut_off():
    article = "新华社北京6月15日电 6月16日出版的第12期《求是》杂志将发表中共中央总书记、国家主席习近平的重要文章。习近平当选国家主席。"
    assert is_cut_off("《求是》杂志将发表中共中央总书记", article)  # … | 、国家主席习近平
    assert not is_cut_off("习近平当选国家主席", article)  # the sentence ends there
    assert not is_cut_off("李强会见希腊副总理", "国务院总理李强在北京会见希腊副总理乔治亚季斯。")  # a guest, by title


def test_a_transliterated_name_cut_at_its_dot_is_cut_off():
    article = "当地时间24日，国务院总理李强在纽约会见美国盖茨基金会主席比尔·盖茨。"
    assert is_cut_off("李强会见美国盖茨基金会主席比尔", article)
    assert not is_cut_off("李强会见美国盖茨基金会主席比尔·盖茨", article)


def test_a_subject_with_its_means_where_the_sentence_goes_on_to_the_event_is_cut_off():
    article = "党的十八大以来，新疆通过科学治理，荒漠和沙地面积“双缩减”，实现了历史巨变。"
    assert ends_on_means("新疆通过科学治理", article)  # … | ，荒漠和沙地面积“双缩减”
    assert is_cut_off("新疆通过科学治理", article)
    assert not ends_on_means("新疆通过科学治理，荒漠和沙地面积“双缩减”", article)  # the event is there
    # 通过 as passing something is an event
    assert not ends_on_means("联合国安理会通过决议", "联合国安理会通过决议，授权组建加沙地带临时国际稳定部队。")
    assert not ends_on_means("临时拨款法案未获通过", "临时拨款法案未获通过，美国政府“停摆”进入第二周。")
    assert not ends_on_means("一旦保监会审核通过", "一旦保监会审核通过，正大集团将完成此次交易。")


def test_last_span_ending_says_where_a_summary_stops_in_its_article():
    assert last_span_ending("我国继续加快内河航道建设", RIVER_ARTICLE) == "clause_end"
    assert last_span_ending("我国继续加快内河航道建", RIVER_ARTICLE) == "inside_word"
    assert last_span_ending("中华儿女迎来", RIVER_ARTICLE) == "next_u"
    assert last_span_ending("全新标题", RIVER_ARTICLE) == "not_copied"


def test_garble_scores_are_shares_of_summaries():
    scores = garble_scores(["陕西安市猕猴桃", "宁波组建技术特攻队", "企业推出出新品"],
                           [KIWI_ARTICLE, POWER_ARTICLE, "企业推出新品"])
    assert scores["stitch_share"] == pytest.approx(1 / 3)
    assert scores["doubled_char_share"] == pytest.approx(1 / 3)
    assert scores["garbled_share"] == pytest.approx(2 / 3)
    assert scores["cut_off_share"] == 0
    assert scores["unbalanced_marks_share"] == 0
    assert garble_scores(["“中国式现代化", "《纲要》发布", "和平》展览"], ["x"] * 3)["unbalanced_marks_share"] == \
        pytest.approx(2 / 3)
    assert garble_scores([], [])["garbled_share"] == 0


def test_score_with_garble_adds_the_garble_measures_to_rouge():
    scores = score_with_garble(["宁波组建技术特攻队"], ["宁波组建技术特攻队"], [POWER_ARTICLE])
    assert scores["rougeL"] == 100 and scores["garbled_share"] == 0 and "novel_bigram_rate" in scores


def test_a_span_that_keeps_a_preposition_s_object_but_not_the_preposition_drops_it():
    article = "阿拉伯—伊斯兰国家紧急峰会部长级筹备会议14日在卡塔尔多哈以闭门形式举行。国务院总理李强在北京同赞比亚总统共同出席仪式。"
    assert drops_preposition("筹备会议在闭门形式举行", article)  # 在 + [卡塔尔多哈以] 闭门形式举行: 以 left out
    assert not drops_preposition("筹备会议以闭门形式举行", article)  # 以 kept
    assert not drops_preposition("李强同赞比亚总统共同出席仪式", article)  # 同 kept, copied from elsewhere


def test_a_summary_opening_on_a_preposition_s_object_without_the_preposition_starts_after_it():
    article = "部分韩籍军人的遗属23日向韩国首尔中央地方法院提起诉讼。随着冬季旅游市场持续升温，冰雪消费火热。"
    assert starts_after_preposition("韩国首尔中央地方法院提起诉讼", article)  # 向 left out
    assert not starts_after_preposition("遗属向韩国首尔中央地方法院提起诉讼", article)
    assert not starts_after_preposition("冬季旅游市场持续升温", article)  # 随着's object is the clause's subject
    strikes = "以军今天对加沙地带努赛赖特难民营等地发动空袭。会议对坚决打好反腐败斗争攻坚战作出部署。"
    assert starts_after_preposition("加沙地带努赛赖特难民营等地发动空袭", strikes)  # 对's object reads as the actor
    assert not starts_after_preposition("坚决打好反腐败斗争攻坚战", strikes)
