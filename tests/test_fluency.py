"""The fluency estimate learned from blind ratings (zhnews/summary/fluency.py, training/run_fluency_scorer.py) and
the clause fallback it can steer (zhnews.summary.fallback.fluency_fallback)."""

import json
import math
import sys
from pathlib import Path

import pytest

from zhnews.model_location import ModelNotFoundError
from zhnews.summary.fallback import clause_fallback, fluency_fallback, lacks_subject
from zhnews.summary.fluency import SCORER_FILE, FluencyScorer, follows_verb, headline_features, precedes_predicate
from zhnews.summary.rating import PRINTED, rated_headlines, write_key, write_sheet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import run_fluency_scorer  # noqa: E402

ARTICLE = "国务院总理李强在北京会见斯里兰卡总理阿马拉苏里亚，双方就深化合作交换意见。"


def test_features_say_how_the_headline_reads_and_how_it_is_copied():
    fragment = headline_features("在北京会见斯里兰卡", ARTICLE)
    assert {"first_pos=p", "first_word=在", "spans=1", "char=在", "char=在北"} <= fragment
    assert "ending=next_n" in fragment  # 斯里兰卡 | 总理: stops before a noun of the article
    whole = headline_features("李强会见斯里兰卡总理阿马拉苏里亚", ARTICLE)
    assert {"spans=2", "ending=clause_end"} <= whole and "no_verb" not in whole and "garbled" not in whole
    assert "no_verb" in headline_features("斯里兰卡总理", ARTICLE)
    # and pairs of them, which weigh differently together than apart (two spans are fine when they end a clause)
    assert {"first_last_pos=p_nrt", "spans_ending=1_next_n", "spans_length=1_1"} <= fragment
    assert {"spans_ending=2_clause_end", "spans_length=2_3"} <= whole


def test_features_say_where_a_copied_stretch_sits_in_the_lead():
    lead = "商务部新闻发言人今天介绍了中美吉隆坡经贸磋商情况。双方同意加强合作，推动经贸关系发展。"
    whole = headline_features("商务部新闻发言人今天介绍了中美吉隆坡经贸磋商情况", lead)
    assert {"start=sentence", "end=sentence"} <= whole and not any(f.startswith("before=") for f in whole)
    # the object of 介绍了, which the headline left out
    assert {"start=mid", "end=sentence", "before=verb", "before=verb_end=n"} <= headline_features(
        "中美吉隆坡经贸磋商情况", lead)
    assert {"start=sentence", "end=clause"} <= headline_features("双方同意加强合作", lead)
    assert {"end=mid", "start=sentence_end=mid"} <= headline_features("双方同意", lead)
    # stitched from two stretches: no placement
    assert not any(f.startswith(("start=", "end=", "before=")) for f in headline_features("商务部介绍磋商情况", lead))
    assert "noun_phrase" in headline_features("湖北省嘉鱼县新街镇", "湖北省嘉鱼县新街镇，蔬菜进了大棚。")
    # a clause that opens on an adverb, its subject in the clause before; and one right after a speech verb
    said = "李强表示，要加强合作。中国经济持续回升，不断为世界注入动力。"
    assert {"start=clause", "start=clause_first=d"} <= headline_features("不断为世界注入动力", said)
    assert {"start=clause_first=v", "after=speech"} <= headline_features("要加强合作", said)


def test_the_estimate_is_a_logistic_regression_over_those_features(tmp_path):
    scorer = FluencyScorer(intercept=0.5, weights={"first_word=在": -2.0, "char=会": 0.25})
    (estimate,) = scorer.score(["在北京会见斯里兰卡"], [ARTICLE])
    assert estimate == pytest.approx(1 / (1 + math.exp(-(0.5 - 2.0 + 0.25))))
    scorer.save_pretrained(tmp_path)
    assert FluencyScorer.from_pretrained(tmp_path).score(["在北京会见斯里兰卡"], [ARTICLE]) == [estimate]
    payload = json.loads((tmp_path / SCORER_FILE).read_text(encoding="utf-8"))
    payload["features_version"] = 0  # fit on other features: refuse rather than score wrongly
    (tmp_path / SCORER_FILE).write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ValueError, match="refit"):
        FluencyScorer.from_pretrained(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="run_fluency_scorer"):
        FluencyScorer.from_pretrained(tmp_path / "empty")
    with pytest.raises(ModelNotFoundError, match="no folder"):
        FluencyScorer.from_pretrained(tmp_path / "missing")


class FixedEstimates:
    """A scorer stand-in with an estimate per headline (0.5 for any other)."""

    def __init__(self, estimates: dict[str, float]):
        self.estimates = estimates

    def score(self, headlines, articles):
        return [self.estimates.get(headline, 0.5) for headline in headlines]


