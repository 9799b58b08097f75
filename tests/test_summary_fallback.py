"""The clause fallback (zhnews/summary/fallback.py) and what can stand as a headline
(zhnews/summary/headline_shape.py)."""

import pytest

from zhnews.summary.extractive import story_first
from zhnews.summary.fallback import clause_fallback, clause_runs, guided_clause, is_flagged, lcs_f1, shortened
from zhnews.summary.headline_shape import (compress_sentence, has_inner_subject, headline_like, is_modified_noun_phrase,
                                           is_noun_phrase, is_unfinished, names_its_subject, obituary_headline,
                                           publication_headline, with_subject)


def test_a_guided_clause_says_the_model_summary_in_the_article_s_whole_clauses():
    article = ("新华社北京1月14日电 1月14日下午，国家主席习近平应约同欧洲理事会主席科斯塔通电话。"
               "习近平指出，今年是中国同欧盟建交50周年，是承前启后的重要节点。")
    runs = clause_runs(article)
    assert "国家主席习近平应约同欧洲理事会主席科斯塔通电话" in runs and "今年是中国同欧盟建交50周年" in runs
    assert "习近平指出" not in runs  # a speaker without the words is no headline (headline_like)
    assert all(len(run) <= 40 and run[-1] not in "，。" for run in runs)  # 30, or 40 from a sentence's start
    # a stitched summary (…通电话 + 习近平指出) is replaced by the one clause that holds most of it, without the titles
    assert guided_clause(article, "习近平同欧洲理事会主席科斯塔通电话指出") == "习近平应约同欧洲理事会主席科斯塔通电话"
    assert guided_clause("一句超过六十个字的" + "很长" * 30 + "的句子。", "长句子") == "长句子"  # nothing fits
    assert lcs_f1("abcd", "abed") == pytest.approx(0.75) and lcs_f1("", "a") == 0.0
    # no bullet, and no quote mark whose partner lies outside the run
    assert clause_runs("■我们隆重庆祝新中国成立75周年，迎来华诞。")[0] == "我们隆重庆祝新中国成立75周年"
    assert clause_runs("“党的二十届三中全会胜利召开，吹响号角。”")[0] == "党的二十届三中全会胜利召开"
    assert "“吹响号角”" in clause_runs("他说，“吹响号角”。")
    # a quotation closing the sentence leaves no full stop at the end of its last clause once its mark is dropped
    runs = clause_runs("习近平总书记说：“绿色发展的路子是正确的，路子选对了就要坚持走下去。”")
    assert "路子选对了就要坚持走下去" in runs and not any(run.endswith("。") for run in runs)
    assert clause_runs("加强自身建设”“以高质量审计监督护航发展”。") == []  # ”“ cannot be mended
    # an ellipsis ends what comes before it: no run runs on over it
    runs = clause_runs("认真打磨完善建议文稿……临近全国两会，除了本职工作，全国政协委员崔巍的履职日程表排得满满当当。")
    assert "全国政协委员崔巍的履职日程表排得满满当当" in runs and not any("…" in run for run in runs)


