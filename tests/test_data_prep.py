"""Data preparation from ../shared/data; skipped where the shared data is absent."""

import pytest

from zhnews.paths import SHARED_DATA_DIR

pytestmark = pytest.mark.skipif(not (SHARED_DATA_DIR / "xwlb" / "stories.jsonl.gz").exists(),
                                reason="../shared/data is not on this machine")


def test_xwlb_splits_by_date_and_every_story_is_labelled():
    from zhnews.topic_data import xwlb_topic_rows

    rows = xwlb_topic_rows()
    train_dates = {r["id"].split("-")[1] for r in rows["train"]}
    dev_dates = {r["id"].split("-")[1] for r in rows["dev"]}
    assert max(train_dates) <= "20250630" and min(dev_dates) >= "20250701" and max(dev_dates) <= "20251231"
    assert not train_dates & dev_dates
    assert len(rows["train"]) + len(rows["dev"]) == 13200


def test_mapped_ood_set_uses_the_config_mapping():
    from zhnews.labels import LABEL2ID
    from zhnews.topic_data import mapped_rows

    rows = mapped_rows("thucnews")
    assert 500 < len(rows) < 1000  # four ambiguous Sina categories are left out
    assert {r["label"] for r in rows} == {LABEL2ID[l] for l in ("culture", "industry", "public_service", "other")}


def test_pretraining_text_excludes_the_test_periods():
    from zhnews.mlm_data import TEXT_SOURCES, iter_pretraining_texts

    assert "thucnews" not in TEXT_SOURCES
    xwlb = list(iter_pretraining_texts([{"name": "xwlb", "max_chars": 50}], SHARED_DATA_DIR))
    assert 11000 < len(xwlb) < 11200 and all(len(t) <= 50 for t in xwlb)
