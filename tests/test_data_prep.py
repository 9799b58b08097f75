"""Data preparation from ../shared/data; skipped where the shared data is absent."""

import pytest

from zhnews.paths import SHARED_DATA_DIR

pytestmark = pytest.mark.skipif(not (SHARED_DATA_DIR / "xwlb" / "stories.jsonl.gz").exists(),
                                reason="../shared/data is not on this machine")


def test_topic_training_ends_before_every_dev_date():
    from zhnews.topic.data import build_topic_splits

    splits = build_topic_splits(ood_source=None)
    dates = {split: {r.split("-")[1].replace("-", "") for r in splits[split]["id"]} for split in splits}
    assert max(dates["train"]) <= "20241231"
    assert min(dates["dev"]) >= "20250701" and max(dates["dev"]) <= "20251231"
    assert min(dates["newspaper_dev"]) >= "20250101"
    assert set(splits["train"]["source"]) == {"xwlb", "rmrb"}


def test_newspaper_dev_is_the_agreed_2025_articles():
    from zhnews.topic.data import rmrb_topic_rows

    rows = rmrb_topic_rows()
    assert len(rows["newspaper_dev"]) == 1325  # of 1,387 labelled twice, the two annotators agree on these
    assert len(rows["train"]) == 8751 and all(r["id"][3:7] in ("2019", "2020") for r in rows["train"])


def test_mapped_ood_set_uses_the_config_mapping():
    from zhnews.labels import LABEL2ID
    from zhnews.topic.data import mapped_rows

    rows = mapped_rows("thucnews")
    assert 500 < len(rows) < 1000  # four ambiguous Sina categories are left out
    assert {r["label"] for r in rows} == {LABEL2ID[l] for l in ("culture", "industry", "public_service", "other")}


def test_pretraining_text_excludes_the_test_periods():
    from zhnews.mlm_data import TEXT_SOURCES, iter_pretraining_texts

    assert "thucnews" not in TEXT_SOURCES
    xwlb = list(iter_pretraining_texts([{"name": "xwlb", "max_chars": 50}], SHARED_DATA_DIR))
    assert 11000 < len(xwlb) < 11200 and all(len(t) <= 50 for t in xwlb)