@pytest.mark.parametrize("run", [
    "王沪宁表示", "俄罗斯国防部2日称", "1月5日零时起", "西藏定日6.8级地震发生以来", "在中国法学会第九次全国会员代表大会召开之际",
    "在推进全面依法治国的过程中", "为加快建设适合我国国情的养老服务体系", "包括天问二号探测器拍摄的地球影像图",
    "同比增长9.8%以上", "祝贺他就任格鲁吉亚总统", "我们隆重庆祝新中国成立75周年",
    "记者从中国航空工业集团获悉", "受持续强降雨天气影响", "我国将用15年时间", "欧盟成员国代表今天", "也是皖江抗日根据地的核心所在",
    "受习近平总书记委派", "应哈萨克斯坦共和国总统托卡耶夫邀请", "在十四届全国人大三次会议湖南代表团分组审议现场",
    "今年全国两会在参加江苏代表团审议时", "借助青海大力发展清洁能源的契机", "就能完成一辆新能源汽车车身的激光焊接", "在西藏自治区成立60周年",
    "在北京航天城首次面向媒体与公众正式公开亮相", "近日举行的中国发展高层论坛2025年年会上", "广大民营企业和民营企业家在新征程上",
    # unfinished: the sentence goes on (headline_shape.is_unfinished)
    "俄罗斯国防部称，过去一天", "丁薛祥说，8年前", "《乡村全面振兴规划（2024—2027年）》主要内容如下", "中国经济“向新力”强劲——",
    "纪念全民族抗战爆发88周年仪式暨", "1月20日零时至2月8日24时", "于8月31日至9月2日访问越南", "当呼伦贝尔草原夜色渐深、牛羊归圈时",
    "习近平出席新疆维吾尔自治区成立70周年庆祝活动后", "“拉索”守望者眼中", "这是习近平总书记在全国民族团结进步表彰大会上讲话的一部分",
    "此次“秋招”重点面向2026届高校毕业生", "全文如下：大家好", "26日晚到27日早上", "李强表示，面对当前变乱交织的国际形势",
    "“行动”要求，完善医养结合服务体系，到2027年底", "赵乐际说，在习近平主席和普京总统的战略引领下", "临近全国两会，除了本职工作",
    "3月8日的“代表通道”上", "“格盛1号”半潜桁架式养殖平台上", "今年第11号台风“杨柳”预计明天",
    "就制定国民经济和社会发展“十五五”规划提出以下建议", "今天达成的协议内容包括",  # a list announced
    # an address to a guest the lead named before
    "李希表示，前天，习近平主席同总统先生举行了富有成果的会见",
    # a predicate opening on a verb with an aspect particle, its subject left out (headline_shape.opens_on_aspect)
    "形成了习近平法治思想", "载着中华民族从伟大胜利走向伟大复兴的光明前景",
])
def test_clauses_raters_called_no_headline_are_not_headline_like(run):
    assert not headline_like(run)


@pytest.mark.parametrize("run", [
    "习近平同欧洲理事会主席科斯塔通电话", "全国铁路实行新的列车运行图", "为期两个月的铁路暑期运输今天启动",
    "我国服务进出口总额同比增长7.7%", "其他国家代表团抵达北京", "神舟二十一号载人飞船发射已进入倒计时",
    "第一产业用电量98亿千瓦时", "在线教育平台用户规模突破3亿",
    "我国外汇储备规模连续17个月稳定在3.2万亿美元以上", "把发展主动权牢牢掌握在自己手中", "习近平夫妇会见柬埔寨国王和太后",
    "这份成绩单，来之不易", "60户村民领到了现金，笑容写在脸上", "中国式现代化人民至上", "老凤祥或将被处以25亿元以下的罚款",
])
def test_headline_like_clauses(run):
    assert headline_like(run)


