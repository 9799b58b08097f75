"""The peer a user would otherwise pick: char 1–3-gram TF-IDF + LinearSVC (scikit-learn)."""

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import LinearSVC

PEER_TEXT_CHARS = 1000  # title + first 1,000 characters, the peer's best setting in NOTES.md


def train_tfidf_svc(texts: list[str], labels: list[int], C: float = 0.5, seed: int = 0) -> Pipeline:
    peer = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
        LinearSVC(C=C, class_weight="balanced", random_state=seed),
    )
    return peer.fit([t[:PEER_TEXT_CHARS] for t in texts], list(labels))


def predict_tfidf_svc(peer: Pipeline, texts: list[str]) -> list[int]:
    return peer.predict([t[:PEER_TEXT_CHARS] for t in texts]).tolist()
