"""Summary training and test pairs. Pure helpers always run; the ../shared/data checks skip without it."""

import json

import pytest

from zhnews.paths import SHARED_DATA_DIR
from zhnews.summary.config import SummaryConfig
from zhnews.summary.data import (body_without_headline, cap_repeated_summaries, lead_text, mix_sources, read_pairs_file,
                                 target_novelty)
from zhnews.summary.trainer import load_summary_splits

needs_shared_data = pytest.mark.skipif(not (SHARED_DATA_DIR / "lcsts" / "part3.jsonl.gz").exists()
                                       or not (SHARED_DATA_DIR / "xwlb" / "stories.jsonl.gz").exists(),
                                       reason="../shared/data is absent")


def test_lead_text_normalises_then_keeps_the_opening_characters():
    article = "第一段　ＡＢＣ１２３。\n\n第二段很长很长。"
    assert lead_text(article, 100) == "第一段 ABC123。\n第二段很长很长。"
    assert lead_text(article, 5) == "第一段 A"


def test_a_body_loses_a_first_line_that_repeats_the_headline():
    assert body_without_headline("会议在京举行", "会议在京举行\n会议于今天举行。") == "会议于今天举行。"
    assert body_without_headline("会议在京举行", "会议在京举行，代表出席。") == "会议在京举行，代表出席。"


def test_cap_repeated_summaries_keeps_the_earliest():
    rows = [{"id": i, "summary": s} for i, s in enumerate(["会议", "会议", "会议", "新闻"])]
    assert [r["id"] for r in cap_repeated_summaries(rows, 2)] == [0, 1, 3]
    assert cap_repeated_summaries(rows, None) == rows


def test_mix_sources_caps_and_weights():
    rows = {"a": [{"id": f"a{i}"} for i in range(10)], "b": [{"id": f"b{i}"} for i in range(4)]}
    mixed = mix_sources(rows, {"a": {"weight": 1, "cap": 6}, "b": {"weight": 1.5}}, seed=0)
    ids = [r["id"] for r in mixed]
    assert sum(i.startswith("a") for i in ids) == 6 and len(set(i for i in ids if i.startswith("a"))) == 6
    b_ids = [i for i in ids if i.startswith("b")]
    assert len(b_ids) == 6 and set(b_ids) == {"b0", "b1", "b2", "b3"}  # all once, half of them again
    assert mix_sources(rows, {"a": {"weight": 1, "cap": 6}, "b": {"weight": 1.5}}, seed=0) == mixed


def test_target_novelty_counts_summary_characters_the_model_cannot_read():
    row = {"text": "国务院总理李强会见希腊副总理。其余正文。", "summary": "李强会见希腊客人"}
    assert target_novelty(row, 100) == pytest.approx(2 / 8)  # 客, 人
    assert target_novelty(row, 9) == pytest.approx(4 / 8)  # the model reads 国务院总理李强会见 only


def test_max_target_novelty_keeps_only_copyable_training_pairs(tmp_path):
    pairs = [{"text": "李强会见希腊副总理。", "summary": "李强会见希腊副总理"},
             {"text": "李强会见希腊副总理。", "summary": "总理会见外宾"}]
    for name in ("train.jsonl", "dev.jsonl"):
        (tmp_path / name).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs))
    config = SummaryConfig(output_dir=str(tmp_path / "run"), train_file=str(tmp_path / "train.jsonl"),
                           dev_file=str(tmp_path / "dev.jsonl"), max_target_novelty=0.2)
    splits = load_summary_splits(config)
    assert list(splits["train"]["summary"]) == ["李强会见希腊副总理"] and len(splits["dev"]) == 2  # dev untouched
    with pytest.raises(ValueError, match="max_target_novelty"):
        SummaryConfig(output_dir=str(tmp_path / "run"), max_target_novelty=1.5)


def test_read_pairs_file_normalises_and_names_a_bad_line(tmp_path):
    good = tmp_path / "pairs.jsonl"
    good.write_text(json.dumps({"text": "新闻　正文", "summary": "标题\n续"}, ensure_ascii=False) + "\n")
    assert read_pairs_file(good, "mine") == [{"id": "mine-1", "text": "新闻正文", "summary": "标题 续",
                                              "source": "mine"}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "正文"}\n{"text": "正文", "summary": null}\n')
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        read_pairs_file(bad, "mine")


@needs_shared_data
def test_lcsts_test_set_is_the_standard_725_pairs():
    from zhnews.summary.data import lcsts_test_pairs

    pairs = lcsts_test_pairs()
    assert len(pairs) == 725
    assert all(p["text"] and p["summary"] for p in pairs)


@needs_shared_data
def test_lcsts_training_pairs_exclude_part3_and_the_clge_test_split():
    from zhnews.corpus import read_jsonl_gz
    from zhnews.summary.data import lcsts_train_pairs
    from zhnews.text import normalize_text

    part3 = {normalize_text(r["text"]) for r in read_jsonl_gz(SHARED_DATA_DIR / "lcsts" / "part3.jsonl.gz")}
    train = lcsts_train_pairs()
    assert 9000 < len(train) < 9666  # part 2 minus CLGE's 1,000 test pairs minus PART_III overlaps
    assert not part3 & {p["text"] for p in train}


@needs_shared_data
def test_xwlb_pairs_split_by_date_and_keep_the_headline_out_of_the_input():
    from zhnews.summary.data import xwlb_pairs

    pairs = xwlb_pairs()
    dates = {split: {p["id"].split("-")[1] for p in rows} for split, rows in pairs.items()}
    assert max(dates["train"]) <= "20250630" < min(dates["dev"]) and max(dates["dev"]) <= "20251231"
    assert len(pairs["dev"]) > 1500
    assert not any(p["text"].split("\n")[0] == p["summary"] for rows in pairs.values() for p in rows)


def test_rmrb_headline_drops_a_trailing_column_tag_only():
    from zhnews.summary.data import rmrb_headline

    assert rmrb_headline("文化赋能，乡村旅游谋“长红”（发展各具特色的县域经济）") == "文化赋能，乡村旅游谋“长红”"
    assert rmrb_headline("把受灾群众的需要想在前头（今日谈）") == "把受灾群众的需要想在前头"
    assert rmrb_headline("《实施弹性退休制度暂行办法》发布") == "《实施弹性退休制度暂行办法》发布"
    assert rmrb_headline("（今日谈）") == "（今日谈）"  # nothing else to keep


@pytest.mark.skipif(not (SHARED_DATA_DIR / "rmrb_archive" / "articles.jsonl.gz").exists(),
                    reason="../shared/data is absent")
def test_rmrb_pairs_train_on_2019_2020_and_keep_2025_as_newspaper_dev():
    from zhnews.summary.data import rmrb_pairs

    pairs = rmrb_pairs()
    years = {split: {p["id"].split("-")[1][:4] for p in rows} for split, rows in pairs.items()}
    assert years == {"train": {"2019", "2020"}, "dev": {"2025"}}
    assert len(pairs["train"]) == 8751 and len(pairs["dev"]) == 1387  # every `article`, no caption
    assert all(p["source"] == "rmrb" and p["text"] and p["summary"] for rows in pairs.values() for p in rows)