@pytest.mark.parametrize("sentence, compressed", [
    ("全国政协主席王沪宁1日在京会见波黑议会代表院副主席查瓦拉。", "王沪宁会见波黑议会代表院副主席查瓦拉。"),
    ("国家主席习近平在北京人民大会堂同来华进行国事访问的阿塞拜疆总统阿利耶夫举行会谈。", "习近平同阿塞拜疆总统阿利耶夫举行会谈。"),
    ("习近平会见来华出席2025年上海合作组织峰会的各国领导人", "习近平会见各国领导人"),
    ("李希2日在北京会见来华出席2025年上海合作组织峰会和纪念中国人民抗日战争暨世界反法西斯战争胜利80周年活动的马尔代夫总统穆伊兹",
     "李希会见马尔代夫总统穆伊兹"),
    ("中共中央政治局常委、国务院副总理丁薛祥在达沃斯出席世界经济论坛2025年年会", "丁薛祥出席世界经济论坛2025年年会"),
    ("中共中央总书记、国家主席、中央军委主席、中央财经委员会主任习近平7月1日上午主持召开中央财经委员会第六次会议。",
     "习近平主持召开中央财经委员会第六次会议。"),
    # every leader's titles, and 分别 where two leaders met a guest each (printed 赵乐际王沪宁分别会见…)
    ("全国人大常委会委员长赵乐际、全国政协主席王沪宁22日在京分别会见马达加斯加参议长拉瓦卢马纳纳",
     "赵乐际、王沪宁分别会见马达加斯加参议长拉瓦卢马纳纳"),
    ("国务院总理李强、全国人大常委会委员长赵乐际、全国政协主席王沪宁分别会见", "李强、赵乐际、王沪宁分别会见"),
    ("国务院新闻办公室今天（7月3日）上午举行新闻发布会。", "国务院新闻办公室举行新闻发布会。"),
    ("2024年12月31日，国家主席习近平和俄罗斯总统普京互致新年贺电。", "习近平和俄罗斯总统普京互致新年贺电。"),
    ("《关于实施自由贸易试验区提升战略的意见》近日印发", "《关于实施自由贸易试验区提升战略的意见》印发"),
    ("国务院、中央军委日前公布《重要军工设施保护条例》", "国务院、中央军委公布《重要军工设施保护条例》"),
    ("天舟九号货运飞船将于近日择机发射", None), ("春节日前夕", None), ("在附近日本海域", None),
    ("以军当天对加沙地带多地发动袭击", "以军对加沙地带多地发动袭击"), ("当天下午，双方举行会谈", "双方举行会谈"),
    ("当天举行的记者会", None), ("每当天色渐暗", None), ("大众集团在2015CES开幕当天，宣布推出…", None),
    ("申通等快递公司的分拣工人还在包裹堆上随意行走；25日，网上还传出了视频。", "申通等快递公司的分拣工人还在包裹堆上随意行走；网上还传出了视频。"),
    # 还 after the subject a text opens on points back to the sentence before; not before a modal, nor after a pronoun,
    # nor after a clause of the text's own
    ("俄军还控制了哈尔科夫地区的一个居民点。", "俄军控制了哈尔科夫地区的一个居民点。"), ("铁总涨薪4次，员工还抱怨", None),
    ("双方还就共同关心的问题交换了意见", "双方就共同关心的问题交换了意见"), ("中国新能源汽车还能走多远", None), ("他还说", None),
    ("还原历史真相", None),
    # kept: a range, a date before a time, 起, 是 or a modifier, and titles that do not open a clause
    ("1月20日零时至2月8日24时，", "1月20日零时至2月8日24时，"), ("1月5日零时起，全国铁路实行新的列车运行图。", None),
    ("十四届全国人大三次会议5日上午9时在人民大会堂开幕", None), ("今天（8月8日）是我国第17个全民健身日", None),
    ("6月16日出版的第12期《求是》杂志", None), ("近日举行的中国发展高层论坛", None), ("3月8日的“代表通道”上", None),
    ("赵乐际表示，习近平总书记、国家主席同主席同志进行了亲切会见", None),
    ("全国统战部长会议15日在京召开", "全国统战部长会议在京召开"),
    ("国务院、中央军委公布《重要军工设施保护条例》（以下简称《条例》）", "国务院、中央军委公布《重要军工设施保护条例》"), ("看见来华游客的笑脸", None), ("蔡奇在河北唐山市检查指导", None),
])
def test_compress_sentence_drops_dates_and_leaders_titles_as_headlines_do(sentence, compressed):
    assert compress_sentence(sentence) == (compressed or sentence)


def test_shortened_drops_a_date_only_where_the_headline_still_stands():
    article = "国务院总理李强9月19日主持召开国务院常务会议。美国得克萨斯州4日发生洪水。9月4日下午，习近平会见武契奇。"
    assert shortened(article, "国务院总理李强9月19日主持召开国务院常务会议") == "李强主持召开国务院常务会议"
    assert shortened(article, "9月4日下午") == "9月4日下午"  # nothing would be left
    assert shortened(article, "美国得克萨斯州4日发生洪水") == "美国得克萨斯州发生洪水"
    assert shortened("中国侨联28日联合举行招待会", "中国侨联28日联合举行招待会") == "中国侨联28日联合举行招待会"  # 侨联联合


