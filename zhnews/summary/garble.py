"""Automatic garble measures: how a summary mangles the article's words (issue 7).

ROUGE and the novel-bigram rate do not see a summary that stitches article characters into words
the article never had (陕西 + 西安市 → 陕西安市: every bigram of it occurs somewhere in the article).
These measures do, per summary against its article:
- stitches: cover the summary greedily, left to right, with the longest spans copied from the
  article. A junction between two spans is a stitch when the next span continues, in the article,
  right after a copy of the previous span's last character, and only inside a jieba word of the
  article (never at a word start). 陕西 + [西]安市 → 陕西安市 is one; 宁波 + 组建技术特攻队 is not.
- doubled characters the article never doubles (推出出, 浙江江), or repeats fewer times (年年年);
- novel words: the share of the summary's jieba words that are not substrings of the article;
- novel character 3-grams: the share of the summary's character 3-grams absent from the article.
A summary is *garbled* when it has a stitch or a doubled character.
"""

import functools
import re

import jieba
import jieba.posseg
import numpy as np

from zhnews.summary.rouge_metric import score_summaries, summary_chars
from zhnews.text import PAIRED_MARKS, split_sentences

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
_HAS_WORD_CHARACTER = re.compile(r"[\w]")
GARBLE_KEYS = ("stitch_share", "doubled_char_share", "garbled_share", "novel_word_rate", "novel_trigram_rate")


@functools.lru_cache(maxsize=4096)
def word_starts(article: str) -> frozenset[int]:
    """Character offsets at which a jieba word (dictionary words, HMM off) begins in the article."""
    starts, position = set(), 0
    for word in jieba.cut(article, HMM=False):
        starts.add(position)
        position += len(word)
    return frozenset(starts)


@functools.lru_cache(maxsize=256)
def tagged_word_ends(text: str) -> dict[int, tuple[str, str]]:
    """The text's jieba words (HMM off) with their POS tags, by the offset at which each ends."""
    ends, position = {}, 0
    for pair in jieba.posseg.cut(text, HMM=False):
        position += len(pair.word)
        ends[position] = (pair.word, pair.flag)
    return ends


def copied_spans(summary: str, article: str) -> list[str]:
    """The greedy cover: from each position the longest prefix that occurs in the article. A
    character the article lacks is a span of its own (it is not copied: see is_copied)."""
    spans, i = [], 0
    while i < len(summary):
        j = i + 1
        while j < len(summary) and summary[i:j + 1] in article:
            j += 1
        spans.append(summary[i:j])
        i = j
    return spans


