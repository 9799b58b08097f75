"""A char n-gram topic model that travels inside a topic folder and is fused with the BERT's probabilities.

    p(label | text) ∝ p_bert ** bert_weight · p_ngram ** (1 - bert_weight)

The n-gram part is char 1–3-gram TF-IDF (the TF-IDF peer's features, zhnews/topic/baseline.py) + a
multinomial logistic regression. It reads the title and the first 1,000 characters and labels by the
words of the headline and lead, where the BERT, reading every window, can be drawn to an article's later
paragraphs (the firms in a pollution story). Fitting uses scikit-learn; the fitted model is saved as
tensors in `ngram.safetensors` (never a pickle) and applied with numpy, so loading runs no code.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import normalize

from zhnews.model_location import optional_model_file
from zhnews.topic.baseline import char_ngram_features, peer_texts

NGRAM_FILE = "ngram.safetensors"
NGRAM_RANGE = (1, 3)  # char_ngram_features()'s, which the saved vocabulary was built with
EPSILON = 1e-9


def ngram_logreg(C: float = 10.0, max_features: int | None = None) -> Pipeline:
    """Char 1–3-gram TF-IDF (the peer's features) + multinomial logistic regression, untrained."""
    features = char_ngram_features()
    features.set_params(max_features=max_features)
    return make_pipeline(features, LogisticRegression(C=C, max_iter=1000, class_weight="balanced"))


def fuse(bert_probabilities: np.ndarray, ngram_probabilities: np.ndarray, bert_weight: float) -> np.ndarray:
    """Log-linear fusion, renormalised to probabilities."""
    log_p = (bert_weight * np.log(bert_probabilities + EPSILON)
             + (1 - bert_weight) * np.log(ngram_probabilities + EPSILON))
    log_p -= log_p.max(axis=1, keepdims=True)
    p = np.exp(log_p)
    return p / p.sum(axis=1, keepdims=True)


@dataclass
class NgramTopicModel:
    vocabulary: list[str]
    """The n-grams, in feature order."""
    idf: np.ndarray
    coef: np.ndarray
    """(labels, features)"""
    intercept: np.ndarray

    @classmethod
    def fit(cls, texts: list[str], labels: list[int], num_labels: int, C: float = 10.0,
            max_features: int | None = None) -> "NgramTopicModel":
        if sorted(set(labels)) != list(range(num_labels)):
            raise ValueError(f"the n-gram model needs training rows of every one of the {num_labels} labels")
        pipeline = ngram_logreg(C, max_features).fit(peer_texts(texts), list(labels))
        tfidf: TfidfVectorizer = pipeline[0]
        logreg: LogisticRegression = pipeline[-1]
        vocabulary = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)
        return cls(vocabulary, tfidf.idf_.astype(np.float32), logreg.coef_.astype(np.float32),
                   logreg.intercept_.astype(np.float32))

    def __post_init__(self):
        if not len(self.vocabulary) == len(self.idf) == self.coef.shape[1] or len(self.intercept) != len(self.coef):
            raise ValueError("n-gram model: vocabulary, idf, coef and intercept sizes differ")
        self._counts = CountVectorizer(analyzer="char", ngram_range=NGRAM_RANGE,
                                       vocabulary={gram: i for i, gram in enumerate(self.vocabulary)})

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """(texts, labels): softmax of the logistic regression on sublinear, l2-normalised TF-IDF."""
        counts = self._counts.transform(peer_texts(texts)).astype(np.float64)
        counts.data = 1 + np.log(counts.data)
        features = normalize(counts.multiply(self.idf.astype(np.float64)).tocsr())
        scores = features @ self.coef.T.astype(np.float64) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, folder: str | Path, fp16: bool = False) -> None:
        dtype = np.float16 if fp16 else np.float32
        encoded = [gram.encode("utf-8") for gram in self.vocabulary]  # n-grams may hold any character
        tensors = {"vocabulary_utf8": np.frombuffer(b"".join(encoded), dtype=np.uint8),
                   "vocabulary_lengths": np.array([len(gram) for gram in encoded], dtype=np.uint8),
                   "idf": self.idf.astype(dtype), "coef": self.coef.astype(dtype),
                   "intercept": self.intercept.astype(np.float32)}
        # safetensors writes an array's buffer as it lies: scikit-learn's coef_ is column-major
        save_file({name: np.ascontiguousarray(t) for name, t in tensors.items()}, str(Path(folder) / NGRAM_FILE))

    @classmethod
    def load(cls, name_or_path: str | Path) -> "NgramTopicModel | None":
        """The n-gram part of a topic model (a folder or a Hub id), or None when it has none."""
        path = optional_model_file(name_or_path, NGRAM_FILE)
        if path is None:
            return None
        tensors = load_file(str(path))
        blob, lengths = tensors["vocabulary_utf8"].tobytes(), tensors["vocabulary_lengths"]
        vocabulary = [blob[end - length:end].decode("utf-8") for end, length in zip(np.cumsum(lengths), lengths)]
        return cls(vocabulary, tensors["idf"].astype(np.float32), tensors["coef"].astype(np.float32),
                   tensors["intercept"].astype(np.float32))