def test_clause_runs_prefer_headline_like_runs_and_never_end_inside_a_list():
    article = "近日，中共中央总书记、国家主席习近平致信祝贺全国学联大会召开。李强表示，要加强合作。"
    assert clause_runs(article) == ["近日，中共中央总书记、国家主席习近平致信祝贺全国学联大会召开",
                                    "中共中央总书记、国家主席习近平致信祝贺全国学联大会召开", "李强表示，要加强合作",
                                    "习近平致信祝贺全国学联大会召开"]  # the last one compressed (compress_sentence)
    assert clause_runs("李强表示，欢迎。") == ["李强表示", "李强表示，欢迎", "欢迎"]  # none headline-like: all kept
    # each sentence's own dateline is left out, not only the article's
    assert clause_runs("新华社北京6月13日电外交部宣布：习近平将出席峰会。新华社北京6月13日电习近平将出席中亚峰会。")[-1] == \
        "习近平将出席中亚峰会"
    # a lead whose only clause is longer than 30 characters without 、 is cut at 、 rather than not at all
    assert clause_runs("北京、天津、河北、山西、内蒙古、辽宁、吉林、黑龙江、上海、江苏、浙江、安徽和福建等地发布暴雨预警。")


def test_no_clause_run_ends_on_a_leader_s_title_cut_from_the_name():
    # no comma in the lead's sentences: the runs are cut at 、
    article = ("6月16日出版的第12期《求是》杂志将发表中共中央总书记、国家主席、中央军委主席习近平的重要文章"
               "《用中长期规划指导经济社会发展是我们党治国理政的一种重要方式》。这是习近平总书记2015年10月至2025年4月期间有关重要论述的节录。")
    assert clause_runs(article) == []  # not 6月16日出版的第12期《求是》杂志将发表中共中央总书记


def test_no_clause_run_stops_on_a_subject_with_its_means_before_the_event():
    article = "今年以来，四川通过打破行业壁垒、重构消费场景，推动文商旅体深度融合，助力经济高质量发展。"
    runs = clause_runs(article)
    assert "四川通过打破行业壁垒、重构消费场景" not in runs  # … | ，推动文商旅体深度融合
    assert "四川通过打破行业壁垒、重构消费场景，推动文商旅体深度融合" in runs
    # a flagged summary gets the whole event from the guided clause
    assert clause_fallback(article, "四川通过打破行业壁垒") == "四川通过打破行业壁垒、重构消费场景，推动文商旅体深度融合"


def test_a_lead_of_long_sentences_gives_a_longer_run_rather_than_a_bare_frame():
    article = ("赵乐际表示，去年，习近平主席和奥尔塔总统就共建中国东帝汶命运共同体大方向达成重要共识，"
               "为两国关系发展指明了方向。")
    runs = clause_runs(article)
    assert "习近平主席和奥尔塔总统就共建中国东帝汶命运共同体大方向达成重要共识" in runs  # 34 characters
    assert "赵乐际表示，去年" not in runs and all(len(run) <= 40 for run in runs)


def test_with_no_run_of_40_characters_the_longest_runs_with_a_subject_come_before_one_pointing_back():
    article = ("近日，由海军福建舰、延安舰、通辽舰等多艘舰艇组成的航母编队在完成海上训练任务后返回三亚某军港。"
               "这是福建舰入列之后开展的首次海上实兵训练任务。")
    assert "由海军福建舰、延安舰、通辽舰等多艘舰艇组成的航母编队在完成海上训练任务后返回三亚某军港" in clause_runs(article)  # 44
    assert "这是福建舰入列之后开展的首次海上实兵训练任务" not in clause_runs(article)
    assert clause_runs(article, longest=False) == ["这是福建舰入列之后开展的首次海上实兵训练任务"]  # nothing else fits 40


@pytest.mark.parametrize("headline", ["这是福建舰入列之后开展的首次海上实兵训练任务", "63岁的居民吴云牵着10岁的孙子来到这里",
                                      "中方主提这项决议旨在弥合分歧"])
def test_a_headline_pointing_back_to_the_sentence_before_is_unfinished(headline):
    assert is_unfinished(headline)


def test_a_clause_without_its_subject_also_comes_with_the_sentence_s_start():
    article = "新华社开罗5月1日电 国务院总理李强乘专机抵达开罗国际机场，开始对埃及进行正式访问。"
    runs = clause_runs(article)
    assert "开始对埃及进行正式访问" in runs  # opens on a verb: its subject is in the clause before…
    assert "国务院总理李强乘专机抵达开罗国际机场，开始对埃及进行正式访问" in runs  # …so the run from the start too (31 characters)
    assert all(len(run) <= 40 for run in runs)


