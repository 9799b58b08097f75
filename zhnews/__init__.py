"""zhnews: topic labels and short summaries for Chinese news."""

from zhnews.labels import TOPIC_LABELS
from zhnews.summarizer import Summarizer
from zhnews.topic import TopicClassifier, TopicPrediction

__all__ = ["TOPIC_LABELS", "Summarizer", "TopicClassifier", "TopicPrediction"]
__version__ = "0.1.0"