def test_fluency_fallback_replaces_a_summary_estimated_below_the_floor_with_a_likely_fluent_clause():
    article = "陕西省西安市周至县的猕猴桃产业链正在延伸，带动农户增收。"
    clause = "陕西省西安市周至县的猕猴桃产业链正在延伸"
    summary = "周至县猕猴桃产业链正在延伸"  # not flagged
    scorer = FixedEstimates({summary: 0.1, clause: 0.9, "带动农户增收": 0.2})
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.3, clause_floor=0.6) == clause
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.05, clause_floor=0.6) == summary  # above the floor
    # no clause estimated at least clause_floor: the one estimated highest still replaces a summary below the floor
    # when it is estimated BEST_RUN_MARGIN higher; else the summary stays…
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.3, clause_floor=0.95) == clause
    close = FixedEstimates({summary: 0.85, clause: 0.9})
    assert fluency_fallback(article, summary, close, fluency_floor=0.9, clause_floor=0.95) == summary
    # …and a flagged one gets the guided clause, as clause_fallback gives it, unless a run is estimated that much higher
    stitched = "陕西安市猕猴桃产业链"
    guided = clause_fallback(article, stitched)
    assert fluency_fallback(article, stitched, FixedEstimates({guided: 0.85}), 0.3, 0.95) == guided
    whole = "陕西省西安市周至县的猕猴桃产业链正在延伸，带动农户增收"
    assert fluency_fallback(article, stitched, FixedEstimates({guided: 0.3, whole: 0.9}), 0.3, 0.95) == whole
    # a flagged summary takes the likely-fluent clause most like it, even when it scores itself higher
    assert fluency_fallback(article, stitched, FixedEstimates({stitched: 0.99, clause: 0.7}), 0.3, 0.6) == clause



def test_among_clauses_alike_the_replacement_is_the_one_estimated_more_fluent():
    article = "湖北嘉鱼县发展设施农业，不少蔬菜住进了温室大棚，农户收入明显增加。"
    summary = "嘉鱼县蔬菜住进温室大棚农户增收"  # stitched: flagged
    most_alike = "不少蔬菜住进了温室大棚，农户收入明显增加"  # char LCS F1 0.629 with the summary
    nearly = "不少蔬菜住进了温室大棚"  # 0.615
    assert fluency_fallback(article, summary, FixedEstimates({most_alike: 0.7, nearly: 0.7}), 0.3, 0.6) == most_alike
    # a little less alike, much more likely fluent: 0.615 + 0.5 × 0.9 > 0.629 + 0.5 × 0.7
    assert fluency_fallback(article, summary, FixedEstimates({most_alike: 0.7, nearly: 0.9}), 0.3, 0.6) == nearly


def test_a_summary_gives_way_to_a_lead_clause_run_that_completes_it_when_that_reads_much_better():
    article = "福建厦门港海润码头，53台巨型“充电宝”乘船驶往海外。公司今年已出口2500多台。"
    summary = "福建厦门港海润码头"  # not flagged, above the floor
    completed = "福建厦门港海润码头，53台巨型“充电宝”乘船驶往海外"
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.62, completed: 0.94}), 0.55, 0.6) == completed
    # estimated less than COMPLETION_GAIN (0.2) higher: the summary stays
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.62, completed: 0.75}), 0.55, 0.6) == summary
    # nor is a completion longer than the summary may be (the summariser's max_length)
    scorer = FixedEstimates({summary: 0.62, completed: 0.94})
    assert fluency_fallback(article, summary, scorer, 0.55, 0.6, max_chars=len(completed) - 1) == summary


def test_the_object_of_a_verb_it_left_out_gives_way_to_the_run_holding_its_verb_even_when_estimated_a_little_lower():
    article = "国家医保局近日发布《2024年全国医疗保障事业发展统计公报》。全国基本医保参保人数达13.27亿人，参保率稳定在95%。"
    summary = "2024年全国医疗保障事业发展统计公报"  # right after 发布: the object alone
    with_its_verb = "国家医保局近日发布《2024年全国医疗保障事业发展统计公报》"
    assert follows_verb(summary, article) and not follows_verb("全国基本医保参保人数达13.27亿人", article)
    # …and shortened, as every choice is: without 近日
    assert (fluency_fallback(article, summary, FixedEstimates({summary: 0.8, with_its_verb: 0.7}), 0.55, 0.6)
            == "国家医保局发布《2024年全国医疗保障事业发展统计公报》")
    # estimated more than -OBJECT_COMPLETION_GAIN (0.2) lower: the summary stays
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.9, with_its_verb: 0.65}), 0.55, 0.6) == summary
    # a run still without a subject (…是, with the year as its subject) needs the usual COMPLETION_GAIN
    article = "今年是西藏自治区成立60周年。拉萨河畔绿意盎然，市民在河边散步。"
    summary, year_is = "西藏自治区成立60周年", "今年是西藏自治区成立60周年"
    assert follows_verb(summary, article)
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.7, year_is: 0.75}), 0.55, 0.6) == summary
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.7, year_is: 0.95}), 0.55, 0.6) == year_is