def test_clause_runs_pass_over_noun_phrases_unless_nothing_else_is_left():
    assert clause_runs("湖北省嘉鱼县新街镇。当地蔬菜住进了温室大棚。") == ["当地蔬菜住进了温室大棚"]
    assert clause_runs("湖北省嘉鱼县新街镇。") == ["湖北省嘉鱼县新街镇"]


def test_a_stitched_summary_falls_back_to_the_lead_clause_and_a_clean_one_stays():
    article = "陕西省西安市周至县的猕猴桃产业链正在延伸，带动农户增收。"
    assert clause_fallback(article, "陕西安市猕猴桃产业链") == "陕西省西安市周至县的猕猴桃产业链正在延伸"  # 陕西 + [西]安市
    assert clause_fallback(article, "猕猴桃产业链正在延伸") == "猕猴桃产业链正在延伸"
    # a summary cut off before a verb gives way too, unless cut_offs=False
    cut = "猕猴桃产业链正在"  # … | 延伸
    assert clause_fallback(article, cut) == "陕西省西安市周至县的猕猴桃产业链正在延伸"
    assert clause_fallback(article, cut, cut_offs=False) == cut
    # …and so does one with a shape that cannot stand as a headline (a frame without the event), unless shapes=False
    framed = "受寒潮天气影响"
    rainy = "受寒潮天气影响，陕西省西安市周至县的猕猴桃产业链正在延伸。"
    assert clause_fallback(rainy, framed) == "受寒潮天气影响，陕西省西安市周至县的猕猴桃产业链正在延伸"  # the frame and its event
    assert clause_fallback(rainy, framed, shapes=False) == framed
    # …and so does one that joins spans of two sentences (a premier fused with the guest, against the article's order too)
    visit = "斯里兰卡总理阿马拉苏里亚访华。国务院总理李强在北京会见阿马拉苏里亚。"
    fused = "国务院总理阿马拉苏里亚访华"
    assert clause_fallback(visit, fused) == "斯里兰卡总理阿马拉苏里亚访华"
    assert clause_fallback(visit, fused, sentence_jumps=False, spans_in_order=False) == fused
    # a lower-cased Latin word (the tokenizer lower-cases) is written as the article writes it
    assert clause_fallback("我国居民消费价格指数CPI同比上涨0.7%。", "居民消费价格指数cpi同比上涨0.7%") == "居民消费价格指数CPI同比上涨0.7%"


def test_is_flagged_names_what_the_clause_fallback_replaces():
    article = "陕西省西安市周至县的猕猴桃产业链正在延伸，带动农户增收。"
    assert is_flagged(article, "陕西安市猕猴桃产业链") and is_flagged(article, "猕猴桃产业链正在")
    assert not is_flagged(article, "周至县猕猴桃产业链正在延伸")
    assert not is_flagged(article, "猕猴桃产业链正在", cut_offs=False)
    casualties = "以军在加沙地带多地的军事行动造成89人死亡。"
    assert is_flagged(casualties, "加沙地带多地的军事行动造成人死亡")  # garble.drops_number: 89 left out
    assert not is_flagged(casualties, "加沙地带多地的军事行动造成人死亡", numbers=False)
    greetings = "国家主席习近平同印度总统穆尔穆互致贺电，庆祝两国建交。"
    assert is_flagged(greetings, "习近平同印度总统穆互致贺电")  # garble.cuts_word: 穆尔穆 cut to 穆
    assert not is_flagged(greetings, "习近平同印度总统穆互致贺电", word_cuts=False)
    assert is_flagged(greetings, "尔穆互致贺电")  # garble.starts_inside_word: the tail of 穆尔穆
    assert not is_flagged(greetings, "尔穆互致贺电", word_cuts=False)
    visit = "丁薛祥应邀访问乌拉圭，在蒙得维的亚会见乌拉圭总统奥尔西，同副总统高斯举行会谈。"
    assert is_flagged(visit, "丁薛祥访问乌拉圭总统举行会谈")  # garble.skips_clause: 会见…，同副 left out
    assert not is_flagged(visit, "丁薛祥访问乌拉圭总统举行会谈", skipped_clauses=False)
    port = "2024年，宁波舟山港年货物吞吐量达13.77亿吨，同比增长4%。"
    assert is_flagged(port, "2024年货物吞吐量达13.77亿吨")  # garble.skips_named_clause: the port left out
    assert not is_flagged(port, "2024年货物吞吐量达13.77亿吨", skipped_clauses=False)
    assert is_flagged(visit, "俄罗斯国防部称，过去一天") and is_flagged(visit, "仪式暨")  # unfinished
    assert is_flagged(visit, "乌拉圭总统奥尔西同丁薛祥举行会谈")  # garble.breaks_order: 丁薛祥 comes first in the article
    assert not is_flagged(visit, "乌拉圭总统奥尔西同丁薛祥举行会谈", spans_in_order=False)
    plenum = "中国国民党革命委员会第十四届中央委员会第四次全体会议今天在北京开幕。"
    assert is_flagged(plenum, "中国国民党革命委员会第十四届北京开幕")  # garble.drops_preposition: 在 left out
    assert not is_flagged(plenum, "中国国民党革命委员会第十四届北京开幕", prepositions=False)
    lawsuit = "部分韩籍军人的遗属23日向韩国首尔中央地方法院提起诉讼。"
    assert is_flagged(lawsuit, "韩国首尔中央地方法院提起诉讼")  # garble.starts_after_preposition: 向 left out
    assert not is_flagged(lawsuit, "韩国首尔中央地方法院提起诉讼", prepositions=False)


