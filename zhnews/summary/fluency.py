"""A fluency estimate learned from the blind ratings (issue 7): the chance that a rater calls a headline fluent.

The garble measures (zhnews/summary/garble.py) catch stitches and doubled characters, but most headlines the
raters called not fluent have neither (fragments such as 在天津大学建校130周年, a frame without its event, a
clause cut short). FluencyScorer is a logistic regression over binary features of the headline and of how it
sits in the article's lead (the characters the raters saw: zhnews.summary.rating.shown_lead):
- jieba words: the POS class of the first and last word, the first and last word, each pair of neighbouring POS
  classes, whether it has a verb;
- how it is copied: where its last copied span stops in the article (garble.last_span_ending), how many spans
  (garble.copied_spans), the garble flags, whether it jumps sentences, whether it has a headline's shape;
- where it sits, when it is one stretch of the lead (placement_features): whether it starts and ends at a sentence,
  at a clause or mid-clause, and what kind of word stands right before it (a verb, copula or preposition makes it
  an argument of something it left out: 介绍了 | 中美吉隆坡经贸磋商情况), the kind of word it opens on there (a clause
  opening on an adverb lacks its subject: …，| 不断为…注入动力) and whether it follows a speech verb (…强调，| 要…);
  whether it is a noun phrase (headline_shape.is_noun_phrase);
- its length (5-character buckets) and its characters and character pairs;
- pairs that weigh differently together than apart: the first and last word's POS classes, the start and end
  placement, the span count with where the last span stops and with the length bucket (two spans that end a clause
  read well, two that stop mid-word do not).

Fit by training/run_fluency_scorer.py on every rated headline in bench/rating*/ (printed ones too); saved as
plain JSON (feature → weight), never pickle. The summariser's clause fallback asks it which summaries and lead
clauses to trust (zhnews.summary.fallback.fluency_fallback); the benches use it to compare decodings between blind
ratings (bench/bench_clause_fallback.py, bench/bench_fluency_floors.py).
"""

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import jieba.posseg

from zhnews.model_location import load_or_explain, optional_model_file
from zhnews.summary.headline_shape import ASPECT_PARTICLES, SPEECH_VERBS, has_headline_shape, is_noun_phrase
from zhnews.summary.garble import copied_spans, is_garbled, jumps_sentences, last_span_ending, tagged_word_ends
from zhnews.summary.rating import rated_headlines, shown_lead
from zhnews.summary.span_copy import is_verb
from zhnews.text import SENTENCE_END_MARKS

SCORER_FILE = "fluency_scorer.json"
# the decoding options that use the estimate (Summarizer, SummaryConfig, saved in config.json `zhnews`)
FLUENCY_FLOORS = ("fluency_floor", "clause_fluency_floor")
# Bump it with any change to headline_features that a refit should see. Version 2 added placement_features and
# noun_phrase (session 15): held out by article over 33 ratings, ROC AUC over machine-written headlines 0.778 → 0.784.
# Version 3 (session 19) added the start with the first word's tag (start=clause_first=d) and after=speech: fit on every
# other rating and held out one at a time, the eight whole-set ratings of sessions 17 and 18 rank machine-written
# headlines at a mean ROC AUC of 0.745, against 0.717 with version 2's features (bench/results/fluency_scorer_feat_*.json).
# Version 4 (session 23) added the pairs (first_last_pos=, start=…_end=, spans_ending=, spans_length=) and took after=speech's
# verbs from headline_shape.SPEECH_VERBS: held out the same way, the eight whole-set ratings of sessions 19 to 21 rank
# machine-written headlines at a mean ROC AUC of 0.761, against 0.728 with version 3 (better on 7 of 8), and the twelve of
# sessions 15 to 18 at 0.763 against 0.749 (bench/results/fluency_scorer_feat_v3*.json, feat_v4*.json).
FEATURES_VERSION = 4
_CLAUSE_BREAKS = "，、：；;:"
_OPENING_MARKS = "《“‘「『（("
# a clause that reports speech, and the mark after it (李强表示，| …; 《建议》提出：| …)
_AFTER_SPEECH = re.compile(f"(?:{'|'.join(SPEECH_VERBS)}|要求|明确)[，：:]$")


def uses_fluency_scorer(settings: dict) -> bool:
    """Whether decoding settings (a summariser's saved `zhnews` settings, or summarize's options) set a floor, and
    so need the estimate."""
    return any(settings.get(floor) for floor in FLUENCY_FLOORS)


