"""split_page's layout rules one at a time, on small hand-written pages (the rule numbers are those of
zhnews/page.py's docstring)."""

import pytest

from zhnews import split_page
from zhnews.page import opens_mid_sentence

GRID_STORY = ("电网建设稳步推进\n\n"
              "本报讯（记者 张三）今年以来，全省电网建设稳步推进，新建变电站十余座，供电能力持续提升，"
              "迎峰度夏准备工作基本就绪。\n\n"
              "专家表示，电网建设关系千家万户，储能电站和抽水蓄能项目将进一步提升电网的灵活性，为新能源"
              "大规模并网打下基础。\n\n")


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def test_headline_with_a_bracketed_column_name_starts_a_story_under_its_kicker():
    stories = split_page(GRID_STORY + page(
        "为电网建设守好安全关",
        "建设电网须守住安全底线（人民时评）",
        "电网建设规模越大，安全越不能放松。施工现场的每一道工序、电网运行的每一次调度，都关系着千家万户的"
        "正常用电。"))
    assert [s.title for s in stories] == ["电网建设稳步推进", "建设电网须守住安全底线（人民时评）"]
    assert stories[1].kicker == "为电网建设守好安全关"


def test_short_line_right_above_a_headline_is_its_kicker():
    [story] = split_page(page(
        "水利部发文",
        "采砂管理纳入河湖长制考核体系",
        "本报北京2月24日电 （记者王浩）近日，水利部出台关于河道采砂管理工作的指导意见，提出以河长制湖长制为"
        "平台，落实采砂管理责任。"))
    assert (story.kicker, story.title, story.tags) == ("水利部发文", "采砂管理纳入河湖长制考核体系", [])


def test_long_comma_line_under_the_headline_is_a_lead_line_not_a_subtitle():
    lead = "春运途中，越来越多的赶路人，正实实在在地体味到获得感、幸福感、安全感"
    [story] = split_page(page(
        "让春运记忆越来越暖（民生观）",
        lead,
        "最近，一年一度的春运又拉开了帷幕。网络上，一则“春运记忆”的视频触动了不少人的心，视频里是几十年来"
        "春运路上的变化。"))
    assert story.subtitle == "" and story.text.startswith(lead + "\n")


def test_numbered_section_stays_in_its_story_however_new_its_words():
    [story] = split_page(GRID_STORY + page(
        "二、织密民生保障网",
        "养老、托育、医疗等服务持续扩容，城乡居民基本养老保险参保人数再创新高，社区食堂覆盖大部分街道。"))
    assert story.title == "电网建设稳步推进"
    assert "二、织密民生保障网\n养老、托育" in story.text


def test_section_number_in_brackets_is_a_subheading_not_a_closing_note():
    [story] = split_page(GRID_STORY + page(
        "（三）",
        "各地还加快配电网改造，农村电网供电可靠率进一步提高，电网建设让偏远山村也用上了稳定可靠的电。"))
    assert story.byline == "本报讯（记者 张三）"
    assert "\n（三）\n" in story.text


def test_line_ending_in_a_colon_introduces_what_follows_and_stays():
    [story] = split_page(GRID_STORY + page(
        "浙江省政协主席葛慧君委员：",
        "市场主体是经济运行的基本单元，要引导中小微企业正确看待形势，坚定发展信心，稳住就业基本盘。"))
    assert "浙江省政协主席葛慧君委员：\n市场主体" in story.text


def test_block_opening_with_a_dash_signature_stays_with_the_text_above():
    [story] = split_page(GRID_STORY + page(
        "——编 者",
        "核心阅读",
        "供电服务水平的提升，离不开一线员工的坚守。春节期间，许多供电职工坚守岗位，保障居民温暖过年。"))
    assert story.title == "电网建设稳步推进" and "——编者\n核心阅读" in story.text


def test_short_first_line_of_a_two_line_subheading_is_no_column_tag_starting_a_story():
    [story] = split_page(GRID_STORY + page(
        "精准施策",
        "电网改造用在关键处",
        "今年全省电网改造投资向偏远乡村倾斜，新建和改造农村配电线路数千公里，电网供电能力明显增强。"))
    assert "精准施策\n电网改造用在关键处\n今年全省电网改造" in story.text


CLOSED_STORY = page(
    "乡村旅游带旺古村",
    "游客在古村里体验传统手工艺，村里的民宿一房难求，乡村旅游收入连续三年增长，村民在家门口实现就业。",
    "（本报记者 李四）")


