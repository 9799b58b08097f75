"""Decoding that copies the article's words whole (issue 7): constraints on where a summary may go next.

The source-vocabulary mask (zhnews/summary/source_vocabulary.py) lets the decoder stitch article characters
into words the article never had (陕西 + 西安市 → 陕西安市). Three options, each a logits constraint on
the state of the hypothesis written so far:
- span_copy: the decoder may continue the span it is copying (the next article token after a copy
  of the last token), or, once that span ended at a jieba word end of the article, start a new span
  at a word start of the article. Headline punctuation is allowed at a word end.
- no_repeat_words: a jieba word of the article (two tokens or more) may not be completed a second
  time (企业企业, 健康…健康), the word-level twin of no_repeat_ngram_size.
- end_at_phrase: the summary may end only where the span it copies ends at a phrase boundary: a word
  end, and not after a particle, preposition or conjunction (肠道健康对…, …成功的), and with its quotes
  and title marks closed (“…”, 《…》, （…）); a closing mark needs its opening one. A summary that
  still runs at max_new_tokens is trimmed back to its last phrase boundary instead of being cut.
- no_end_before_noun (with end_at_phrase): nor where the article goes on with a noun or a name
  (接见全国离退休 | 干部, 同厄瓜多尔总统 | 诺沃亚): the phrase is not finished there.
- backward_span_penalty (with span_copy): subtracted from the log-probability of a token that starts a new
  span only before where the previous span stands in the article, so beam search keeps the article's word
  order, as a compressed sentence does (rated outputs that jumped back read as word salad:
  俄军在莫斯科州上空系统在多地击落74架). A large value (100) bans going back.
- new_span_penalty (with span_copy): subtracted from the log-probability of every token that starts a
  new span after the first, so beam search prefers headlines copied in few long spans. In blind ratings
  a headline of one article span was rated fluent 75% of the time, one of five or more spans 13%.
- sentence_jump_penalty and clause_jump_penalty (with span_copy): subtracted from a token that starts a new
  span only outside the sentence (the clause: up to ，；：) the previous span stands in. Rated outputs that
  joined spans of two sentences were 26% fluent and 31% faithful, those copied from one 54% and 65%
  (国务院总理 + 阿马拉苏里亚 from the next sentence; bench/rated_spans.py).
- verb_skip_penalty (with span_copy): the same for a new span that skips a verb of the article (is_verb). Of
  the rated outputs copied in article order from one sentence, those whose gaps held neither punctuation nor
  a verb were 79% fluent, punctuation only 73%, a verb only 58%, both 39% (习近平 + 出席…的埃及总理 skips
  会见来华).
- verbless_end_penalty (with span_copy): subtracted from the end token's log-probability while the summary has
  no predicate (has_predicate: a verb or set phrase not right before 的 or 之, which make it a modifier: 发布的公告).
  Of the rated model outputs with a headline's shape, those without one were 48% fluent (n = 324), those with
  one 65% (1,072; bench/rated_endings.py): bare subjects and settings that stop before the event
  (天津市西青区李七庄街道, 今年第21号台风“麦德姆”).
"""

from dataclasses import dataclass, field

import jieba
import jieba.posseg
import torch
from transformers import LogitsProcessor

from zhnews.summary.source_vocabulary import HEADLINE_PUNCTUATION
from zhnews.text import PAIRED_MARKS, SENTENCE_END_MARKS

jieba.setLogLevel(60)
# jieba part-of-speech tags after which a headline cannot end: particles (的, 了), prepositions (对, 在), conjunctions
_OPEN_ENDED_TAGS = ("u", "p", "c")
_CLOSING_PUNCTUATION = "》”）"
# The options and their "off" values; Summarizer saves them with the model (config.json `zhnews`).
SPAN_COPY_OPTIONS = {"span_copy": False, "no_repeat_words": False, "end_at_phrase": False,
                     "no_end_before_noun": False, "new_span_penalty": 0.0, "backward_span_penalty": 0.0,
                     "sentence_jump_penalty": 0.0, "clause_jump_penalty": 0.0, "verb_skip_penalty": 0.0,
                     "verbless_end_penalty": 0.0}
_CLAUSE_ENDS = "，；：,;:"
_VERB_TAGS = ("v", "vd", "vi", "vq")  # jieba's verb tags, verbal nouns (vn: 建设, 发展) left out
_ALSO_VERBS = frozenset({"会见", "祝贺", "印发"})  # news verbs jieba's dictionary tags n, nr, nz
MODIFIER_MARKS = ("的", "之")  # after a verb, they make it part of a modifier (发布的公告), not the predicate


