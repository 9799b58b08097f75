"""The blind-rating kit (zhnews/summary/rating.py): a shuffled sheet without the key, and scores against the key."""

import csv
import sys
from pathlib import Path

import pytest

from zhnews.summary.rating import (QUESTIONS, RatingKitSpec, build_rating_kit, read_key, read_ratings, score_ratings,
                           write_key, write_sheet)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from score_ratings import paired_answers, sign_test  # noqa: E402

PREDICTIONS = {
    "newspaper_dev": [
        {"id": "pd-1", "text": "陕西省西安市周至县的猕猴桃产业链正在延伸。", "reference": "猕猴桃产业链延伸",
         "model": "陕西安市猕猴桃"},
        {"id": "pd-2", "text": "国网宁波供电公司组建技术特攻队，保障企业用电。", "reference": "宁波保障企业用电",
         "model": "宁波组建技术特攻队"},
        {"id": "pd-3", "text": "第三篇不会上表。", "reference": "第三篇", "model": "第三篇"},
    ],
}


@pytest.fixture()
def kit(tmp_path):
    sheet, key = build_rating_kit(PREDICTIONS, RatingKitSpec(systems=("model",), items_per_set=2))
    write_sheet(sheet, tmp_path / "sheet.tsv")
    write_key(key, tmp_path / "key.jsonl")
    return tmp_path, sheet, key


