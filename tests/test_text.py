import pytest

from zhnews.text import check_texts, in_source_case, normalize_text, split_sentences, to_halfwidth


def test_fullwidth_letters_and_digits_become_halfwidth_but_chinese_punctuation_stays():
    assert to_halfwidth("ＡＩ产业增长１２％，　好") == "AI产业增长12％， 好"


def test_paragraph_cut_across_columns_is_rejoined():
    cut = "近年来，嘉兴建立专精特新中小企业培育库，并为入库企业量身定制电子诊断书，已累计为630余家企业查找\n\n出2000余个短板。"
    assert normalize_text(cut) == "近年来，嘉兴建立专精特新中小企业培育库，并为入库企业量身定制电子诊断书，已累计为630余家企业查找出2000余个短板。"


def test_headline_is_not_glued_to_the_body():
    assert normalize_text("嘉兴为何盛产小巨人\n本报讯记者报道。") == "嘉兴为何盛产小巨人\n本报讯记者报道。"


def test_paragraph_printed_twice_is_kept_once_and_spaces_between_hanzi_go():
    page = "第一段 文字在这里重复出现了一次。\n第二段。\n第一段 文字在这里重复出现了一次。"
    assert normalize_text(page) == "第一段文字在这里重复出现了一次。\n第二段。"


def test_sentences_keep_their_closing_quotes():
    assert split_sentences("他说：“好。”然后走了！再见") == ["他说：“好。”", "然后走了！", "再见"]


@pytest.mark.parametrize("bad, message", [(["好", ""], "index 1 is empty"), (["好", 3], "index 1 is int"),
                                          (["  "], "index 0 is empty")])
def test_bad_inputs_name_their_index(bad, message):
    with pytest.raises(ValueError, match=message):
        check_texts(bad)


def test_a_bare_string_is_rejected_rather_than_split_into_characters():
    with pytest.raises(ValueError, match="single string"):
        check_texts("一篇文章")


def test_latin_words_take_the_case_the_source_writes_them_in():
    article = "国家统计局发布的数据显示，居民消费价格指数CPI同比上涨0.7%，5G基站超过400万个。"
    assert in_source_case("居民消费价格指数cpi同比上涨0.7%", article) == "居民消费价格指数CPI同比上涨0.7%"
    assert in_source_case("5g基站超过400万个", article) == "5G基站超过400万个"
    assert in_source_case("ppi同比下降", article) == "ppi同比下降"  # not in the source: left as written
