"""Extractive summary peers: what a seq2seq model has to beat on the same split.

- `lead_1`: the article's first sentence (a strong peer for news: the lead carries the story).
- `lead_1_cut`: the first sentence cut to N characters (N = the model's mean length, so that
  ROUGE compares summaries of the same length).
- `lead_clause`: the first clause or clauses of the lead, up to 30 characters, cut at punctuation,
  after a dateline (本报北京5月1日电（记者…）) is stripped: fluent by construction.
- `guided_clause` (not a peer: it needs a model's summary): the run of whole lead clauses most like it, among
  the runs that can stand as a headline (`headline_like`).
- `textrank`: the most central sentence of a character-bigram overlap graph (Mihalcea & Tarau 2004,
  with character bigrams standing in for words, so no segmenter is needed).

And the summariser's clause fallback (issue 7), built on the same lead clauses: `is_flagged` (what a summary must not
be), `clause_runs` (the candidates, also from the lead compressed as headlines write it: `compress_sentence`),
`clause_fallback` / `fluency_fallback` (the choice), and `shortened` (the chosen headline without dates and titles).
"""

import math
import re

import jieba
import numpy as np

from zhnews.summary.garble import drops_number, is_cut_off, is_garbled, jumps_sentences
from zhnews.text import PAIRED_MARKS, normalize_text, split_sentences


def _sentences(text: str) -> list[str]:
    sentences = split_sentences(normalize_text(text))
    return sentences or [text.strip()]


def lead_1(text: str) -> str:
    return _sentences(text)[0]


def lead_1_cut(text: str, max_chars: int) -> str:
    return lead_1(text)[:max_chars]


LEAD_CLAUSE_MAX_CHARS = 30
# 本报北京5月1日电（记者张三）, (据)新华社北京12月31日电, 本报讯（记者…）, 央视网消息（新闻联播）：
_DATELINE = re.compile(r"^(?:据?(?:本报|新华社|中新社|人民网|新华网|央视网)[^，。\n]{0,20}?(?:日电|讯|消息)"
                       r"|[^，。\n]{0,12}?\d{1,2}月\d{1,2}日电)"
                       r"\s*(?:[（(][^）)\n]{0,40}[）)])?\s*[：:]?\s*")
_CLAUSE_END = re.compile(r"(?<=[，、：；。！？!?;:])")
_TRAILING_PUNCTUATION = "，、：；。！？!?;:"


def strip_dateline(text: str) -> str:
    """The article without its opening dateline (the rest unchanged when there is none)."""
    text = normalize_text(text)
    stripped = _DATELINE.sub("", text, count=1)
    return stripped if stripped.strip() else text


def lead_clause(text: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS) -> str:
    """As many whole clauses of the lead sentence as fit in max_chars (at least the first one, cut
    to max_chars when it alone is longer), without the closing punctuation."""
    clauses = [c for c in _CLAUSE_END.split(lead_1(strip_dateline(text))) if c]
    kept = clauses[0][:max_chars]
    for clause in clauses[1:]:
        if len(kept) + len(clause.rstrip(_TRAILING_PUNCTUATION)) > max_chars:
            break
        kept += clause
    return kept.rstrip(_TRAILING_PUNCTUATION)


_BULLETS = "■□●○◆◇▲△★☆▶►•· "


def _marks_paired(run: str) -> bool:
    """Every quote or title mark closes one opened before it, and every opened one closes."""
    for opening, closing in PAIRED_MARKS:
        depth = 0
        for char in run:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


def _tidy_run(run: str) -> str:
    """A clause run as a headline: no leading bullet (■), no opening quote or title mark at its start
    whose partner lies beyond it (“党的二十届三中全会胜利召开), nor such a closing one at its end; a run
    whose marks still do not pair up is dropped (empty)."""
    run = run.lstrip(_BULLETS)
    for opening, closing in PAIRED_MARKS:
        if run.startswith(opening) and run.count(opening) > run.count(closing):
            run = run[1:]
        if run.endswith(closing) and run.count(closing) > run.count(opening):
            run = run[:-1]
    return run if _marks_paired(run) else ""