def _occurrences(needle: str, haystack: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def _last_span_ends(summary: str, article: str) -> list[int]:
    """Where the summary's last copied span ends in the article, at each place the article has it (none if the
    summary is empty or its last span is not copied). Both texts already _plain."""
    spans = copied_spans(summary, article)
    return [start + len(spans[-1]) for start in _occurrences(spans[-1], article)] if spans else []


def is_stitch(previous: str, following: str, article: str) -> bool:
    """`following` continues a copy of previous[-1] in the article, but never at a word start there."""
    continuations = [p + 1 for p in _occurrences(previous[-1] + following, article)]
    return bool(continuations) and not any(p in word_starts(article) for p in continuations)


def stitch_count(summary: str, article: str) -> int:
    """Junctions of the greedy cover that are stitches (spans the article lacks have no junction)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    return sum(a in article and b in article and is_stitch(a, b, article) for a, b in zip(spans, spans[1:]))


_REPEATED_CHARACTER = re.compile(r"(.)\1+")


def doubled_characters(summary: str, article: str) -> list[str]:
    """Characters repeated in a row (推出出) more times than the article ever repeats them (2025年年年会
    where the article has 2025年年会). Digits and Latin letters are left out (2200, 'ss' are ordinary)."""
    summary, article = _plain(summary), _plain(article)
    return [run.group(1) for run in _REPEATED_CHARACTER.finditer(summary)
            if not run.group(1).isascii() and _HAS_WORD_CHARACTER.match(run.group(1)) and run.group(0) not in article]


def is_garbled(summary: str, article: str) -> bool:
    return bool(doubled_characters(summary, article)) or stitch_count(summary, article) > 0


# What follows a headline that stops too early: a verb or a particle (jieba POS v*, u*: 加快内河航道 | 建设,
# 中华儿女迎来 | 的). Rated blind, unflagged model outputs that stop before one were 29–30% fluent, and 25%
# of those that stop inside a word, against 63% for those that stop where the article's clause ends
# (bench/rated_endings.py over bench/rating*/). Adverbs, prepositions and nouns (33–50%) are left out:
# flagging them too cost 新闻联播 dev more ROUGE-L than the issue allows.
_CUT_BEFORE = frozenset("vu")
_NAME_GOES_ON = re.compile(r"·[\u4e00-\u9fff]")  # the dot inside a transliterated name (比尔·盖茨)
_CLAUSE_ENDS = frozenset("，。；：！？!?;:、）)》”’")  # stopping before 、 is left alone: flagging it cost ROUGE-L


def last_span_ending(summary: str, article: str) -> str:
    """Where the summary's last copied span stops in the article: `clause_end` (at punctuation or the end, at
    any of its places there), `inside_word`, `next_<POS>` (before a word of that jieba POS class, e.g.
    `next_v`) or `not_copied`."""
    summary, article = _plain(summary), _plain(article)
    ends = _last_span_ends(summary, article)
    if not ends:
        return "not_copied"
    if any(end >= len(article) or article[end] in _CLAUSE_ENDS for end in ends):
        return "clause_end"
    if not any(end in word_starts(article) for end in ends) or all(_NAME_GOES_ON.match(article, end) for end in ends):
        return "inside_word"  # 高空作 | 业; a transliterated name cut at its dot, 美国盖茨基金会主席比尔 | ·盖茨
    import jieba.posseg  # here, not at the top: importing it costs 0.2 s that only this check needs

    return "next_" + next(iter(jieba.posseg.cut(article[ends[0]:ends[0] + 8], HMM=False))).flag[:1]


def is_cut_off(summary: str, article: str) -> bool:
    """The summary stops inside a clause: inside a word, or right before a word jieba tags as a verb or
    particle (_CUT_BEFORE), or on a leader's title whose holder the article names next (ends_before_holder), or on a
    subject with its means before the event (ends_on_means: 新疆通过科学治理 | ，荒漠和沙地面积“双缩减”)."""
    ending = last_span_ending(summary, article)
    return (ending == "inside_word" or (ending.startswith("next_") and ending[5:] in _CUT_BEFORE)
            or ends_before_holder(summary, article) or ends_on_means(summary, article))


# a title that, at a headline's end, names nobody (…《求是》杂志发表中共中央总书记)…
_TITLE_AT_END = re.compile(r"(?:总书记|国家主席|军委主席|政治局常委|政治局委员|委员长|国务委员|副主席|副总理|书记处书记)$")
# …unless it is a guest's, whom a meeting headline may name by title alone (李强会见希腊副总理)
_MEETING = re.compile(r"会见|会谈|会晤|致电|通电话")


def ends_before_holder(summary: str, article: str) -> bool:
    """The summary ends on a leader's title where the article goes on, at each place it has the last copied span,
    with more titles or the holder's name (…杂志发表中共中央总书记 | 、国家主席、中央军委主席习近平); not a meeting's
    headline, which may name its guest by title (李强会见希腊副总理). None of the 15 rated system headlines of that
    shape was fluent (bench/rated_endings.py, `titles_at_end_of_headline_shaped`)."""
    summary, article = _plain(summary), _plain(article)
    if not _TITLE_AT_END.search(summary) or _MEETING.search(summary):  # before the cover: most texts end otherwise
        return False
    ends = _last_span_ends(summary, article)
    return bool(ends) and all(end < len(article) and (article[end] == "、" or "\u4e00" <= article[end] <= "\u9fff")
                              for end in ends)


# a last clause that is a subject with its means and no event (新疆通过科学治理, 全国各地依托城市公园体系); not 通过 as
# passing something (通过决议, 通过《…》, 通过竣工验收, 未获通过, 审核通过)
_MEANS_AT_END = re.compile(r"(?:^|[，；])[^，；]{0,14}?(?<![获未已被均没不])(?:通过|依托|借助|凭借|依靠)"
                           r"(?![《“了]|决议|决定|审议|验收|考核|认证|评审|评估|表决)[^，；]+$")


def ends_on_means(summary: str, article: str) -> bool:
    """The summary's last clause is a subject with its means (通过, 依托, 借助, 凭借, 依靠 …) and the article's sentence goes
    on, at each place it has the last copied span, to the event (新疆通过科学治理 | ，荒漠和沙地面积“双缩减”). None of the
    16 rated system headlines of that shape was fluent, and none of 7,046 printed ones has it (bench/rated_endings.py,
    `means_at_end_of_headline_shaped`)."""
    summary, article = _plain(summary), _plain(article)
    if not _MEANS_AT_END.search(summary):  # before the cover: most texts have no means
        return False
    ends = _last_span_ends(summary, article)
    return bool(ends) and all(end < len(article) and article[end] in "，、" for end in ends)


def starts_inside_word(summary: str, article: str) -> bool:
    """The summary's first copied span starts, wherever the article has it, inside an article word or right after a
    digit: it opens on the tail of a word or number it leaves out (千伏输变电工程全线贯通 where the article has 750千伏;
    学丁汉院士团队… where it has 华中科技大学丁汉). Rated blind, none of the 3 such model outputs that no other check
    flagged was fluent or faithful (bench/rated_spans.py, `word_starts`; printed headlines, which are not copied, start
    so by chance)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    places = _occurrences(spans[0], article) if spans else []
    starts = word_starts(article)
    return bool(places) and all(p not in starts or (p > 0 and article[p - 1] in _DIGITS) for p in places)


