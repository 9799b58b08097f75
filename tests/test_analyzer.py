"""NewsAnalyzer with the embedded default models, on the example page and on single articles."""

import pytest

from zhnews import TOPIC_LABELS, NewsAnalyzer, TopicClassifier
from zhnews.model_location import ModelNotFoundError
from zhnews.paths import EXAMPLE_PAGE, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL

pytestmark = pytest.mark.skipif(not (SHIPPED_TOPIC_MODEL / "model.safetensors").exists()
                                or not (SHIPPED_SUMMARY_MODEL / "model.safetensors").exists(),
                                reason="the embedded models are not built")

# ../shared/data/TOPICS.md calibration labels of the example page's clear stories (None: the fragment,
# and the weather story, which TOPICS.md marks as two labels plausible).
CALIBRATION_TOPICS = ["industry", "public_service", "industry", None, "environment", "public_service", "energy", None]


@pytest.fixture(scope="module")
def analyzer():
    return NewsAnalyzer.from_pretrained()


@pytest.fixture(scope="module")
def example_results(analyzer):
    return analyzer.analyze_page(EXAMPLE_PAGE.read_text(encoding="utf-8"))


def test_every_story_of_the_page_gets_a_topic_and_a_short_summary_of_its_own(example_results):
    assert len(example_results) == 8 and [s.fragment for s in example_results].count(True) == 1
    for story in example_results:
        assert story.topic in TOPIC_LABELS and story.topic_score == max(story.scores.values())
        assert sum(story.scores.values()) == pytest.approx(1.0, abs=1e-4)
        assert 4 <= len(story.summary) <= 40, story.summary
        own = sum(ch in story.text for ch in story.summary) / len(story.summary)
        assert own >= 0.8, (story.summary, story.title)


def test_every_clear_story_gets_its_calibration_topic(example_results):
    assert [s.topic for s, want in zip(example_results, CALIBRATION_TOPICS) if want] == \
        [want for want in CALIBRATION_TOPICS if want]


def test_single_articles_are_not_split(analyzer):
    [story] = analyzer.analyze(["国网宁波供电公司组建技术特攻队\n\n开年后，一些企业面临变压器容量不足等问题。"
                                "为保障企业电力供应平稳有序，供电公司深入企业保驾护航。"])
    assert story.title == "" and story.text.startswith("国网宁波供电公司组建技术特攻队\n") and story.summary
    with pytest.raises(ValueError, match="index 1"):
        analyzer.analyze(["电网建设。", ""])


def test_a_missing_model_names_the_folder_it_looked_for(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelNotFoundError, match=str(tmp_path / "no" / "such" / "model" / "folder")):
        TopicClassifier.from_pretrained("no/such/model/folder")