# A run of clauses ends at a comma, colon or semicolon, never at the enumeration comma 、 (总书记、国家主席)
_RUN_END = re.compile(r"(?<=[，：；。！？!?;:])")
HEADLINE_MIN_CHARS = 8
# Extracts blind raters called "not a headline" (bench/rating-clause/): a speaker without the words
# (李强表示), a time or circumstance without the event (1月5日零时起, 在…召开之际, 为加快建设…), a clause
# that leans on the one before (包括…, 同比增长9.8%), a pronoun with nothing to point to (祝贺他就任…).
_NOT_A_HEADLINE = (
    re.compile(r"(?:表示|称|说|指出|强调|认为|介绍|透露|宣布|显示|看来|来看|提出|写道|谈到|了解到)$"),
    re.compile(r"(?:以来|之际|前夕|期间|之时|年来|时起|之后|之前|过程中)$"),
    re.compile(r"^在.*[中上时]$"),
    re.compile(r"^(?:为(?!期)了?|对于|关于|随着|据|根据|从|包括|其中|同时|此外|并且?|而且?|但是?|以及|及|同比|比|较|截至|"
               r"时任|至此|因此|所以|因为|由于|如果|虽然|尽管|通过|按照|围绕|针对|除了?|其(?![他余]))"),
    re.compile(r"(?<![其吉利])[他她]|我们|我(?![国省市区县军校院])|[你您咱]"),
    # …and from the tenth rating (bench/rating-cut/): a source frame (记者从…获悉), a cause or time frame with
    # nothing after it (受…影响, 我国将用15年时间, …代表今天), a clause leaning on the one before (也是…)
    re.compile(r"获悉|据悉|据了解|^受.*影响$|(?:影响|时间|今天|当天|背景下)$|^(?:也|亦|仍|则|又)"),
    # …and pooled over every rating to 2026-12-01 (bench/rating*/): a clause that opens on 是, its subject left in
    # the clause before (是中国式现代化的重要特征): 0 of 12 rated fluent, and no printed headline starts so
    re.compile(r"^是(?!否)"),
    # …and from the fourteenth (bench/rating-shipped/): a commission or an occasion without the act (受…委派,
    # 应…邀请, 在…现场, …审议时, 借助…的契机), a clause leaning on the one before (就能…)
    re.compile(r"^受.*(?:委派|委托|邀请)$|^应.*邀请$|^在.*(?:[里内下]|现场|之际|期间)$|在.+时$|(?:契机|之机)$"
               r"|^(?:就|才)(?:能|可|会|要|是)"),
    # …and pooled over every rating to 2026-12-01: a setting without the event, on a meeting or road (…年会上, 在二十届
    # 中央纪委四次全会上, 广大民营企业和民营企业家在新征程上): none of 15 such rated outputs fluent, and no printed headline
    re.compile(r"(?:会议?|征程|路|战线|论坛)上$"),
)
# …and pooled over every rating to 2026-12-01 (bench/rating*/): a clause whose first word is the preposition 在, the
# circumstance before a subject it mostly lacks (在西藏自治区成立60周年, 在北京航天城首次…亮相): 15 of 59 such rated model and
# clause outputs that no shape above caught were fluent, against 63% of the other ungarbled ones. The 15 printed
# headlines of that shape (在发展中保障和改善民生) were all fluent; a summariser copying clauses rarely writes one
_NOT_A_HEADLINE_FIRST_WORDS = frozenset({"在"})


def has_headline_shape(text: str) -> bool:
    """None of the shapes in _NOT_A_HEADLINE (a speaker without the words, a frame without the event, …), and no
    first word in _NOT_A_HEADLINE_FIRST_WORDS."""
    if any(shape.search(text) for shape in _NOT_A_HEADLINE):
        return False
    words = jieba.lcut(text, HMM=False)
    return not words or words[0] not in _NOT_A_HEADLINE_FIRST_WORDS


_TIME_OF_DAY = "(?:上午|下午|晚上|晚间|晚|凌晨|早上|中午|傍晚)"
# a date, and its time of day, where a headline leaves it out (1日在京会见, 今天（7月3日）上午举行, 近日印发); kept in a
# range, before a time, 是, 起 or 前, or in a modifier (1月20日零时至2月8日24时, 7月1日起, 6月16日出版的第12期)
_DATE = re.compile(rf"(?<![\d年月第至到于自从—－（(-])(?:今天|昨天|当天|当地时间)?"
                   rf"(?:[（(](?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日[）)]|(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日)"
                   rf"{_TIME_OF_DAY}?(?![\d零的至到起电前后以是（(上下晚凌早中傍])(?![^，。]{{0,3}}的)"
                   r"|(?<![\u4e00-\u9fff])(?:近日|日前)(?![^，。]{0,4}的)")
_LEADERS = "习近平|李强|赵乐际|王沪宁|蔡奇|丁薛祥|李希|韩正"
_TITLE = r"(?:中共|中央|国家|国务院|全国|中国)[\u4e00-\u9fff]{0,8}?(?:总书记|主席|总理|委员长|常委|书记|委员|主任|部长)"
# the titles before a leader's name, from the start of a clause: 中共中央政治局常委、全国政协主席王沪宁
_TITLES = re.compile(rf"(?:^|(?<=[，。；：]))(?:{_TITLE}、)*{_TITLE}(?={_LEADERS})")