@dataclass
class SourceWords:
    """One article lead as the decoder sees it: its tokens (special tokens left out) and, per token,
    where jieba words start and end and whether a headline may end after it."""
    token_ids: list[int]
    word_start: list[bool]
    word_end: list[bool]
    phrase_end: list[bool]
    words: set[tuple[int, ...]]
    """The article's jieba words of two tokens or more, as token-id tuples."""
    sentence_end: list[bool] | None = None
    """Per token, whether it ends a sentence (。！？); None: the lead is one sentence."""
    clause_end: list[bool] | None = None
    """Per token, whether it ends a clause inside a sentence (，；：); None: none does."""
    verb_start: list[bool] | None = None
    """Per token, whether a verb of the article starts there; None: none does."""
    positions: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        if not len(self.token_ids) == len(self.word_start) == len(self.word_end) == len(self.phrase_end):
            raise ValueError("SourceWords needs one flag of each kind per token")
        n = len(self.token_ids)
        self.sentence_end = self.sentence_end or [False] * n
        self.clause_end = self.clause_end or [False] * n
        self.verb_start = self.verb_start or [False] * n
        if not len(self.sentence_end) == len(self.clause_end) == len(self.verb_start) == n:
            raise ValueError("SourceWords needs one sentence_end, clause_end and verb_start flag per token")
        # per unit and position, where the unit stops (the position after its 。 or ，, or after the first
        # token of the next verb, or the lead's length)
        self._unit_stop = {"sentence": _stops(self.sentence_end),
                           "clause": _stops([a or b for a, b in zip(self.sentence_end, self.clause_end)]),
                           "verb": _stops(self.verb_start), "lead": [n] * n}
        self._rest_start_ids: dict[tuple[str, int], set[int]] = {}
        for position, token in enumerate(self.token_ids):
            self.positions.setdefault(token, []).append(position)
        self.word_start_ids = {t for t, start in zip(self.token_ids, self.word_start) if start}
        self.words_by_prefix: dict[tuple[int, ...], list[tuple[int, ...]]] = {}
        for word in self.words:
            self.words_by_prefix.setdefault(word[:-1], []).append(word)
        self.word_lengths = sorted({len(word) for word in self.words})

    def rest_of(self, unit: str, position: int) -> range:
        """The positions after `position` within its unit, "sentence" or "clause" (within the next one when
        `position` ends one), "verb" (up to the next verb's first token) or "lead" (to the lead's end)."""
        first = position + 1
        return range(first, self._unit_stop[unit][first] if first < len(self.token_ids) else first)

    def rest_start_ids(self, unit: str, position: int) -> set[int]:
        """Tokens that start an article word after `position` and within its unit (rest_of)."""
        if (unit, position) not in self._rest_start_ids:
            self._rest_start_ids[unit, position] = {self.token_ids[q] for q in self.rest_of(unit, position)
                                                    if self.word_start[q]}
        return self._rest_start_ids[unit, position]

    @classmethod
    def from_lead(cls, lead: str, token_ids: list[int], offsets: list[tuple[int, int]],
                  no_end_before_noun: bool = False) -> "SourceWords":
        """token_ids / offsets: the tokenizer's output for `lead` (special tokens have empty offsets)."""
        starts, ends, open_ended, verbs = set(), set(), set(), set()
        position = 0
        tags = jieba.posseg.dt.word_tag_tab  # the dictionary's tag of each word
        for word in jieba.cut(lead, HMM=False):  # the segmentation zhnews/summary/garble.py measures with
            if no_end_before_noun and _is_noun(word, tags):
                open_ended.add(position)  # the phrase before a noun or a name goes on
            starts.add(position)
            if is_verb(word, tags):
                verbs.add(position)
            position += len(word)
            ends.add(position)
            if tags.get(word, "x").startswith(_OPEN_ENDED_TAGS):
                open_ended.add(position)
        kept = [(token, a, b) for token, (a, b) in zip(token_ids, offsets) if b > a]
        word_start = [a in starts for _, a, _ in kept]
        word_end = [b in ends for _, _, b in kept]
        phrase_end = [b in ends and b not in open_ended for _, _, b in kept]
        ids = [token for token, _, _ in kept]
        boundaries = [i for i, s in enumerate(word_start) if s] + [len(ids)]
        words = {tuple(ids[a:b]) for a, b in zip(boundaries, boundaries[1:]) if b - a >= 2}
        sentence_end = [lead[a:b] in SENTENCE_END_MARKS for _, a, b in kept]
        clause_end = [lead[a:b] in _CLAUSE_ENDS for _, a, b in kept]
        verb_start = [a in verbs for _, a, _ in kept]
        return cls(ids, word_start, word_end, phrase_end, words, sentence_end, clause_end, verb_start)