@pytest.mark.parametrize("headline", [
    "湖北省嘉鱼县新街镇", "这个国庆中秋假期", "文旅产业高质量发展的内在逻辑", "中国共产党第二十届中央委员会第四次全体会议",
])
def test_a_name_place_time_or_modified_thing_alone_is_a_noun_phrase(headline):
    assert is_noun_phrase(headline)


@pytest.mark.parametrize("headline", [
    "习近平会见塞尔维亚总统",  # 会见: tagged a noun by jieba, a verb here (span_copy.is_verb)
    "第十五届全国运动会今天共产生27枚金牌",  # cut 共产 + 生, but 产生 is inside
    "纪念任建新同志诞辰100周年座谈会在京举行",  # 在京举行: one dictionary noun ending on a verb
    "我国外汇储备规模为32817亿美元",  # a copula before a number
    "秋粮作物苗情长势总体较好",  # an adjective as the predicate
])
def test_a_headline_with_an_event_is_not_a_noun_phrase(headline):
    assert not is_noun_phrase(headline)


def test_an_obituary_lead_gets_the_headline_printed_for_it():
    death = ("新华社北京12月21日电中国共产党的优秀党员，久经考验的忠诚的共产主义战士，第九届全国人民代表大会常务委员会副委员长、"
             "全国妇联主席彭珮云同志，因病于2025年12月21日在北京逝世，享年96岁。")
    assert obituary_headline(death) == "彭珮云同志逝世"
    cremation = "原副委员长热地同志的遗体，12日在北京八宝山革命公墓火化。热地同志因病于6月5日在北京逝世。"
    assert obituary_headline(cremation) == "热地同志遗体火化"
    assert obituary_headline("习近平致唁电，对坎代同志逝世表示深切哀悼。") is None  # the condolences are the event
    assert obituary_headline("彭珮云同志出席会议。") is None


QIUSHI = ("新华社北京6月30日电 7月1日出版的第13期《求是》杂志将发表中共中央总书记、国家主席、中央军委主席习近平的重要文章"
          "《团结奋斗是中国人民创造历史伟业的必由之路》。这是习近平总书记2016年10月至2025年4月期间有关重要论述的节录。")
BOOK = ("新华社北京9月21日电中共中央党史和文献研究院编辑的《习近平关于民政工作论述摘编》一书，近日由中央文献出版社出版，在全国发行。"
        "民政工作关系民生、连着民心。")


