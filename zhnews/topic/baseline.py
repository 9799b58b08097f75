"""The peer a user would otherwise pick: char 1–3-gram TF-IDF + LinearSVC (scikit-learn).

scikit-learn is imported where it is used, so that labelling with a topic model that has an n-gram part
(zhnews/topic/ngram.py, which reads texts as peer_texts does) does not pay for importing it."""

PEER_TEXT_CHARS = 1000  # title + first 1,000 characters, the peer's best setting in NOTES.md


def char_ngram_features():
    """The peer's features (also those of the distillation teacher's n-gram model), an untrained TfidfVectorizer."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)


def peer_texts(texts: list[str]) -> list[str]:
    """What the n-gram models read of each text."""
    return [t[:PEER_TEXT_CHARS] for t in texts]


def train_tfidf_svc(texts: list[str], labels: list[int], C: float = 0.5, seed: int = 0):
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    peer = make_pipeline(char_ngram_features(), LinearSVC(C=C, class_weight="balanced", random_state=seed))
    return peer.fit(peer_texts(texts), list(labels))


def predict_tfidf_svc(peer, texts: list[str]) -> list[int]:
    return peer.predict(peer_texts(texts)).tolist()