def _stops(ends: list[bool]) -> list[int]:
    """Per position, the position after the first end flag at or after it (the length when none is)."""
    stops, stop = [0] * len(ends), len(ends)
    for position in range(len(ends) - 1, -1, -1):
        stop = position + 1 if ends[position] else stop
        stops[position] = stop
    return stops


@dataclass(frozen=True)
class SpanState:
    """Where a hypothesis stands: the article positions its current span may end at, whether that
    span ended at a word end (a new span may start) and at a phrase boundary (it may stop), and the first
    article position a new span may start at without going back (`floor`)."""
    active: frozenset[int] = frozenset()
    at_word_end: bool = True
    at_phrase_end: bool = False
    floor: int = 0


def next_state(source: SourceWords, state: SpanState, token: int, punctuation: set[int],
               closing: set[int], forward: bool = False, stay_within: tuple[str, ...] = ()) -> SpanState:
    """The state after writing `token`. Punctuation ends the span (a closing mark may end the
    headline); a token the constraint would not allow (span_copy off) is located at all its
    article positions; a token the article lacks ends every span. With `forward` a new span is
    located at or after the state's floor where the token occurs there; with `stay_within` units, e.g.
    ("clause", "sentence"), in the rest of the floor's first unit where it occurs there (总理 of this sentence,
    not of the next one)."""
    if token in punctuation:
        return SpanState(frozenset(), True, token in closing, state.floor)
    n = len(source.token_ids)
    active = {p + 1 for p in state.active if p + 1 < n and source.token_ids[p + 1] == token}
    if state.at_word_end:
        starts = [q for q in source.positions.get(token, []) if source.word_start[q]]
        starts = ([q for q in starts if q >= state.floor] if forward else []) or starts
        for unit in stay_within if state.floor else ():  # the first span may start anywhere
            within = [q for q in starts if q in source.rest_of(unit, state.floor - 1)]
            if within:
                starts = within
                break
        active |= set(starts)
    active = active or set(source.positions.get(token, []))
    if not active:
        return SpanState(at_phrase_end=True, floor=state.floor)
    return SpanState(frozenset(active), any(source.word_end[p] for p in active),
                     any(source.phrase_end[p] for p in active), min(active) + 1)


