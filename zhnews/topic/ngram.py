"""A char n-gram topic model that travels inside a topic folder and is fused with the BERT's probabilities.

    p(label | text) ∝ p_bert ** bert_weight · p_ngram ** (1 - bert_weight)

The n-gram part is char 1–3-gram TF-IDF (the TF-IDF peer's features, zhnews/topic/baseline.py) + a
multinomial logistic regression. It reads the title and the first 1,000 characters and labels by the
words of the headline and lead, where the BERT, reading every window, can be drawn to an article's later
paragraphs (the firms in a pollution story). Fitting uses scikit-learn (imported only then); the fitted
model is saved as tensors in `ngram.safetensors` (never a pickle) and applied with numpy alone, each
n-gram as one integer key, so that loading runs no code and labelling imports no scikit-learn.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

from zhnews.model_location import optional_model_file
from zhnews.topic.baseline import char_ngram_features, peer_texts

NGRAM_FILE = "ngram.safetensors"
NGRAM_LENGTHS = (1, 2, 3)  # char_ngram_features()'s ngram_range, which the saved vocabulary was built with
EPSILON = 1e-9
# scikit-learn's char analyzer lowercases and folds each run of two or more whitespace characters to one space
_WHITE_SPACES = re.compile(r"\s\s+")
_CODE_BITS = 21  # Unicode code points (+1) fit in 21 bits, so an n-gram of up to 3 characters is one uint64 key


def ngram_logreg(C: float = 10.0, max_features: int | None = None):
    """Char 1–3-gram TF-IDF (the peer's features) + multinomial logistic regression, an untrained Pipeline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

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


def ngram_keys(text: str) -> np.ndarray:
    """One uint64 key per char 1-, 2- and 3-gram of the text, as scikit-learn's char analyzer reads it
    (code point + 1 per character, 21 bits each: n-grams of different lengths never share a key)."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    shift = np.uint64(_CODE_BITS)
    bigrams = (codes[:-1] << shift) | codes[1:]
    trigrams = (bigrams[:-1] << shift) | codes[2:]
    return np.concatenate([codes, bigrams, trigrams])


def _gram_key(gram: str) -> int:
    key = 0
    for char in gram:
        key = (key << _CODE_BITS) | (ord(char) + 1)
    return key


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
        tfidf, logreg = pipeline[0], pipeline[-1]
        vocabulary = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)
        return cls(vocabulary, tfidf.idf_.astype(np.float32), logreg.coef_.astype(np.float32),
                   logreg.intercept_.astype(np.float32))

    def __post_init__(self):
        if not len(self.vocabulary) == len(self.idf) == self.coef.shape[1] or len(self.intercept) != len(self.coef):
            raise ValueError("n-gram model: vocabulary, idf, coef and intercept sizes differ")
        if any(not 1 <= len(gram) <= max(NGRAM_LENGTHS) for gram in self.vocabulary):
            raise ValueError(f"n-gram model: every n-gram needs 1 to {max(NGRAM_LENGTHS)} characters")
        keys = np.array([_gram_key(gram) for gram in self.vocabulary], dtype=np.uint64)
        self._order = np.argsort(keys)  # feature index of each sorted key
        self._sorted_keys = keys[self._order]
        self._coef64, self._idf64 = self.coef.astype(np.float64), self.idf.astype(np.float64)

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's vocabulary features and their TF-IDF weights (sublinear tf, l2-normalised)."""
        keys = ngram_keys(text)
        found = np.searchsorted(self._sorted_keys, keys)
        found[found == len(self._sorted_keys)] = 0
        features, counts = np.unique(self._order[found[self._sorted_keys[found] == keys]], return_counts=True)
        weights = (1 + np.log(counts)) * self._idf64[features]
        norm = np.sqrt(weights @ weights)
        return features, weights / norm if norm else weights

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """(texts, labels): softmax of the logistic regression on the texts' TF-IDF features."""
        scores = np.tile(self.intercept.astype(np.float64), (len(texts), 1))
        for row, text in enumerate(peer_texts(texts)):
            features, weights = self._features(text)
            scores[row] += self._coef64[:, features] @ weights
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