def fill(path, answers: dict[str, str]) -> None:
    """The rater's work: the same sheet with y/n in every question column."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        row.update({q: answers[row["headline"]] for q in QUESTIONS})
    write_sheet(rows, path)


def test_the_sheet_hides_the_system_and_the_key_keeps_it(kit):
    folder, sheet, key = kit
    assert len(sheet) == 4  # first 2 pairs x (model + printed); pd-3 is not on the sheet
    assert all(set(row) == {"item", "set", "lead", "headline", *QUESTIONS} for row in sheet)
    assert {k["system"] for k in key} == {"model", "printed"}
    assert [k["item"] for k in key] == [row["item"] for row in sheet]
    flagged = {k["headline"]: k["stitched"] for k in key}
    assert flagged["陕西安市猕猴桃"] and not flagged["宁波组建技术特攻队"]
    again, _ = build_rating_kit(PREDICTIONS, RatingKitSpec(systems=("model",), items_per_set=2))
    assert again == sheet  # the seed fixes the order


def test_scores_per_system_with_agreement_to_the_garble_flags(kit):
    folder, _, _ = kit
    fill(folder / "sheet.tsv", {"陕西安市猕猴桃": "n", "宁波组建技术特攻队": "y", "猕猴桃产业链延伸": "y",
                                "宁波保障企业用电": "是"})
    key = read_key(folder / "key.jsonl")
    report = score_ratings(read_ratings(folder / "sheet.tsv", key), key)["newspaper_dev"]
    assert report["model"]["fluent"] == 0.5 and report["printed"]["fluent"] == 1.0
    assert report["model"]["garbled_flagged"] == 0.5
    assert report["model"]["flagged_rated_not_fluent"] == 1.0 and report["model"]["unflagged_rated_fluent"] == 1.0


def test_a_missing_item_is_counted_and_a_bad_answer_names_its_line(kit):
    folder, sheet, _ = kit
    key = read_key(folder / "key.jsonl")
    write_sheet([{**sheet[0], "fluent": "y", "faithful": "y", "informative": ""}], folder / "partial.tsv")
    report = score_ratings(read_ratings(folder / "partial.tsv", key), key)
    system = next(s for s in report["newspaper_dev"].values() if s["not_in_ratings"] == 1)
    assert system["informative_unanswered"] == 1
    write_sheet([{**sheet[0], "fluent": "maybe"}], folder / "bad.tsv")
    with pytest.raises(ValueError, match=r"bad.tsv:2 fluent"):
        read_ratings(folder / "bad.tsv", key)


def test_spec_rejects_rating_nothing():
    with pytest.raises(ValueError, match="systems"):
        RatingKitSpec(systems=())


def test_two_systems_with_the_same_headline_share_one_item_and_both_get_its_rating(tmp_path):
    predictions = {"newspaper_dev": [{**row, "clause": row["model"] if row["id"] == "pd-2" else "猕猴桃产业链正在延伸"}
                                     for row in PREDICTIONS["newspaper_dev"][:2]]}
    sheet, key = build_rating_kit(predictions, RatingKitSpec(systems=("model", "clause"), items_per_set=2))
    assert len(sheet) == 5  # pd-1: printed, model, clause; pd-2: printed, model = clause
    assert {tuple(k["systems"]) for k in key if k["headline"] == "宁波组建技术特攻队"} == {("model", "clause")}
    write_sheet(sheet, tmp_path / "sheet.tsv")
    write_key(key, tmp_path / "key.jsonl")
    fill(tmp_path / "sheet.tsv", {"陕西安市猕猴桃": "n", "宁波组建技术特攻队": "y", "猕猴桃产业链正在延伸": "y",
                                  "猕猴桃产业链延伸": "y", "宁波保障企业用电": "y"})
    key = read_key(tmp_path / "key.jsonl")
    report = score_ratings(read_ratings(tmp_path / "sheet.tsv", key), key)["newspaper_dev"]
    assert report["model"]["n"] == report["clause"]["n"] == 2
    assert report["model"]["fluent"] == 0.5 and report["clause"]["fluent"] == 1.0


def test_a_paired_rating_counts_the_articles_where_only_one_system_was_rated_yes(tmp_path):
    predictions = {"newspaper_dev": [{**row, "clause": row["model"] if row["id"] == "pd-2" else "猕猴桃产业链正在延伸"}
                                     for row in PREDICTIONS["newspaper_dev"][:2]]}
    sheet, key = build_rating_kit(predictions, RatingKitSpec(systems=("model", "clause"), items_per_set=2))
    write_sheet(sheet, tmp_path / "sheet.tsv")
    write_key(key, tmp_path / "key.jsonl")
    fill(tmp_path / "sheet.tsv", {"陕西安市猕猴桃": "n", "宁波组建技术特攻队": "y", "猕猴桃产业链正在延伸": "y",
                                  "猕猴桃产业链延伸": "y", "宁波保障企业用电": "y"})
    key = read_key(tmp_path / "key.jsonl")
    # pd-1: only the clause fluent; pd-2: one shared headline, never a difference
    ratings = read_ratings(tmp_path / "sheet.tsv", key)
    assert paired_answers(ratings, key, "clause", "model") == {"newspaper_dev": (1, 0)}
    ratings = {item: {**answers, "informative": False} for item, answers in ratings.items()}  # no headline informative
    assert paired_answers(ratings, key, "clause", "model", question="informative") == {}
    assert sign_test(26, 12) == pytest.approx(0.0336, abs=1e-4) and sign_test(0, 0) == 1.0 and sign_test(3, 3) == 1.0


def test_skip_starts_the_sheet_after_the_first_pairs():
    sheet, key = build_rating_kit(PREDICTIONS, RatingKitSpec(systems=("model",), items_per_set=2, skip=2))
    assert {k["id"] for k in key} == {"pd-3"} and len(sheet) == 2  # pd-3's model output equals its headline
    with pytest.raises(ValueError, match="skip"):
        RatingKitSpec(systems=("model",), skip=-1)


def test_articles_an_earlier_rating_showed_can_be_left_out():
    spec = RatingKitSpec(systems=("model",), items_per_set=2, exclude_ids=frozenset({"pd-1"}))
    sheet, key = build_rating_kit(PREDICTIONS, spec)
    assert sorted({entry["id"] for entry in key}) == ["pd-2", "pd-3"]  # pd-3 moves up into the two


def test_a_seeded_sample_draws_pairs_from_the_whole_set_in_file_order():
    predictions = {"newspaper_dev": [{"id": f"pd-{n}", "text": f"第{n}篇文章。", "reference": f"第{n}篇", "model": f"文章{n}"}
                                     for n in range(50)]}
    spec = RatingKitSpec(systems=("model",), items_per_set=5, sample_seed=1)
    ids = [k["id"] for k in build_rating_kit(predictions, spec)[1] if k["system"] == "model"]
    assert len(set(ids)) == 5 and set(ids) != {f"pd-{n}" for n in range(5)}  # not the first five
    assert build_rating_kit(predictions, spec) == build_rating_kit(predictions, spec)  # the seed fixes the draw
    other = RatingKitSpec(systems=("model",), items_per_set=5, sample_seed=2)
    assert {k["id"] for k in build_rating_kit(predictions, other)[1]} != set(ids)


def test_changed_only_rates_just_the_pairs_whose_systems_differ():
    predictions = {"newspaper_dev": [{**row, "clause": "猕猴桃产业链延伸" if row["id"] == "pd-1" else row["model"]}
                                     for row in PREDICTIONS["newspaper_dev"]]}
    sheet, key = build_rating_kit(predictions, RatingKitSpec(systems=("model", "clause"), changed_only=True))
    assert {k["id"] for k in key} == {"pd-1"} and len(sheet) == 3  # printed, model, clause
    with pytest.raises(ValueError, match="two"):
        RatingKitSpec(systems=("model",), changed_only=True)