def test_a_publication_lead_gets_the_headline_printed_for_it():
    assert publication_headline(QIUSHI) == "《求是》杂志发表习近平总书记重要文章《团结奋斗是中国人民创造历史伟业的必由之路》"
    assert publication_headline(BOOK) == "《习近平关于民政工作论述摘编》出版发行"
    translated = ("中共中央党史和文献研究院翻译的《习近平关于中国式现代化论述摘编》一书西班牙文版，近日由中央编译出版社出版，"
                  "面向海内外发行。")
    assert publication_headline(translated) == "《习近平关于中国式现代化论述摘编》西班牙文版出版发行"
    assert publication_headline("项久雨撰著的《中国新贡献》一书，已由人民出版社出版。该书围绕…") == "《中国新贡献》出版"
    # the book the sentence names is the one before 一书, not one it names earlier
    revised = ("中央宣传部对2021年出版的《习近平法治思想学习纲要》进行修订，组织编写《习近平法治思想学习纲要（2025年版）》一书，"
               "近日由人民出版社出版，在全国发行。")
    assert publication_headline(revised) == "《习近平法治思想学习纲要（2025年版）》出版发行"
    volumes = "中共中央党史和文献研究院编辑的习近平同志《论坚持全面深化改革》第一卷、第二卷，近日由中央文献出版社出版，在全国发行。"
    assert publication_headline(volumes) == "习近平同志《论坚持全面深化改革》第一卷、第二卷出版发行"
    two_titles = ("中共中央党史和文献研究院翻译的《习近平关于妇女儿童和妇联工作论述摘编》《习近平关于注重家庭家教家风建设论述摘编》"
                  "英文版，近日由中央编译出版社出版，面向海内外发行。")
    assert publication_headline(two_titles).endswith("》英文版出版发行")
    aliased = "中央组织部组织编写了《课程体系和教学大纲》（简称《大纲》），近日已由中共中央党校出版社正式出版发行。"
    assert publication_headline(aliased) == "《课程体系和教学大纲》出版发行"
    # a speech printed alone: 单行本出版, as printed, even with 发行 after it
    offprint = ("新华社北京5月29日电 国家主席习近平《谱写构建中拉命运共同体新篇章——在中拉论坛第四届部长级会议开幕式的主旨讲话》"
                "单行本，已由人民出版社出版，即日起在全国新华书店发行。")
    assert publication_headline(offprint) == \
        "习近平《谱写构建中拉命运共同体新篇章——在中拉论坛第四届部长级会议开幕式的主旨讲话》单行本出版"
    assert publication_headline("习近平《在全国民族团结进步表彰大会上的讲话》单行本受到读者欢迎。") is None
    assert publication_headline("读者在书店翻阅《习近平关于民政工作论述摘编》。") is None
    assert publication_headline("根据《出版管理条例》，已由有关部门出版的图书…") is None
    assert publication_headline("《求是》杂志社举行座谈会。") is None


def test_the_fallback_gives_a_publication_lead_its_printed_headline_whatever_the_model_wrote():
    assert clause_fallback(BOOK, "《习近平关于民政工作论述摘编》") == "《习近平关于民政工作论述摘编》出版发行"
    assert clause_fallback(QIUSHI, "发表中共中央总书记重要文章《团结奋斗是中国人民创造历史伟业的必由之路》").startswith("《求是》杂志发表")


LETTER = ("回信 天津大学全体师生： 你们好！来信收悉。值此天津大学建校130周年之际，向全体师生员工、广大校友表示祝贺。"
          "希望你们坚持立德树人。 习近平 2025年9月30日 （新华社北京10月2日电） "
          "新华社北京10月2日电近日，中共中央总书记、国家主席、中央军委主席习近平给天津大学全体师生回信，"
          "在天津大学建校130周年之际，向全体师生员工、广大校友表示祝贺。")


def test_the_news_story_after_a_leader_s_letter_comes_first_and_nothing_is_lost():
    story = story_first(LETTER)
    assert story.startswith("新华社北京10月2日电近日，") and story.endswith("（新华社北京10月2日电）")
    assert sorted(story.replace("\n", "").replace(" ", "")) == sorted(LETTER.replace(" ", ""))
    assert story_first("回信 天津大学全体师生： 你们好！来信收悉。") == "回信 天津大学全体师生： 你们好！来信收悉。"  # no story
    assert story_first(BOOK) == BOOK
    assert clause_fallback(LETTER, "习近平给天津大学全体师生生") == "习近平给天津大学全体师生回信"  # the story's clause