def test_subheadings_stay_in_a_story_whose_closing_byline_is_still_to_come():
    stories = split_page(page(
        CLOSED_STORY,
        "夜班护士守护病房",
        "凌晨两点，病房里的灯还亮着。护士小王轻手轻脚地查看每一位病人，记录体温、调整输液速度。",
        "深夜里的热粥",
        "食堂师傅老陈每天凌晨四点起床熬粥，他说，医护人员下班后最想喝上一口热乎的。",
        "各科室全力以赴——",
        "守护病房的每一个夜晚",
        "病房里，护士们一遍遍查看病人，记录体温，每一位病人都得到及时照料。",
        "（本报记者 王五）"))
    assert [s.title for s in stories] == ["乡村旅游带旺古村", "夜班护士守护病房"]
    assert "深夜里的热粥\n食堂师傅" in stories[1].text
    assert "各科室全力以赴——\n守护病房的每一个夜晚\n病房里" in stories[1].text
    assert stories[1].byline == "（本报记者 王五）"


def test_comma_subheading_over_new_words_is_no_orphan_continuation():
    """Rule 7 takes a run for another page's only in a story that opens with a sentence's end."""
    [story] = split_page(page(
        "易地扶贫搬迁群众住上新房",
        "易地扶贫搬迁群众搬进新居后，当地围绕就业做文章，扶贫车间、公益岗位让搬迁群众稳得住、能致富。",
        "搬迁群众，圆了安居梦",
        "自从搬进幸福新区的新家，娜四哈脸上的笑容多了。五年前她怀揣一千五百元来到县城打拼，"
        "如今开起小店，日子越过越红火。"))
    assert "搬迁群众，圆了安居梦\n自从搬进" in story.text


def test_cueless_headline_starts_a_story_when_its_run_and_first_paragraph_share_few_words_above():
    """The run shares 3 bigrams with the story above (持续, 续提, 提升: 6%), its first paragraph none."""
    stories = split_page(GRID_STORY + page(
        "古村民宿迎来客流高峰",
        "春节假期，游客纷纷走进古村，民宿一房难求，手工艺体验、农家美食让游客流连忘返。",
        "村干部说，下一步将继续完善停车场、公厕等配套设施，持续提升游客体验。"))
    assert [s.title for s in stories] == ["电网建设稳步推进", "古村民宿迎来客流高峰"]


def test_jump_line_opens_a_continuation_from_another_page():
    stories = split_page(GRID_STORY + page(
        "（上接第一版）",
        "游客在古村里体验传统手工艺，村里的民宿一房难求，乡村旅游收入连续三年增长，村民在家门口实现就业。"))
    assert [(s.title, s.fragment) for s in stories] == [("电网建设稳步推进", False), ("", True)]
    assert stories[0].byline == "本报讯（记者 张三）" and stories[1].byline == "（上接第一版）"


BODY = "本报北京3月2日电 （记者 李明）今年以来，各地加快推进重点项目建设，一季度新开工项目数量同比增长，投资结构持续优化。"


def test_colon_line_over_a_headline_is_its_kicker():
    [story] = split_page(page("市场监管总局：", "春节前后严查食品安全隐患", BODY))
    assert (story.kicker, story.title, story.subtitle) == ("市场监管总局：", "春节前后严查食品安全隐患", "")


def test_line_naming_a_speech_or_ending_in_a_delegate_role_is_a_kicker():
    [speech] = split_page(page("某某在某省考察时强调保障民生", "扎实做好春耕备耕工作", BODY))
    [delegate] = split_page(page("某某县县长张某某代表", "让山区孩子上好学", BODY))
    assert (speech.kicker, speech.title) == ("某某在某省考察时强调保障民生", "扎实做好春耕备耕工作")
    assert (delegate.kicker, delegate.title) == ("某某县县长张某某代表", "让山区孩子上好学")


def test_clauses_or_parallel_phrases_over_a_terse_headline_are_its_kicker():
    [clauses] = split_page(page("各地抢抓农时，春耕生产有序推进", "田间地头春意浓", BODY))
    [phrases] = split_page(page("修好水渠 备足良种", "山村春耕备耕忙起来", BODY))
    assert (clauses.kicker, clauses.title, clauses.subtitle) == ("各地抢抓农时，春耕生产有序推进", "田间地头春意浓", "")
    assert (phrases.kicker, phrases.title) == ("修好水渠 备足良种", "山村春耕备耕忙起来")


def test_two_plain_lines_or_a_comma_headline_over_a_dash_subtitle_are_headline_and_subtitle():
    [plain] = split_page(page("春耕生产有序推进", "各地抢抓农时备足农资", BODY))
    [dashed] = split_page(page("春耕时节，田野里的新变化", "——来自某省农村的调查", BODY))
    assert (plain.kicker, plain.title, plain.subtitle) == ("", "春耕生产有序推进", "各地抢抓农时备足农资")
    assert (dashed.kicker, dashed.title, dashed.subtitle) == ("", "春耕时节，田野里的新变化", "——来自某省农村的调查")