def test_the_subject_of_a_predicate_it_left_out_gives_way_to_the_run_holding_its_predicate():
    article = "香港特别行政区第八届立法会选举结果于今天清晨揭晓，90名立法会议员全部产生。此次选举共有161名候选人。"
    summary = "香港特别行政区第八届立法会选举结果"  # right before 于今天清晨揭晓: the subject alone
    with_its_predicate = "香港特别行政区第八届立法会选举结果于今天清晨揭晓"
    assert precedes_predicate(summary, article) and not precedes_predicate(with_its_predicate, article)
    scorer = FixedEstimates({summary: 0.7, with_its_predicate: 0.8})  # only 0.1 higher
    assert fluency_fallback(article, summary, scorer, 0.55, 0.6) == with_its_predicate


def test_with_no_short_clause_likely_fluent_a_longer_one_replaces_the_summary():
    article = ("赵乐际同俄罗斯国家杜马主席沃洛金共同主持中俄议会合作委员会第十次会议。"
               "赵乐际说，在习近平主席和普京总统的战略引领下，中俄关系不断发展。")
    summary = "中俄关系不断发展"
    longer = "赵乐际同俄罗斯国家杜马主席沃洛金共同主持中俄议会合作委员会第十次会议"  # 34 characters
    scorer = FixedEstimates({longer: 0.9})  # the summary and the short runs: 0.5, below both floors
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.55, clause_floor=0.6) == longer
    assert fluency_fallback(article, summary, scorer, 0.55, 0.6, max_chars=30) == summary


def test_with_no_run_of_40_characters_likely_fluent_the_longest_with_a_subject_replaces_a_bare_frame():
    article = "当地时间5月7日，由中国中央广播电视总台制作的《平“语”近人——习近平喜欢的典故》（国际版）启播仪式在莫斯科举行。"
    frame = "当地时间5月7日"
    event = "由中国中央广播电视总台制作的《平“语”近人——习近平喜欢的典故》（国际版）启播仪式在莫斯科举行"  # 47 characters
    scorer = FixedEstimates({frame: 0.07, event: 0.87})
    assert fluency_fallback(article, frame, scorer, fluency_floor=0.75, clause_floor=0.8) == event
    assert fluency_fallback(article, frame, scorer, 0.75, 0.8, max_chars=40) != event  # max_length still caps it
    # a longest run without its subject is no replacement, however high its estimate (lacks_subject)
    article = ("此次复制推广的77条试点措施，涵盖服务贸易、货物贸易、数字贸易、知识产权保护、政府采购改革、"
               "“边境后”管理制度改革、风险防控等7个方面。")
    summary = "此次复制推广的77条试点措施"
    predicate = "涵盖服务贸易、货物贸易、数字贸易、知识产权保护、政府采购改革、“边境后”管理制度改革、风险防控等7个方面"
    assert lacks_subject(predicate) and lacks_subject("要在提高认识等方面进一步落实到位") and not lacks_subject(event)
    assert not lacks_subject("以军袭击加沙地带北部多地")  # jieba's dictionary tags the name 以军 as a verb
    assert fluency_fallback(article, summary, FixedEstimates({predicate: 0.92}), 0.75, 0.8) == summary


def test_a_predicate_without_its_subject_gives_way_to_a_likely_fluent_run_that_names_one():
    article = ("“十四五”期间，我国深入打好碧水保卫战，中央财政累计下达水污染防治资金1245亿元，推动水生态环境质量持续向好。"
               "今年全国地表水水质优良断面比例为88.9%。")
    summary = "推动水生态环境质量持续向好"  # the sentence names two subjects: with_subject cannot tell which
    named = "我国深入打好碧水保卫战"
    scorer = FixedEstimates({summary: 0.97, named: 0.85})  # estimated lower than the slogan, but at the clause floor
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.75, clause_floor=0.8) == named
    assert fluency_fallback(article, summary, scorer, 0.75, 0.8, subjects=False) == summary
    # with no run naming its subject at the clause floor the predicate stays
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.97}), 0.75, 0.8) == summary
    # …and a predicate whose clause opens on its subject gets that subject instead (headline_shape.with_subject)
    traffic = "“十四五”期间，我国建成世界最大的综合立体交通网，运输服务水平大幅提升。"
    predicate = "建成世界最大的综合立体交通网"
    assert (fluency_fallback(traffic, predicate, FixedEstimates({predicate: 0.97}), 0.75, 0.8)
            == "我国建成世界最大的综合立体交通网")