def test_a_predicate_copied_without_its_subject_gets_the_subject_its_sentence_opened_on():
    visit = "新华社北京5月28日电国务院总理李强28日结束对印尼、马来西亚的访问，乘包机回到北京。"
    assert with_subject("乘包机回到北京", visit) == "李强乘包机回到北京"
    state_visit = "当地时间4月15日晚，国家主席习近平乘专机抵达吉隆坡，应马来西亚最高元首易卜拉欣邀请，对马来西亚进行国事访问。"
    assert with_subject("对马来西亚进行国事访问", state_visit) == "习近平对马来西亚进行国事访问"
    assert clause_fallback(visit, "乘包机回到北京") == "李强乘包机回到北京"
    # no subject for words said (the speaker did not do them), a directive, or a clause whose own subject comes later
    assert with_subject("要深入贯彻重要指示精神", "李强在江苏调研。他强调，要深入贯彻重要指示精神。") == "要深入贯彻重要指示精神"
    invited = "国务院新闻办邀请近30名外国记者走进青海，深入采访当地推动绿色发展。"
    assert with_subject("深入采访当地推动绿色发展", invited) == "深入采访当地推动绿色发展"
    # …nor one that is only a time, nor a predicate the summary already opens with its subject
    assert with_subject("是红军长征胜利纪念日", "今天是红军长征胜利纪念日。") == "是红军长征胜利纪念日"
    assert with_subject("李强乘包机回到北京", visit) == "李强乘包机回到北京"
    # …and the subject must fit: within max_chars
    assert with_subject("乘包机回到北京", visit, max_chars=8) == "乘包机回到北京"


def test_a_predicate_copied_from_inside_a_clause_gets_the_subject_that_opens_the_clause():
    traffic = "“十四五”期间，我国建成世界最大的综合立体交通网，运输服务水平大幅提升。"
    assert with_subject("建成世界最大的综合立体交通网", traffic) == "我国建成世界最大的综合立体交通网"
    # not when what opens the clause is more than its subject (…积极 is an adverb of the predicate)
    rain = "近日，我国多地出现降雨天气，各地各部门积极应对。"
    assert with_subject("应对", rain) == "应对"


def test_an_event_s_name_that_opens_on_a_verb_names_its_subject():
    assert has_inner_subject("学习贯彻党的二十届四中全会精神中央宣讲团成员在各地各部门宣讲")
    assert has_inner_subject("庆祝中国民主促进会成立80周年大会在京举行")
    assert has_inner_subject("修订后的《国家自然科学基金条例》施行")
    assert not has_inner_subject("推动水生态环境质量持续向好")
    assert not has_inner_subject("加力推出一批政策举措")
    assert names_its_subject("我国建成世界最大的综合立体交通网") and names_its_subject("庆祝中国民主促进会成立80周年大会在京举行")
    for predicate in ("建成世界最大的综合立体交通网", "要坚持把绿色低碳发展作为治本之策", "把黑土地用好养好", "扎实推进乡村全面振兴",
                      "对马来西亚进行国事访问"):
        assert not names_its_subject(predicate), predicate


@pytest.mark.parametrize("headline", ["此次复制推广的77条试点措施", "60位来自各个领域的优秀专家人才", "中国共产党的优秀党员"])
def test_a_head_noun_after_a_modifier_with_de_is_a_modified_noun_phrase(headline):
    assert is_modified_noun_phrase(headline)


@pytest.mark.parametrize("headline", ["加快建设各具特色的产业集群", "习近平出席庆祝大会的活动", "中蒙是山水相连的友好邻邦",
                                      "严格规范涉企行政检查", "此次复制推广的77条试点措施，涵盖7个方面"])
def test_a_predicate_with_de_in_its_object_is_no_modified_noun_phrase(headline):
    assert not is_modified_noun_phrase(headline)


def test_a_frame_of_zai_shi_is_unfinished():
    assert is_unfinished("习近平总书记在山西考察时")
    assert is_unfinished("贫困地区脱贫攻坚座谈会时")
    assert not is_unfinished("全年可发电约5.4亿千瓦时") and not is_unfinished("改革开放只有进行时没有完成时")