# where a leader met or attended and why the guest came, which headlines of a meeting leave out (习近平在北京人民大会堂同
# 来华进行国事访问的阿塞拜疆总统举行会谈 → 习近平同阿塞拜疆总统举行会谈, 丁薛祥在达沃斯出席… → 丁薛祥出席…)
_VENUE = re.compile(rf"({_LEADERS})在[^，。；、的上中]{{1,8}}?(?=会见|会晤|集体会见|同|出席)")
_GUEST_ERRAND = re.compile(r"(会见|会晤|同)来华[^，。；]{0,40}?的(?=[^，。；]{0,12}?(?:总统|总理|主席|国王|首相|议长|外长|部长|"
                           r"秘书长|代表团|领导人|贵宾|政要))")


def compress_sentence(sentence: str) -> str:
    """The sentence without its dates and times of day (1日, 今天（7月3日）上午, 近日), without the titles before a
    leader's name (中共中央总书记、国家主席、中央军委主席习近平 → 习近平) and without a meeting's venue and the guest's
    errand (在人民大会堂会见来华进行国事访问的… → 会见…), as headlines write it."""
    short = _TITLES.sub("", _DATE.sub("", sentence))
    short = _GUEST_ERRAND.sub(r"\1", _VENUE.sub(r"\1", short))
    return re.sub(r"，{2,}", "，", short).lstrip("，、")


def shortened(article: str, headline: str) -> str:
    """The headline compressed as a sentence is (compress_sentence: 国务院总理李强9月19日主持召开… → 李强主持召开…), when
    that still reads as a headline (headline_like) and copies the article cleanly (not garbled); else the headline."""
    short = compress_sentence(headline)
    if short != headline and headline_like(short) and not is_garbled(short, article):
        return short
    return headline


def headline_like(run: str) -> bool:
    """Whether a clause run can stand as a headline: at least HEADLINE_MIN_CHARS characters and
    has_headline_shape."""
    return len(run) >= HEADLINE_MIN_CHARS and has_headline_shape(run)


def clause_runs(text: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS, sentences: int = 2) -> list[str]:
    """Every run of whole clauses within one of the first `sentences` sentences (after their datelines), or within
    one of them compressed as headlines write it (compress_sentence: 全国政协主席王沪宁1日在京会见… → 王沪宁会见…),
    that fits in max_chars, without its closing punctuation (tidied: _tidy_run): extracts that cannot stop
    mid-phrase. Only the headline_like ones, unless there are none; never a compressed run the garble measures flag
    (习近平同斯里兰卡总统…, whose greedy cover is 同斯 + 里兰卡… where the article has 中方愿同斯方)."""
    # a later sentence can open with a dateline of its own (a story printed after its summary paragraph)
    lead = [strip_dateline(sentence) for sentence in split_sentences(strip_dateline(text))[:sentences]]
    lead += [short for short in map(compress_sentence, lead) if short not in lead]
    # a lead whose clauses are all long lists (、) gets runs cut at 、 rather than none
    runs = _runs(lead, _RUN_END, max_chars) or _runs(lead, _CLAUSE_END, max_chars)
    runs = [run for run in dict.fromkeys(runs) if run in text or not is_garbled(run, text)]
    return [run for run in runs if headline_like(run)] or runs


def _runs(sentences: list[str], boundary: re.Pattern, max_chars: int) -> list[str]:
    runs = []
    for sentence in sentences:
        clauses = [c for c in boundary.split(sentence) if c]
        for start in range(len(clauses)):
            kept = ""
            for clause in clauses[start:]:
                if len((kept + clause).rstrip(_TRAILING_PUNCTUATION)) > max_chars:
                    break
                kept += clause
                runs.append(_tidy_run(kept.rstrip(_TRAILING_PUNCTUATION)))
    return [run for run in runs if run]


