"""TopicClassifier: the inference API for topic labels.

    from zhnews import TopicClassifier
    classifier = TopicClassifier.from_pretrained()   # the embedded default; or a folder / Hub id
    classifier.predict(["…article…"], batch_size=32, min_confidence=0.5)
"""

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from zhnews.topic.calibration import softmax
from zhnews.labels import ABSTAIN_LABEL
from zhnews.model_location import load_or_explain, model_location
from zhnews.topic.modeling import document_logits, load_classifier
from zhnews.topic.ngram import NGRAM_FILE, NgramTopicModel, fuse
from zhnews.paths import SHIPPED_TOPIC_MODEL
from zhnews.text import check_texts, normalize_text
from zhnews.tokenization import load_tokenizer


@dataclass
class TopicPrediction:
    label: str
    """The predicted topic, or "abstain" when score is below min_confidence."""
    score: float
    """Calibrated probability of the most likely topic."""
    probabilities: dict[str, float]
    """Calibrated probability of every topic."""

    @property
    def abstained(self) -> bool:
        return self.label == ABSTAIN_LABEL


class TopicClassifier:
    def __init__(self, model, tokenizer, max_length: int = 512, long_document: str = "head",
                 temperature: float = 1.0, max_chunks: int = 8, chunk_stride: int | None = None,
                 exit_confidence: float | None = None, lead_chars: int | None = None, lead_weight: float = 1.0,
                 ngram: NgramTopicModel | None = None, bert_weight: float = 1.0):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.long_document = long_document
        self.max_chunks = max_chunks  # windows read per article with long_document "chunk"
        self.chunk_stride = chunk_stride  # tokens between their starts (None: half a window)
        self.exit_confidence = exit_confidence  # a first window this sure labels the article alone
        # also read the first lead_chars characters (headline and lead) as one more window, worth lead_weight
        self.lead_chars, self.lead_weight = lead_chars, lead_weight
        self.temperature = temperature
        # with a char n-gram part (zhnews/topic/ngram.py): p ∝ p_bert ** bert_weight · p_ngram ** (1 - bert_weight)
        if not 0 <= bert_weight <= 1 or (bert_weight < 1 and ngram is None):
            raise ValueError(f"bert_weight {bert_weight} needs to be in [0, 1], and below 1 only with an n-gram "
                             f"part ({NGRAM_FILE} in the model folder)")
        self.ngram, self.bert_weight = ngram, bert_weight
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        # bf16 autocast: faster on CPUs with AVX512-BF16/AMX (zhnews.hardware), slightly different
        # scores (the quality change is measured by bench/bench_label.py).
        self.bf16 = False

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path | None = None, device: str | None = None) -> "TopicClassifier":
        """Load a zhnews topic model (or any BERT sequence classifier) from a folder or the Hub;
        with no name, the embedded default (models/zhnews-topic)."""
        name_or_path = model_location(name_or_path, SHIPPED_TOPIC_MODEL)
        model = load_or_explain(name_or_path, load_classifier)
        if device:
            model = model.to(device)
        settings = getattr(model.config, "zhnews", None) or {}
        return cls(model, load_tokenizer(name_or_path),
                   max_length=settings.get("max_length", min(512, model.config.max_position_embeddings)),
                   long_document=settings.get("long_document", "head"),
                   temperature=settings.get("temperature", 1.0), max_chunks=settings.get("max_chunks", 8),
                   chunk_stride=settings.get("chunk_stride"), exit_confidence=settings.get("exit_confidence"),
                   lead_chars=settings.get("lead_chars"), lead_weight=settings.get("lead_weight", 1.0),
                   ngram=NgramTopicModel.load(name_or_path), bert_weight=settings.get("bert_weight", 1.0))

    def save_pretrained(self, output_dir: str | Path, fp16: bool = False) -> None:
        """A standard HF folder; the zhnews settings travel in config.json under `zhnews`."""
        self.model.config.zhnews = {"max_length": self.max_length, "long_document": self.long_document,
                                    "max_chunks": self.max_chunks, "chunk_stride": self.chunk_stride,
                                    "exit_confidence": self.exit_confidence, "lead_chars": self.lead_chars,
                                    "lead_weight": self.lead_weight, "temperature": self.temperature,
                                    "bert_weight": self.bert_weight}
        model = copy.deepcopy(self.model).half() if fp16 else self.model
        model.save_pretrained(str(output_dir), safe_serialization=True)
        self.tokenizer.save_pretrained(str(output_dir))
        if self.ngram is not None:
            self.ngram.save(output_dir, fp16=fp16)

    def logits(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Uncalibrated document logits, one row per text (input is validated and normalised)."""
        texts = [normalize_text(t) for t in check_texts(texts)]
        with torch.autocast(self.model.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            return document_logits(self.model, self.tokenizer, texts, self.max_length, self.long_document,
                                   batch_size, max_chunks=self.max_chunks, stride=self.chunk_stride,
                                   exit_confidence=self.exit_confidence, lead_chars=self.lead_chars,
                                   lead_weight=self.lead_weight)

    def calibrated(self, logits: np.ndarray, texts: list[str]) -> np.ndarray:
        """Probabilities from the BERT's document logits of these texts: temperature-scaled and, with an
        n-gram part, fused with it."""
        probabilities = softmax(logits, self.temperature)
        if self.ngram is None or self.bert_weight >= 1:
            return probabilities
        return fuse(probabilities, self.ngram.probabilities([normalize_text(t) for t in texts]), self.bert_weight)

    def probabilities(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Calibrated probabilities, one row per text, in label order."""
        return self.calibrated(self.logits(texts, batch_size), texts)

    def predict(self, texts: list[str], batch_size: int = 32,
                min_confidence: float | None = None) -> list[TopicPrediction]:
        """One TopicPrediction per text, in input order. Raises ValueError naming a bad item's index."""
        predictions = []
        for row in self.probabilities(texts, batch_size):
            best = int(row.argmax())
            abstain = min_confidence is not None and row[best] < min_confidence
            predictions.append(TopicPrediction(
                label=ABSTAIN_LABEL if abstain else self.labels[best],
                score=float(row[best]),
                probabilities={label: float(p) for label, p in zip(self.labels, row)},
            ))
        return predictions
