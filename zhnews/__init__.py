"""zhnews: topic labels and short summaries for Chinese news."""

from zhnews.analyzer import AnalyzedStory, NewsAnalyzer
from zhnews.labels import TOPIC_LABELS
from zhnews.page import Story, split_page
from zhnews.summary.summarizer import Summarizer
from zhnews.topic.classifier import TopicClassifier, TopicPrediction

__all__ = ["TOPIC_LABELS", "AnalyzedStory", "NewsAnalyzer", "Story", "Summarizer", "TopicClassifier", "TopicPrediction",
           "split_page"]
__version__ = "0.1.0"