def jumps_sentences(summary: str, article: str) -> bool:
    """The summary joins copied spans of different article sentences: no one sentence supplies it in as few
    spans as the whole article does (国务院总理 + 阿马拉苏里亚 from the next sentence). Rated blind, such
    outputs were fluent and faithful far less often than those copied from one sentence (bench/rated_spans.py)."""
    summary, article = _plain(summary), _plain(article)
    fewest = len(copied_spans(summary, article))
    return fewest > 1 and all(len(copied_spans(summary, sentence)) > fewest
                              for sentence in split_sentences(article))


_DIGITS = frozenset("0123456789０１２３４５６７８９")


def drops_number(summary: str, article: str) -> bool:
    """A copied span after the first starts, wherever the article has it, right after a digit: the summary
    leaves out the number its unit or count belongs to and joins them to other words (…指数为50.5 + 个月位于扩张区间
    where the article has 连续3个月; 造成 + 人死亡 where it has 造成89人死亡). Rated blind, such model outputs
    were rarely faithful (bench/rated_spans.py)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    for following in spans[1:]:
        places = _occurrences(following, article)
        if places and all(p > 0 and article[p - 1] in _DIGITS for p in places):
            return True
    return False


def drops_preposition(summary: str, article: str) -> bool:
    """A copied span after the first starts, wherever the article has it, right after a preposition (jieba tag p) that
    the summary does not have before it: the summary keeps the preposition's object and leaves out the preposition
    (中国国民党革命委员会第十四届 + 北京开幕 where the article has …在北京开幕; …筹备会议在 + 闭门形式举行 where it has
    以闭门形式). Rated blind, 16% of 25 such model outputs were fluent and 48% faithful, against 52% and 59% of the
    other outputs of two spans or more (every rating to the sixty-second: bench/rated_spans.py,
    `two_spans_or_more_prepositions`)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    if len(spans) < 2:
        return False
    ends = tagged_word_ends(article)
    for index in range(1, len(spans)):
        before = "".join(spans[:index])
        places = _occurrences(spans[index], article)
        if places and all(p in ends and ends[p][1] == "p" and not before.endswith(ends[p][0]) for p in places):
            return True
    return False


# Prepositions whose object is no subject: a summary opening on that object drops what ties it to the verb (向 | 韩国首尔中央
# 地方法院提起诉讼, 以 | 5G、人工智能为代表的…, 从 | 海南岛进入内地的…). Rated blind, 11 of 53 system headlines opening so
# (not garbled, of a headline's shape) were fluent, every rating to the sixty-fourth (bench/rated_endings.py,
# `openings_after_prepositions_of_headline_shaped`). Left out: 在, 对, 为, 随着, 关于, 对于, whose object often is a
# headline's subject or topic (随着 | 冬季旅游市场持续升温, 关于 | 严格规范涉企行政检查的意见).
_OBJECT_PREPOSITIONS = frozenset({"向", "以", "从", "给", "把", "由", "与", "将", "被", "跟"})
# …and 对 before a verb that acts on its object, which then reads as the actor (对 | 加沙地带…等地发动空袭, 对 |
# 全面依法治国工作作出重要指示): 0 of 9 such rated system headlines fluent and 1 faithful, against 19 of 28 that open after
# 对 without such a verb (坚决打好反腐败斗争攻坚战), every rating to the sixty-fifth
_ACTS_ON = re.compile(r"发动|实施|进行|展开|开展|发起|作出|予以|造成")


