"""A fluency estimate learned from the blind ratings (issue 7): the chance that a rater calls a headline fluent.

The garble measures (zhnews/summary/garble.py) catch stitches and doubled characters, but most headlines the
raters called not fluent have neither (fragments such as 在天津大学建校130周年, a frame without its event, a
clause cut short). FluencyScorer is a logistic regression over binary features of the headline and of how it
sits in the article's lead (the characters the raters saw: zhnews.summary.rating.shown_lead):
- jieba words: the POS class of the first and last word, the first and last word, each pair of neighbouring POS
  classes, whether it has a verb;
- how it is copied: where its last copied span stops in the article (garble.last_span_ending), how many spans
  (garble.copied_spans), the garble flags, whether it jumps sentences, whether it has a headline's shape;
- its length (5-character buckets) and its characters and character pairs.

Fit by training/run_fluency_scorer.py on every rated headline in bench/rating*/ (printed ones too); saved as
plain JSON (feature → weight), never pickle. The summariser's clause fallback asks it which summaries and lead
clauses to trust (zhnews.summary.fallback.fluency_fallback); the benches use it to compare decodings between blind
ratings (bench/bench_clause_fallback.py, bench/bench_fluency_floors.py).
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from zhnews.model_location import load_or_explain, optional_model_file
from zhnews.summary.headline_shape import has_headline_shape
from zhnews.summary.garble import copied_spans, is_garbled, jumps_sentences, last_span_ending
from zhnews.summary.rating import rated_headlines, shown_lead
from zhnews.summary.span_copy import is_verb

SCORER_FILE = "fluency_scorer.json"
# the decoding options that use the estimate (Summarizer, SummaryConfig, saved in config.json `zhnews`)
FLUENCY_FLOORS = ("fluency_floor", "clause_fluency_floor")
# Bump it with any change to headline_features that a refit should see. The not_a_headline_shape feature follows
# headline_shape.has_headline_shape, which gained two shapes in session 13 (a first word 在; a setting such as …会上) after the
# shipped fit: its weight applies to them too. A refit on that session's 24 ratings ranked held-out articles no better
# and cost 新闻联播 dev 0.11 ROUGE-L through the fallback, so the shipped weights stay at this version.
FEATURES_VERSION = 1


def uses_fluency_scorer(settings: dict) -> bool:
    """Whether decoding settings (a summariser's saved `zhnews` settings, or summarize's options) set a floor, and
    so need the estimate."""
    return any(settings.get(floor) for floor in FLUENCY_FLOORS)


def headline_features(headline: str, lead: str) -> set[str]:
    """The binary features of one headline against the lead it summarises (see the module docstring)."""
    import jieba.posseg  # here, not at the top: importing it costs 0.2 s

    words = [(pair.word, pair.flag) for pair in jieba.posseg.cut(headline, HMM=False)] or [("", "none")]
    features = {f"first_pos={words[0][1]}", f"last_pos={words[-1][1]}", f"first_word={words[0][0]}",
                f"last_word={words[-1][0]}", f"ending={last_span_ending(headline, lead)}",
                f"spans={min(len(copied_spans(headline, lead)), 4)}", f"length={min(len(headline) // 5, 8)}"}
    features |= {f"pos_pair={a[1]}_{b[1]}" for a, b in zip(words, words[1:])}
    features |= {f"char={headline[i:i + n]}" for n in (1, 2) for i in range(len(headline) - n + 1)}
    flags = {"garbled": is_garbled(headline, lead), "jumps_sentences": jumps_sentences(headline, lead),
             "not_a_headline_shape": not has_headline_shape(headline),
             "no_verb": not any(is_verb(word) for word, _ in words)}
    return features | {name for name, on in flags.items() if on}


def rated_examples(folders: list[str | Path]) -> list[dict]:
    """Every rated headline of the rating folders whose fluent question was answered (rating.rated_headlines), with
    `fluent` as 1 / 0 and its `features` (headline_features, sorted): what the estimate is fit and checked on."""
    return [{**row, "fluent": int(row["fluent"]), "features": sorted(headline_features(row["headline"], row["lead"]))}
            for row in rated_headlines(folders) if row["fluent"] is not None]


@dataclass
class FluencyScorer:
    """P(fluent) = sigmoid(intercept + the sum of the weights of the headline's features)."""

    intercept: float
    weights: dict[str, float]
    facts: dict = field(default_factory=dict)
    """How it was fit and how well it ranks held-out ratings (written by training/run_fluency_scorer.py)."""

    def score(self, headlines: list[str], articles: list[str]) -> list[float]:
        """The estimated chance that a blind rater calls each headline fluent, given its article."""
        return [self.probability(headline_features(h, shown_lead(a))) for h, a in zip(headlines, articles, strict=True)]

    def mean_score(self, headlines: list[str], articles: list[str]) -> float:
        """The mean estimate over the headlines (0 for none): the share a rater would call fluent."""
        estimates = self.score(headlines, articles)
        return sum(estimates) / len(estimates) if estimates else 0.0

    def probability(self, features: set[str]) -> float:
        """The estimate for a headline's features (headline_features)."""
        logit = self.intercept + sum(self.weights.get(name, 0.0) for name in features)
        return 1 / (1 + math.exp(-logit))

    def save_pretrained(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        payload = {"features_version": FEATURES_VERSION, "intercept": self.intercept, "facts": self.facts,
                   "weights": dict(sorted(self.weights.items()))}
        (folder / SCORER_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path) -> "FluencyScorer":
        """From a folder (or a Hub model) holding SCORER_FILE, as save_pretrained writes it."""
        path = load_or_explain(str(name_or_path), lambda name: optional_model_file(name, SCORER_FILE))
        if path is None:
            raise FileNotFoundError(f"no {SCORER_FILE} in {name_or_path}: fit one with training/run_fluency_scorer.py")
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("features_version") != FEATURES_VERSION:
            raise ValueError(f"{path} was fit on features version {payload.get('features_version')}; this zhnews "
                             f"computes version {FEATURES_VERSION}: refit it with training/run_fluency_scorer.py")
        return cls(payload["intercept"], payload["weights"], payload.get("facts", {}))


def fit_fluency_scorer(features: list[list[str]], fluent: list[int], regularization: float = 0.1,
                       min_count: int = 2) -> FluencyScorer:
    """A logistic regression (L2, C = regularization) over the binary features (headline_features) of rated
    headlines and whether the rater called each fluent (1) or not (0); features on fewer than min_count
    headlines get no weight."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=lambda names: names, binary=True, min_df=min_count)
    matrix = vectorizer.fit_transform(features)
    model = LogisticRegression(C=regularization, max_iter=5000).fit(matrix, fluent)
    weights = {str(name): round(float(weight), 5)
               for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if round(float(weight), 5)}
    return FluencyScorer(round(float(model.intercept_[0]), 5), weights)