def test_kicker_shape_is_no_cue_for_a_new_story():
    """A clause line over a short line inside a story is a two-line subheading (rule 6), not a header."""
    [story] = split_page(GRID_STORY + page(
        "电网改造，先从农村做起",
        "农网升级见成效",
        "今年全省电网改造投资向农村倾斜，新建和改造农村配电线路数千公里，农村电网供电能力明显增强。"))
    assert story.title == "电网建设稳步推进"
    assert "电网改造，先从农村做起\n农网升级见成效\n今年全省" in story.text


FOREIGN_RUN = ("，乡村旅游收入连续三年增长，村民在家门口实现就业。",
               "古村里的民宿一房难求，游客体验传统手工艺，村里还办起了农家乐和非遗工坊。")


def test_paragraph_opening_mid_sentence_after_a_finished_one_starts_a_continuation():
    stories = split_page(GRID_STORY + page(*FOREIGN_RUN))
    assert [(s.title, s.fragment) for s in stories] == [("电网建设稳步推进", False), ("", True)]
    assert stories[1].text == "\n".join(FOREIGN_RUN)
    assert "古村" not in stories[0].text


def test_paragraph_opening_mid_sentence_stays_when_its_words_are_the_story_s():
    [story] = split_page(GRID_STORY + page("，电网建设稳步推进，全省新建变电站供电能力持续提升，迎峰度夏准备工作就绪。"))
    assert story.text.endswith("打下基础。\n，电网建设稳步推进，全省新建变电站供电能力持续提升，迎峰度夏准备工作就绪。")


def test_paragraph_opening_mid_sentence_after_an_unfinished_one_is_a_column_cut():
    [story] = split_page(page(
        "电网建设稳步推进",
        "本报讯（记者 张三）今年以来，全省电网建设稳步推进，新建变电站十余座，城乡供电能力持续提升，各地迎峰度夏",
        FOREIGN_RUN[0]))
    assert story.text.endswith("各地迎峰度夏，乡村旅游收入连续三年增长，村民在家门口实现就业。")


def test_a_story_closed_by_its_byline_keeps_its_paragraphs():
    [story] = split_page(page("电网建设稳步推进", BODY, *FOREIGN_RUN, "（本报记者 张三）"))
    assert story.text.endswith(FOREIGN_RUN[1]) and story.byline.endswith("（本报记者 张三）")


@pytest.mark.parametrize(("paragraph", "mid_sentence"), [
    ("，村民在家门口实现就业。", True), ("”他说。", True), ("的农产品销往全国。", True),
    ("拔，枝繁叶茂。", True), ("的确，变化就在身边。", False), ("了解情况后，他们立即行动。", False),
    ("……", False), ("今年以来，电网建设稳步推进。", False), ("2024年，全市新增企业51家。", False)])
def test_opens_mid_sentence(paragraph, mid_sentence):
    assert opens_mid_sentence(paragraph) is mid_sentence


def test_line_with_a_colon_or_a_label_under_the_headline_opens_the_text():
    [address] = split_page(page("在某某座谈会上的讲话", "同志们，朋友们：", BODY))
    [label] = split_page(page("加强儿童用药安全管理（提案提要）", "提案人：全国政协委员张某某", BODY))
    [bracketed] = split_page(page("飞奔救人的年轻医生（暖闻热评）", "【人物】某某医院医生李某某", BODY))
    assert address.subtitle == "" and address.text.startswith("同志们，朋友们：\n")
    assert label.subtitle == "" and label.text.startswith("提案人：全国政协委员张某某\n")
    assert bracketed.subtitle == "" and bracketed.text.startswith("【人物】某某医院医生李某某\n")


def test_dash_subtitle_ending_in_a_series_number_is_no_column_tagged_headline():
    [story] = split_page(page("合作抗疫贡献中国力量（和音）", "——抗击疫情离不开命运共同体意识（11）", BODY))
    assert (story.kicker, story.title, story.subtitle) == (
        "", "合作抗疫贡献中国力量（和音）", "——抗击疫情离不开命运共同体意识（11）")


def test_short_attendance_line_under_a_meeting_headline_is_its_subtitle():
    [story] = split_page(page("某某论坛年会在京开幕", "张某某出席", BODY))
    assert (story.title, story.subtitle, story.tags) == ("某某论坛年会在京开幕", "张某某出席", [])