def test_among_likely_fluent_replacements_one_that_names_its_subject_comes_first():
    article = "记者从交通运输部了解到，预计全社会跨区域人员流动量超2.99亿人次。铁路客流持续增长。"
    summary = "交通运输部流动量超2.99亿人次"  # stitched: flagged
    predicate = "预计全社会跨区域人员流动量超2.99亿人次"
    named = "铁路客流持续增长"
    scorer = FixedEstimates({predicate: 0.9, named: 0.85})
    assert fluency_fallback(article, summary, scorer, 0.75, 0.8) == named
    assert fluency_fallback(article, summary, scorer, 0.75, 0.8, subjects=False) == predicate


def test_a_noun_phrase_gives_way_to_a_clause_that_tells_the_event():
    article = "湖北省嘉鱼县新街镇，不少蔬菜“住”进了温室大棚。当地发展设施农业。"
    summary = "湖北省嘉鱼县新街镇"  # not flagged, and estimated above the floor
    clause = "湖北省嘉鱼县新街镇，不少蔬菜“住”进了温室大棚"
    scorer = FixedEstimates({summary: 0.5, clause: 0.65})  # less than COMPLETION_GAIN higher
    assert fluency_fallback(article, summary, scorer, fluency_floor=0.3, clause_floor=0.6) == clause
    assert fluency_fallback(article, summary, scorer, 0.3, 0.6, noun_phrases=False) == summary
    # a clause estimated no higher than the noun phrase does not replace it
    assert fluency_fallback(article, summary, FixedEstimates({summary: 0.9, clause: 0.8}), 0.3, 0.6) == summary


def write_rating(folder: Path, rated: list[tuple[str, str, str]], printed: str) -> None:
    """A filled rating folder: (article id, headline, fluent y/n) per item; the `printed` headline is marked as the
    printed one, the others as a model's."""
    key, sheet = [], []
    for number, (article, headline, fluent) in enumerate(rated, 1):
        system = PRINTED if headline == printed else "model"
        key.append({"item": f"r{number:04d}", "set": "dev", "id": article, "system": system, "systems": [system],
                    "headline": headline, "stitched": False, "doubled": False})
        sheet.append({"item": f"r{number:04d}", "set": "dev", "lead": ARTICLE, "headline": headline,
                      "fluent": fluent, "faithful": "y", "informative": fluent})
    folder.mkdir(parents=True)
    write_key(key, folder / "rating_key.jsonl")
    write_sheet(sheet, folder / "rating_sheet_rated.tsv")


def test_fit_on_ratings_ranks_the_kind_of_headline_raters_called_fluent_first(tmp_path):
    fluent = ["李强会见斯里兰卡总理", "李强会见阿马拉苏里亚", "国务院总理李强会见斯里兰卡总理", "李强在北京会见斯里兰卡总理"]
    fragments = ["在北京会见斯里兰卡", "在北京", "在北京会见", "在北京会见斯里兰卡总理阿马"]  # a frame without the act
    rated = [(f"a{i}", headline, "y") for i, headline in enumerate(fluent * 5)]
    rated += [(f"a{i}", headline, "n") for i, headline in enumerate(fragments * 5)]
    write_rating(tmp_path / "ratings" / "rating-one", rated[::2], printed=fluent[0])
    write_rating(tmp_path / "ratings" / "rating-two", rated[1::2], printed=fluent[0])
    (tmp_path / "ratings" / "rating-unfilled").mkdir()  # a kit still out with its raters: skipped
    assert len(rated_headlines(sorted((tmp_path / "ratings").iterdir()))) == 40
    config = tmp_path / "fluency.yaml"
    config.write_text(f"output_dir: {tmp_path / 'scorer'}\nrating_dirs: ['{tmp_path / 'ratings'}/rating*']\nfolds: 2\n",
                      encoding="utf-8")
    metrics = run_fluency_scorer.main([str(config)])
    assert metrics["rated_headlines"] == 40 and metrics["articles"] == 20 and metrics["machine_written"] == 35
    assert metrics["held_out_auc"] > 0.9 and metrics["held_out_auc_machine_written"] > 0.9
    scorer = FluencyScorer.from_pretrained(tmp_path / "scorer")
    high, low = scorer.score(["国务院总理李强会见阿马拉苏里亚", "在北京会见斯里兰卡总理"], [ARTICLE, ARTICLE])
    assert high > 0.5 > low
    for name in ("README.md", "metrics.json", "run_config.yaml", SCORER_FILE):
        assert (tmp_path / "scorer" / name).is_file()


def test_the_config_refuses_settings_that_cannot_fit():
    with pytest.raises(ValueError, match="regularization"):
        run_fluency_scorer.FluencyScorerConfig(output_dir="x", regularization=0)
    with pytest.raises(ValueError, match="folds"):
        run_fluency_scorer.FluencyScorerConfig(output_dir="x", folds=1)