def starts_after_preposition(summary: str, article: str) -> bool:
    """The summary's first copied span starts, wherever the article has it, right after one of _OBJECT_PREPOSITIONS
    (a jieba word tagged p), or after 对 when the summary has a verb of _ACTS_ON: it keeps the preposition's object and
    leaves out the preposition (韩国首尔中央地方法院提起诉讼 where the article has 向韩国首尔中央地方法院提起诉讼)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    places = _occurrences(spans[0], article) if spans else []
    if not places:
        return False
    ends = tagged_word_ends(article)
    prepositions = _OBJECT_PREPOSITIONS | ({"对"} if _ACTS_ON.search(summary) else set())
    return all(p in ends and ends[p][1] == "p" and ends[p][0] in prepositions for p in places)


def cuts_word(summary: str, article: str) -> bool:
    """A copied span before the last ends, wherever the article has it, inside an article word (jieba): the
    summary leaves out the rest of the word and goes on with other words (习近平同印度总统穆 + 互致贺电 where the article
    has 穆尔穆; 深 + 走实 where it has 深化). Rated blind, 28% of 147 such model outputs that nothing else flagged were
    fluent and 24% faithful, against 57% and 68% of the other outputs of two spans or more (bench/rated_spans.py)."""
    summary, article = _plain(summary), _plain(article)
    spans = copied_spans(summary, article)
    if len(spans) < 2:
        return False
    starts = word_starts(article)
    for span in spans[:-1]:
        ends = [place + len(span) for place in _occurrences(span, article)]
        if ends and not any(end >= len(article) or end in starts for end in ends):
            return True
    return False


CLAUSE_MARKS = re.compile(r"[，、：；“”]")  # what a skipped stretch holding a clause break has


def skipped_stretches(summary: str, article: str) -> list[str] | None:
    """What the article holds between the summary's copied spans (copied_spans), each span placed at its first
    place after the one before, from the first place of the first; None when the spans cannot be placed in the
    article's order."""
    summary, article = _plain(summary), _plain(article)
    place, stretches = None, []
    for span in copied_spans(summary, article):
        start = article.find(span, place or 0)
        if start < 0:
            return None
        if place is not None:
            stretches.append(article[place:start])
        place = start + len(span)
    return stretches


def skipped_kinds(summary: str, article: str) -> tuple[str, ...] | None:
    """What the summary leaves out between its copied spans (skipped_stretches) holds: "punctuation" (CLAUSE_MARKS)
    and / or "verb" (span_copy.is_verb), in that order; None when the spans cannot be placed in the article's order."""
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    stretches = skipped_stretches(summary, article)
    if stretches is None:
        return None
    skipped = "".join(stretches)
    return tuple(kind for kind, found in (("punctuation", CLAUSE_MARKS.search(skipped)),
                                          ("verb", any(is_verb(word) for word in jieba.cut(skipped, HMM=False))))
                 if found)


def skips_clause(summary: str, article: str) -> bool:
    """What the summary leaves out between its copied spans, placed in the article's order, holds both clause
    punctuation and a verb (skipped_kinds): it joins the ends of clauses it skips (丁薛祥访问乌拉圭 + 总统 + 举行会谈 where
    the article has 会见乌拉圭总统奥尔西，同副总统高斯举行会谈). Rated blind, 52.6% of 133 such model outputs of two spans or
    more that no other check of fallback.is_flagged flagged were fluent and 63.2% faithful, against 71.3% and 81.5% of
    the other 541 (bench/rated_spans.py)."""
    return skipped_kinds(summary, article) == ("punctuation", "verb")


# jieba's tags of a name, place or organisation (and an abbreviation of one): what a skipped subject holds
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "nt", "ns", "nz", "j"})