def lcs_f1(a: str, b: str) -> float:
    """Character LCS F1 of two strings (ROUGE-L F1 on characters, without ROUGE's tokenisation)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return 2 * previous[-1] / (len(a) + len(b)) if previous[-1] else 0.0


def guided_clause(text: str, guide: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS) -> str:
    """The clause run of the lead (clause_runs) most like `guide`, e.g. a model's summary (char LCS F1; the
    shorter on a tie): the guide's content in the article's own, whole clauses. The guide itself when no
    clause run fits in max_chars."""
    runs = clause_runs(text, max_chars)
    return max(runs, key=lambda run: (lcs_f1(run, guide), -len(run))) if runs else guide


def is_flagged(article: str, summary: str, cut_offs: bool = True, shapes: bool = True,
               sentence_jumps: bool = True, numbers: bool = True) -> bool:
    """Whether the fallback replaces the summary: the garble measures flag it (a stitch or a doubled character),
    or with cut_offs it stops mid-clause before a verb or particle (garble.is_cut_off), or with shapes it has a
    shape that cannot stand as a headline (has_headline_shape: 欧盟成员国代表今天, 受持续强降雨天气影响,
    …民主生活会上强调: 10% of 40 rated model outputs of those shapes were fluent, against 61% of the other
    1,396 that were not garbled or cut off: bench/rated_endings.py), or with sentence_jumps it joins spans of
    different article sentences (garble.jumps_sentences: 25.6% fluent and 30.5% faithful of 524 rated model
    outputs, against 54.1 / 64.7% of the 913 copied in two spans or more from one sentence: bench/rated_spans.py),
    or with numbers a copied span leaves out the number it follows in the article (garble.drops_number: 50.5 +
    个月位于扩张区间)."""
    return (is_garbled(summary, article) or (cut_offs and is_cut_off(summary, article))
            or (shapes and not has_headline_shape(summary))
            or (sentence_jumps and jumps_sentences(summary, article))
            or (numbers and drops_number(summary, article)))


def clause_fallback(article: str, summary: str, **checks) -> str:
    """The summary, unless is_flagged (its checks switched off by keyword: cut_offs=False, …); then the guided
    clause. Rated blind, the clause was faithful where 7–8 of 9–13 flagged outputs were not (bench/rating-clause/),
    and 81–86% of guided clauses were fluent headlines (bench/rating-headline/). Either way shortened: without its
    dates and the titles before a leader's name, where it still reads as a headline."""
    return shortened(article, guided_clause(article, summary) if is_flagged(article, summary, **checks) else summary)


def fluency_fallback(article: str, summary: str, scorer, fluency_floor: float = 0.0, clause_floor: float = 0.0,
                     **checks) -> str:
    """clause_fallback with a fluency estimate (`scorer.score(headlines, articles)`, e.g.
    zhnews.summary.fluency.FluencyScorer): a summary is replaced when is_flagged, or when its estimate is below
    fluency_floor; its replacement is the clause run most like it among those estimated at least clause_floor
    (and, for an unflagged summary, above the summary's own estimate). With no such run a flagged summary gets
    the guided clause and an unflagged one stays. Whichever it returns is shortened, as in clause_fallback."""
    return shortened(article, _fluency_choice(article, summary, scorer, fluency_floor, clause_floor, **checks))


def _fluency_choice(article: str, summary: str, scorer, fluency_floor: float, clause_floor: float, **checks) -> str:
    flagged = is_flagged(article, summary, **checks)
    estimate = None if flagged else scorer.score([summary], [article])[0]
    if not flagged and estimate >= fluency_floor:
        return summary
    runs = clause_runs(article)
    eligible = [run for run, run_estimate in zip(runs, scorer.score(runs, [article] * len(runs)))
                if run_estimate >= clause_floor and (flagged or run_estimate > estimate)]
    if eligible:
        return max(eligible, key=lambda run: (lcs_f1(run, summary), -len(run)))
    return guided_clause(article, summary) if flagged else summary


def _bigrams(sentence: str) -> set[str]:
    chars = [ch for ch in sentence if not ch.isspace()]
    return {a + b for a, b in zip(chars, chars[1:])}


def similarity_matrix(sentences: list[str]) -> np.ndarray:
    """TextRank similarity: shared bigrams over log(|A|) + log(|B|), which keeps long sentences
    from winning on length alone."""
    grams = [_bigrams(s) for s in sentences]
    n = len(sentences)
    weights = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            norm = math.log(len(grams[i]) + 1) + math.log(len(grams[j]) + 1)
            if norm > 0:
                weights[i, j] = weights[j, i] = len(grams[i] & grams[j]) / norm
    return weights


def pagerank(weights: np.ndarray, damping: float = 0.85, tolerance: float = 1e-6,
             max_iterations: int = 100) -> np.ndarray:
    """Scores of a weighted undirected graph by power iteration; a node without edges spreads evenly."""
    n = len(weights)
    out = weights.sum(axis=1, keepdims=True)
    transition = np.where(out > 0, weights / np.where(out > 0, out, 1), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < tolerance:
            return updated
        scores = updated
    return scores


def textrank(text: str, max_chars: int | None = None) -> str:
    """The highest-ranked sentence (the earlier one on a tie), optionally cut to max_chars."""
    sentences = _sentences(text)
    scores = pagerank(similarity_matrix(sentences))
    best = int(np.argmax(np.round(scores, 9)))  # argmax takes the first of equal scores
    return sentences[best][:max_chars]


def peer_summaries(texts: list[str], cut_chars: int) -> dict[str, list[str]]:
    """All peers for a list of articles, keyed by the names used in metrics.json."""
    return {
        "lead_1": [lead_1(t) for t in texts],
        "lead_1_cut": [lead_1_cut(t, cut_chars) for t in texts],
        "lead_clause": [lead_clause(t) for t in texts],
        "textrank": [textrank(t) for t in texts],
    }