def headline_features(headline: str, lead: str) -> set[str]:
    """The binary features of one headline against the lead it summarises (see the module docstring)."""
    words = [(pair.word, pair.flag) for pair in jieba.posseg.cut(headline, HMM=False)] or [("", "none")]
    first_pos, last_pos = words[0][1], words[-1][1]
    ending, spans = last_span_ending(headline, lead), min(len(copied_spans(headline, lead)), 4)
    length = min(len(headline) // 5, 8)
    features = {f"first_pos={first_pos}", f"last_pos={last_pos}", f"first_word={words[0][0]}",
                f"last_word={words[-1][0]}", f"ending={ending}", f"spans={spans}", f"length={length}",
                f"first_last_pos={first_pos}_{last_pos}", f"spans_ending={spans}_{ending}",
                f"spans_length={spans}_{length}"}
    features |= {f"pos_pair={a[1]}_{b[1]}" for a, b in zip(words, words[1:])}
    features |= {f"char={headline[i:i + n]}" for n in (1, 2) for i in range(len(headline) - n + 1)}
    flags = {"garbled": is_garbled(headline, lead), "jumps_sentences": jumps_sentences(headline, lead),
             "not_a_headline_shape": not has_headline_shape(headline),
             "no_verb": not any(is_verb(word) for word, _ in words), "noun_phrase": is_noun_phrase(headline)}
    return (features | placement_features(headline, lead, words[-1][1], words[0][1])
            | {name for name, on in flags.items() if on})


def placement_features(headline: str, lead: str, last_tag: str, first_tag: str = "") -> set[str]:
    """Where a headline copied as one stretch of the lead sits in it: `start=` and `end=` sentence, clause or
    mid (mid-clause), and `before=` the kind of lead word right before it, opening marks and 了 / 着 / 过 skipped: verb (a copula
    too), preposition, de (的) or other; after a verb or preposition, also the first letter of the headline's last
    word tag (`before=verb_end=n`: the object of a verb it left out); the start with the first letter of the
    headline's first word tag (`start=clause_first=d`: a clause that opens on an adverb, its subject left in the clause
    before), and `after=speech` for a clause right after a speech verb (…强调，| 要…). None for a headline stitched from
    several stretches."""
    text = headline.rstrip("。")
    start = lead.find(text)
    if start < 0 or not text:
        return set()
    end = start + len(text)

    def boundary(char: str) -> str:
        return "sentence" if char in SENTENCE_END_MARKS + "” " else "clause" if char in _CLAUSE_BREAKS else "mid"

    opening = boundary(lead[start - 1]) if start else "sentence"
    closing = boundary(lead[end]) if end < len(lead) else "sentence"
    features = {f"start={opening}", f"end={closing}", f"start={opening}_end={closing}",
                f"start={opening}_first={first_tag[:1]}"}
    if opening == "clause" and _AFTER_SPEECH.search(lead[:start]):
        features.add("after=speech")
    kind = _word_before(lead, start)
    if kind:
        features.add(f"before={kind}")
        if kind in ("verb", "preposition"):
            features.add(f"before={kind}_end={last_tag[:1]}")
    return features


def follows_verb(headline: str, lead: str) -> bool:
    """Whether the headline is one stretch of the lead right after a verb or copula it leaves out: the verb's object
    alone (国家医保局发布 | 《2024年全国医疗保障事业发展统计公报》), `before=verb` of placement_features."""
    text = headline.rstrip("。")
    start = lead.find(text) if text else -1
    return start > 0 and _word_before(lead, start) == "verb"


# jieba tags of a noun, a name or an abbreviation: what a subject ends on
_NOUN_TAGS = frozenset({"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "ng", "j", "eng"})
# adverbs of time and aspect that open a predicate (…选举结果于今天清晨揭晓, …考察队目前已经抵达)
_PREDICATE_OPENERS = frozenset({"于", "在", "将", "已", "正", "也", "还", "都", "已经", "正在", "近日", "日前"})


def precedes_predicate(headline: str, lead: str) -> bool:
    """Whether the headline is one clause-less stretch of the lead ending on a noun, right before a verb or an adverb
    opening the predicate it leaves out: the subject alone (香港特别行政区第八届立法会选举结果 | 于今天清晨揭晓)."""
    text = headline.rstrip("。")
    start = lead.find(text) if text else -1
    if start < 0 or any(mark in text for mark in "，：；;:" + SENTENCE_END_MARKS):
        return False
    words = jieba.posseg.lcut(text.rstrip("”》」』’"), HMM=False)
    following = jieba.posseg.lcut(lead[start + len(text):start + len(text) + 8], HMM=False)
    return (bool(words) and words[-1].flag in _NOUN_TAGS and bool(following)
            and ((following[0].flag.startswith("v") and following[0].flag != "vn")
                 or following[0].word in _PREDICATE_OPENERS))


def _word_before(lead: str, start: int) -> str | None:
    """The kind of lead word that ends at `start`, opening marks and 了 / 着 / 过 skipped: verb (a copula too),
    preposition, de (的) or other; None at the lead's start."""
    while start and lead[start - 1] in _OPENING_MARKS:
        start -= 1
    before = tagged_word_ends(lead).get(start)
    if before and before[0] in ASPECT_PARTICLES:  # 介绍了 | …: the verb is the word before 了
        before = tagged_word_ends(lead).get(start - len(before[0]))
    if not before:
        return None
    word, tag = before
    return ("verb" if (tag.startswith("v") and tag != "vn") or word == "是" else "preposition" if tag == "p"
            else "de" if tag == "uj" else "other")


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