class SpanCopyProcessor(LogitsProcessor):
    """The span_copy / no_repeat_words / end_at_phrase constraints for one generate() batch.

    sources: one SourceWords per encoder row; generate() repeats each row once per beam, so rows of
    `scores` map to sources by integer division. special_ids (decoder start, [CLS], pad) are skipped
    when reading a hypothesis; eos_id ends it."""

    def __init__(self, sources: list[SourceWords], eos_id: int, special_ids: set[int], punctuation_ids: set[int],
                 closing_ids: set[int], span_copy: bool = True, no_repeat_words: bool = True,
                 end_at_phrase: bool = True, new_span_penalty: float = 0.0,
                 paired_marks: dict[int, int] | None = None, backward_span_penalty: float = 0.0,
                 sentence_jump_penalty: float = 0.0, clause_jump_penalty: float = 0.0,
                 verb_skip_penalty: float = 0.0, verbless_end_penalty: float = 0.0,
                 token_text: dict[int, str] | None = None):
        self.sources = sources
        self.eos_id = eos_id
        self.special_ids = special_ids
        self.punctuation_ids = punctuation_ids
        self.closing_ids = closing_ids
        self.span_copy, self.no_repeat_words, self.end_at_phrase = span_copy, no_repeat_words, end_at_phrase
        self.new_span_penalty = new_span_penalty if span_copy else 0.0
        self.backward_span_penalty = backward_span_penalty if span_copy else 0.0
        # per unit, the cost of a new span outside the previous span's unit (past the next verb, clause, sentence)
        self.jump_penalties = {unit: penalty for unit, penalty in (("verb", verb_skip_penalty),
                                                                   ("clause", clause_jump_penalty),
                                                                   ("sentence", sentence_jump_penalty))
                               if penalty and span_copy}
        self.paired_marks = paired_marks or {}  # opening mark id -> closing mark id
        self.verbless_end_penalty = verbless_end_penalty if span_copy else 0.0
        self.token_text = token_text or {}  # token id -> its characters (verbless_end_penalty reads the words)
        if self.verbless_end_penalty and not self.token_text:
            raise ValueError("verbless_end_penalty needs token_text (token id -> characters)")
        self._states: dict[tuple[int, tuple[int, ...]], SpanState] = {}
        self._predicates: dict[tuple[int, tuple[int, ...]], bool] = {}

    def written(self, sequence: list[int]) -> tuple[int, ...]:
        return tuple(t for t in sequence if t not in self.special_ids and t != self.eos_id)

    def state(self, row: int, written: tuple[int, ...]) -> SpanState:
        if not written:
            return SpanState()
        key = (row, written)
        if key not in self._states:
            self._states[key] = next_state(self.sources[row], self.state(row, written[:-1]), written[-1],
                                           self.punctuation_ids, self.closing_ids,
                                           forward=bool(self.backward_span_penalty),
                                           stay_within=tuple(self.jump_penalties))
        return self._states[key]

    def has_predicate(self, row: int, written: tuple[int, ...]) -> bool:
        """Whether `written` has a predicate (has_predicate: a verb not right before 的 / 之)."""
        key = (row, written)
        if key not in self._predicates:
            self._predicates[key] = has_predicate("".join(self.token_text.get(t, "") for t in written))
        return self._predicates[key]

    def allowed_tokens(self, source: SourceWords, state: SpanState, written: tuple[int, ...]) -> set[int]:
        """span_copy: continuations of the current span, new spans at word starts after a word end,
        and punctuation after a word end (not first, not twice in a row)."""
        n = len(source.token_ids)
        allowed = {source.token_ids[p + 1] for p in state.active if p + 1 < n}
        if state.at_word_end:
            allowed |= source.word_start_ids
            if written and written[-1] not in self.punctuation_ids:
                allowed |= self.punctuation_ids
        return allowed

    def new_span_starts(self, source: SourceWords, state: SpanState, written: tuple[int, ...]) -> set[int]:
        """Tokens that would start a second or later span: article word starts that do not continue the
        current span (after a word end, or after punctuation)."""
        if not written or not state.at_word_end:
            return set()
        n = len(source.token_ids)
        return source.word_start_ids - {source.token_ids[p + 1] for p in state.active if p + 1 < n}

    def jumps(self, unit: str, source: SourceWords, state: SpanState, starts: set[int]) -> set[int]:
        """Of the new-span `starts`, those that start no article word later in the unit ("sentence",
        "clause", "verb") of the previous span (at any of its places in the article; after punctuation, at where it
        stood)."""
        places = state.active or {state.floor - 1}
        return starts - set().union(*(source.rest_start_ids(unit, p) for p in places))

    def unbalanced_marks(self, written: tuple[int, ...]) -> set[int]:
        """end_at_phrase: the end token while a quote or title mark is open, and each closing mark that has
        no opening one to close."""
        banned = set()
        for opening, closing in self.paired_marks.items():
            if written.count(opening) > written.count(closing):
                banned.add(self.eos_id)
            else:
                banned.add(closing)
        return banned

    def repeated_word_ends(self, source: SourceWords, written: tuple[int, ...]) -> set[int]:
        """Tokens that would complete, a second time, an article word already written in full."""
        banned = set()
        for length in source.word_lengths:
            for word in source.words_by_prefix.get(written[len(written) - length + 1:], ()):
                if _contains(written, word):
                    banned.add(word[-1])
        return banned

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        per_source = scores.shape[0] // len(self.sources)
        vocab_size = scores.shape[1]
        # (rows, tokens), each set in one indexing call
        allowed_at, banned_at, penalised_at, backward_at = ([], []), ([], []), ([], []), ([], [])
        jump_at = {unit: ([], []) for unit in self.jump_penalties}
        verbless_at = []
        for row, sequence in enumerate(input_ids.tolist()):
            source_row = row // per_source
            source, written = self.sources[source_row], self.written(sequence)
            state = self.state(source_row, written)
            if self.span_copy:
                allowed = self.allowed_tokens(source, state, written) | {self.eos_id}
                if len(sequence) == 1:
                    allowed |= self.special_ids  # the decoder writes [CLS] after its start token
                tokens = [t for t in allowed if t < vocab_size]
                allowed_at[0].extend([row] * len(tokens))
                allowed_at[1].extend(tokens)
            starts = (self.new_span_starts(source, state, written)
                      if self.new_span_penalty or self.backward_span_penalty or self.jump_penalties else set())
            if self.new_span_penalty:
                penalised = [t for t in starts if t < vocab_size]
                penalised_at[0].extend([row] * len(penalised))
                penalised_at[1].extend(penalised)
            if self.backward_span_penalty:  # new spans that start an article word only before the state's floor
                back = [t for t in starts - source.rest_start_ids("lead", state.floor - 1) if t < vocab_size]
                backward_at[0].extend([row] * len(back))
                backward_at[1].extend(back)
            for unit, at in jump_at.items():
                jumps = [t for t in self.jumps(unit, source, state, starts) if t < vocab_size] if starts else []
                at[0].extend([row] * len(jumps))
                at[1].extend(jumps)
            banned = self.repeated_word_ends(source, written) if self.no_repeat_words else set()
            if (self.end_at_phrase and not state.at_phrase_end) or (self.span_copy and not state.at_word_end):
                banned.add(self.eos_id)
            if self.end_at_phrase:
                banned |= self.unbalanced_marks(written)
            banned_at[0].extend([row] * len(banned))
            banned_at[1].extend(banned)
            if self.verbless_end_penalty and self.eos_id not in banned and not self.has_predicate(source_row, written):
                verbless_at.append(row)
        mask = torch.full(scores.shape, self.span_copy, dtype=torch.bool, device=scores.device)
        mask[allowed_at] = False
        mask[banned_at] = True
        scores = scores.clone()
        scores[penalised_at] -= self.new_span_penalty
        scores[backward_at] -= self.backward_span_penalty
        for unit, at in jump_at.items():
            scores[at] -= self.jump_penalties[unit]
        scores[verbless_at, self.eos_id] -= self.verbless_end_penalty
        scores = scores.masked_fill(mask, float("-inf"))
        dead_ends = torch.isinf(scores).all(dim=1)
        scores[dead_ends, self.eos_id] = -1e4  # nothing allowed: stop rather than produce NaNs
        return scores

    def phrase_length(self, row: int, written: tuple[int, ...]) -> int:
        """Tokens of the longest prefix of `written` that ends at a phrase boundary (all when none does)."""
        for length in range(len(written), 0, -1):
            if self.state(row, written[:length]).at_phrase_end:
                return length
        return len(written)


