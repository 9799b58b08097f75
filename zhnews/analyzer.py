"""NewsAnalyzer: raw page → stories → topic and summary for each, with the embedded default models.

    from zhnews import NewsAnalyzer
    analyzer = NewsAnalyzer.from_pretrained()          # models/zhnews-topic + models/zhnews-summary
    for story in analyzer.analyze_page(page_text):     # split_page, then both models
        print(story.topic, story.topic_score, story.summary, story.title, story.fragment)
    analyzer.analyze(["…一篇新闻…"])                   # texts that are already single articles
"""

from dataclasses import dataclass, field
from pathlib import Path

from zhnews.corpus import article_text
from zhnews.page import Story, split_page
from zhnews.summary.summarizer import Summarizer
from zhnews.text import check_texts, normalize_text
from zhnews.topic.classifier import TopicClassifier


@dataclass
class AnalyzedStory(Story):
    topic: str = ""
    """The predicted topic (see zhnews.labels)."""
    topic_score: float = 0.0
    """Calibrated probability of that topic."""
    scores: dict[str, float] = field(default_factory=dict)
    """Calibrated probability of every topic."""
    summary: str = ""
    """A headline-length summary written from the story's text."""


class NewsAnalyzer:
    def __init__(self, classifier: TopicClassifier, summarizer: Summarizer, batch_size: int = 16):
        self.classifier = classifier
        self.summarizer = summarizer
        self.batch_size = batch_size

    @classmethod
    def from_pretrained(cls, topic_model: str | Path | None = None, summary_model: str | Path | None = None,
                        device: str | None = None, batch_size: int = 16) -> "NewsAnalyzer":
        """Both models from folders or Hub ids; each defaults to the embedded model."""
        return cls(TopicClassifier.from_pretrained(topic_model, device=device),
                   Summarizer.from_pretrained(summary_model, device=device), batch_size=batch_size)

    def analyze_page(self, text: str) -> list[AnalyzedStory]:
        """Every story of a raw page (see zhnews.page.split_page), fragments included and flagged."""
        return self.analyze_stories(split_page(text))

    def analyze(self, texts: list[str]) -> list[AnalyzedStory]:
        """One AnalyzedStory per text, each text taken as one article (no page splitting)."""
        return self.analyze_stories([Story(text=normalize_text(text)) for text in check_texts(texts)])

    def analyze_stories(self, stories: list[Story]) -> list[AnalyzedStory]:
        """Topic (read from headline + body, as in training) and summary (from the body) per story."""
        if not stories:
            return []
        predictions = self.classifier.predict([article_text(s.title, s.text) for s in stories],
                                              batch_size=self.batch_size)
        summaries = self.summarizer.summarize([s.text or s.title for s in stories], batch_size=self.batch_size)
        return [AnalyzedStory(**vars(story), topic=p.label, topic_score=p.score, scores=p.probabilities,
                              summary=summary)
                for story, p, summary in zip(stories, predictions, summaries)]