def skips_named_clause(summary: str, article: str) -> bool:
    """One stretch the summary leaves out between its copied spans, placed in the article's order, holds a clause
    break (，；：) and a name, place or organisation (jieba's tags): it leaves out a clause's subject and joins what is
    around it (2024年 + 货物吞吐量达13.77亿吨 where the article has 2024年，宁波舟山港年货物吞吐量…; 习近平致电祝贺 + 当选… where it
    has 致电祝贺罗德里戈·帕斯·佩雷拉…当选). Rated blind, 69.6% of 23 such model outputs that no other check of
    fallback.is_flagged flagged were fluent and 73.9% faithful, against 84.9% and 90.9% of the other 783 of two spans or
    more, every rating to the sixty-ninth (bench/rated_spans.py); rating 70 rated it (bench/rating-named-clauses/)."""
    return any(re.search(r"[，；：]", stretch)
               and any(pair.flag in NAME_TAGS for pair in jieba.posseg.lcut(stretch, HMM=False))
               for stretch in skipped_stretches(summary, article) or [])


def breaks_order(summary: str, article: str) -> bool:
    """Whether the summary's characters are not a subsequence of the article's: no cover by spans copied in the
    article's order exists, so it puts words of the article before ones that come earlier there (二十四节气·暑 from
    小暑是二十四节气中的…; 联合国人权事务高级专员：加沙地带有… where the commissioner's name comes after the count). Rated blind,
    40.6% of 101 such model outputs of two spans or more that no other check of fallback.is_flagged flagged were
    fluent and 53.5% faithful, against 78.8% and 87.8% of the other 377 (bench/rated_spans.py)."""
    characters = iter(_plain(article))
    return not all(character in characters for character in _plain(summary))


def summary_words(summary: str) -> list[str]:
    """jieba words of the summary, punctuation left out."""
    return [w for w in jieba.cut(_plain(summary), HMM=False) if _HAS_WORD_CHARACTER.search(w)]


def novel_word_rate(summaries: list[str], articles: list[str]) -> float:
    """Share of all summary words (jieba) that are not substrings of their article."""
    novel = total = 0
    for summary, article in zip(summaries, articles, strict=True):
        words = summary_words(summary)
        plain_article = _plain(article)
        novel += sum(word not in plain_article for word in words)
        total += len(words)
    return novel / total if total else 0.0


def novel_trigram_rate(summaries: list[str], articles: list[str]) -> float:
    """Share of all summary character 3-grams absent from their article."""
    novel = total = 0
    for summary, article in zip(summaries, articles, strict=True):
        plain, plain_article = _plain(summary), _plain(article)
        grams = [plain[i:i + 3] for i in range(len(plain) - 2)]
        novel += sum(gram not in plain_article for gram in grams)
        total += len(grams)
    return novel / total if total else 0.0


def has_unbalanced_marks(summary: str) -> bool:
    """An opening quote or title mark left open, or a closing one with nothing to close
    (“中国式现代化, 和平》展览)."""
    return any(summary.count(opening) != summary.count(closing) for opening, closing in PAIRED_MARKS)


def garble_scores(summaries: list[str], articles: list[str]) -> dict[str, float]:
    """Shares of summaries with a stitch / a doubled character / either / unbalanced quote or title
    marks, and the novel-word and novel-3-gram rates: the dict merged into every row of metrics.json."""
    stitched = [stitch_count(s, a) > 0 for s, a in zip(summaries, articles, strict=True)]
    doubled = [bool(doubled_characters(s, a)) for s, a in zip(summaries, articles)]
    return {
        "stitch_share": float(np.mean(stitched)) if summaries else 0.0,
        "doubled_char_share": float(np.mean(doubled)) if summaries else 0.0,
        "garbled_share": float(np.mean(np.logical_or(stitched, doubled))) if summaries else 0.0,
        "cut_off_share": float(np.mean([is_cut_off(s, a) for s, a in zip(summaries, articles)])) if summaries else 0.0,
        "unbalanced_marks_share": (float(np.mean([has_unbalanced_marks(s) for s in summaries]))
                                   if summaries else 0.0),
        "novel_word_rate": novel_word_rate(summaries, articles),
        "novel_trigram_rate": novel_trigram_rate(summaries, articles),
    }


@functools.lru_cache(maxsize=1024)
def _plain(text: str) -> str:
    """The characters every statistic counts (zhnews.summary.rouge_metric.summary_chars), as one string. Cached: the
    fallback's checks ask for the same article's a dozen times per summary (bench/bench_fallback_speed.py)."""
    return "".join(summary_chars(text))


def score_with_garble(summaries: list[str], references: list[str], articles: list[str]) -> dict[str, float]:
    """ROUGE and the output statistics (zhnews.summary.rouge_metric.score_summaries) plus the garble measures."""
    return {**score_summaries(summaries, references, articles), **garble_scores(summaries, articles)}