def is_verb(word: str, tags: dict | None = None) -> bool:
    """A verb by jieba's dictionary tag (v, vd, vi, vq; not the verbal nouns vn), or one of _ALSO_VERBS."""
    tags = jieba.posseg.dt.word_tag_tab if tags is None else tags
    return tags.get(word, "x") in _VERB_TAGS or word in _ALSO_VERBS


def _is_noun(word: str, tags: dict) -> bool:
    """A dictionary noun or name (n, nr, ns, nt, nz, …), or a word jieba does not know that is not
    punctuation (foreign names such as 诺沃亚, numbers)."""
    tag = tags.get(word)
    return tag.startswith("n") if tag else any(ch.isalnum() for ch in word)


def _contains(sequence: tuple[int, ...], part: tuple[int, ...]) -> bool:
    return any(sequence[i:i + len(part)] == part for i in range(len(sequence) - len(part) + 1))


def punctuation_ids(tokenizer) -> tuple[set[int], set[int]]:
    """Ids of the headline punctuation and of its closing marks (after which a headline may end)."""
    def ids(chars: str) -> set[int]:
        return {i for i in tokenizer.convert_tokens_to_ids(list(chars)) if i != tokenizer.unk_token_id}
    return ids(HEADLINE_PUNCTUATION), ids(_CLOSING_PUNCTUATION)


def has_predicate(headline: str, tags: dict | None = None) -> bool:
    """Whether the headline has a verb (is_verb) or a set phrase (jieba's tag l: 通电话, 稳中向好) that is not
    right before 的 or 之, which make it part of a modifier (美国史密森学会发布的公告) rather than the event."""
    tags = jieba.posseg.dt.word_tag_tab if tags is None else tags
    words = jieba.lcut(headline, HMM=False)
    return any((is_verb(word, tags) or tags.get(word) == "l") and following not in MODIFIER_MARKS
               for word, following in zip(words, words[1:] + [""]))


def token_texts(tokenizer) -> dict[int, str]:
    """Token id -> the characters it writes (word pieces without ##; special tokens as nothing)."""
    special = set(tokenizer.all_special_ids)
    return {i: token.removeprefix("##") for token, i in tokenizer.get_vocab().items() if i not in special}


def paired_mark_ids(tokenizer) -> dict[int, int]:
    """Opening quote and title mark ids -> their closing ones (the pairs the vocabulary holds)."""
    pairs = {}
    for opening, closing in PAIRED_MARKS:
        ids = tokenizer.convert_tokens_to_ids([opening, closing])
        if tokenizer.unk_token_id not in ids:
            pairs[ids[0]] = ids[1]
    return pairs
