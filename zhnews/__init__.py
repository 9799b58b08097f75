"""zhnews: topic labels and short summaries for Chinese news."""

import importlib

# Exports load on first use (PEP 562), so `zhnews label --tasks topic` does not import the summariser.
_EXPORTS = {
    "TOPIC_LABELS": "zhnews.labels",
    "AnalyzedStory": "zhnews.analyzer", "NewsAnalyzer": "zhnews.analyzer",
    "Story": "zhnews.page", "split_page": "zhnews.page",
    "Summarizer": "zhnews.summary.summarizer",
    "TopicClassifier": "zhnews.topic.classifier", "TopicPrediction": "zhnews.topic.classifier",
}
__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'zhnews' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
