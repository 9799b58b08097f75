"""The summariser's clause fallback (issue 7): a summary that cannot stand as a headline gives way to a run of whole
clauses of the article's lead, which cannot stop mid-phrase or fuse two words.

- `is_flagged`: what a summary must not be (garbled, cut off, not a headline's shape or unfinished, jumping
  sentences, dropping a number, cutting a word, joining the ends of clauses it skips, out of the article's order);
- `clause_runs`: the candidates, from the lead sentences and from them compressed as headlines write them
  (headline_shape.compress_sentence);
- `guided_clause`: the run most like a model's summary;
- `clause_fallback` / `fluency_fallback`: the choice, the second steered by the fluency estimate
  (zhnews/summary/fluency.py);
- `finished`: the chosen headline with the subject its predicate lacks, and `shortened`: without its dates and titles.
"""

import re

from zhnews.summary.extractive import (CLAUSE_END, LEAD_CLAUSE_MAX_CHARS, TRAILING_PUNCTUATION, story_first,
                                      strip_dateline)
from zhnews.summary.fluency import follows_verb, precedes_predicate
from zhnews.summary.garble import (breaks_order, cuts_word, drops_number, drops_preposition, ends_before_holder,
                                   ends_on_means, is_cut_off, is_garbled, jumps_sentences, skips_clause,
                                   skips_named_clause, starts_after_preposition, starts_inside_word)
from zhnews.summary.headline_shape import (compress_sentence, has_headline_shape, has_inner_subject, headline_like,
                                           is_modified_noun_phrase, is_noun_phrase, is_unfinished, names_its_subject,
                                           obituary_headline, opens_on_true_verb, opens_on_verb, publication_headline,
                                           with_subject)
from zhnews.summary.rating import shown_lead
from zhnews.text import PAIRED_MARKS, in_source_case, split_sentences


_BULLETS = "■□●○◆◇▲△★☆▶►•· "
# how long a run may be when no run of LEAD_CLAUSE_MAX_CHARS can stand as a headline (a lead whose first sentences
# are long: 赵乐际表示，去年 gives way to 习近平主席和奥尔塔总统就共建中国东帝汶命运共同体大方向达成重要共识)
LONG_RUN_MAX_CHARS = 40
# …and how long when none of those can either: a lead whose first sentences have no clause of 40 characters or less
# that is estimated fluent, and whose fragments are bare frames (当地时间5月7日, 俄罗斯国防部27日称)
LONGEST_RUN_MAX_CHARS = 60
# how much the fluency estimate counts, beside likeness to the summary (char LCS F1), in picking its replacement:
# among eligible runs, argmax lcs_f1(run, summary) + ESTIMATE_WEIGHT × estimate (bench/bench_fluency_floors.py
# --estimate-weights; bench/rating-estimate-weight/)
ESTIMATE_WEIGHT = 0.5
# how much more fluent a lead clause run holding the whole summary must be estimated for the summary to give way to
# it: the summary's own words and what completes them (福建厦门港海润码头 → 福建厦门港海润码头，53台巨型“充电宝”乘船驶往海外;
# bench/rating-completions/)
COMPLETION_GAIN = 0.2
# …and for a summary that is the object of a verb it left out (发布 | 《2024年全国医疗保障事业发展统计公报》:
# fluency.follows_verb), how much less fluent the run holding it with its verb may be estimated (国家医保局发布《…》):
# 48% of 252 such rated system headlines were fluent, against 65% of the others, every rating to the fifty-second;
# 20 of 5,288 printed ones have the shape (bench/rated_endings.py, `objects_of_headline_shaped`)
# Since session 19 also for a subject without its predicate (…选举结果 | 于今天清晨揭晓: fluency.precedes_predicate): 38.7%
# of 31 such rated 新闻联播 and 34.3% of 35 newspaper system headlines were fluent, against 66.2% and 62.8% of the others
# (every rating to the fifty-ninth; bench/rated_endings.py, `subjects_of_headline_shaped`)
OBJECT_COMPLETION_GAIN = -0.2
# …and only by a run with a subject: one opening on a verb (发布《…》白皮书, 要求各地…) or on the year as the subject of 是
# (今年是…成立60周年) completes the summary as other completions do, COMPLETION_GAIN higher (10 of 14 such completions
# were rated not fluent by both raters, and the other 4 summaries were already fluent: bench/rating-objects/)
_YEAR_IS = re.compile(r"(?:今年|去年|明年|\d{4}年)是")
# When no clause run clears the clause floor, the run the fluency estimate puts highest still replaces a summary below the
# floor (or the guided clause of a flagged one) if it is estimated at least this much higher. Without it, raising the
# floors left a summary below them in place whenever no run cleared the clause floor; with it and floors of 0.75 and 0.8
# (were 0.55 and 0.6), 50 random changed articles per set were rated fluent 58 → 84% (新闻联播) and 56 → 66% (newspaper),
# only the new choice fluent on 27 articles and only the old one on 9 (sign test p = 0.004; bench/rating-best-run/)
BEST_RUN_MARGIN = 0.1


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
    whose partner lies beyond it (“党的二十届三中全会胜利召开), nor such a closing one at its end, nor the full stop
    before that one (…走下去。”); a run whose marks still do not pair up is dropped (empty)."""
    run = run.lstrip(_BULLETS)
    for opening, closing in PAIRED_MARKS:
        if run.startswith(opening) and run.count(opening) > run.count(closing):
            run = run[1:]
        if run.endswith(closing) and run.count(closing) > run.count(opening):
            run = run[:-1].rstrip(TRAILING_PUNCTUATION)  # …走下去。” → …走下去
    return run if _marks_paired(run) else ""


# a reporter's frame before the news (记者从国家发展改革委了解到，…; 记者发现，…)
_REPORTER_FRAME = re.compile(r"记者[^，]{0,20}(?:了解到|获悉|发现|看到|注意到|采访)")
# A run of clauses ends at a comma, colon or semicolon, never at the enumeration comma 、 (总书记、国家主席)
_RUN_END = re.compile(r"(?<=[，：；。！？!?;:])")
# …and never runs on over an ellipsis, which ends what comes before it (认真打磨完善建议文稿……临近全国两会): the runs come
# from each side apart, without the ellipsis
_AFTER_ELLIPSIS = re.compile(r"(?:……|…)(?![”’」』）)》])")


def shortened(article: str, headline: str) -> str:
    """The headline compressed as a sentence is (compress_sentence: 国务院总理李强9月19日主持召开… → 李强主持召开…), when
    that still reads as a headline (headline_like) and copies the article cleanly (not garbled); else the headline."""
    short = compress_sentence(headline)
    if short != headline and headline_like(short) and not is_garbled(short, article):
        return short
    return headline


def finished(article: str, headline: str, max_chars: int | None = None) -> str:
    """The chosen headline with the subject its predicate lacks (headline_shape.with_subject: 乘包机回到北京 →
    李强乘包机回到北京), within max_chars (LEAD_CLAUSE_MAX_CHARS by default), then shortened."""
    return shortened(article, with_subject(headline, article, max_chars or LEAD_CLAUSE_MAX_CHARS))


def clause_runs(text: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS, sentences: int = 2,
                longest: bool = True) -> list[str]:
    """Every run of whole clauses within one of the first `sentences` sentences (after their datelines), or within
    one of them compressed as headlines write it (compress_sentence: 全国政协主席王沪宁1日在京会见… → 王沪宁会见…),
    that fits in max_chars, without its closing punctuation (tidied: _tidy_run): extracts that cannot stop
    mid-phrase; a run that opens on a verb after a sentence's first clause also from the sentence's start (_runs).
    Only the headline_like ones that are not noun phrases (headline_shape.is_noun_phrase: 湖北省嘉鱼县新街镇);
    with none, those up to LONG_RUN_MAX_CHARS; with none either and with longest, those up to LONGEST_RUN_MAX_CHARS
    that do not lack their subject (lacks_subject; 近日，由海军福建舰…组成的航母编队…返回三亚某军港 rather than 这是福建舰…);
    with none either, the headline_like ones, unless there are none, and
    of those only the ones that are not noun phrases, unless all are. Never a compressed run the garble measures
    flag (习近平同斯里兰卡总统…, whose greedy cover is 同斯 + 里兰卡… where the article has 中方愿同斯方)."""
    # a later sentence can open with a dateline of its own (a story printed after its summary paragraph)
    lead = [strip_dateline(sentence) for sentence in split_sentences(strip_dateline(text))[:sentences]]
    lead = [piece for sentence in lead for piece in _AFTER_ELLIPSIS.split(sentence) if piece]
    lead += [short for short in map(compress_sentence, lead) if short not in lead]
    runs = _clean_runs(lead, text, max_chars)
    events = [run for run in runs if headline_like(run) and not is_noun_phrase(run)]
    if not events and LONG_RUN_MAX_CHARS > max_chars:
        events = [run for run in _clean_runs(lead, text, LONG_RUN_MAX_CHARS)
                  if headline_like(run) and not is_noun_phrase(run)]
    if not events and longest and LONGEST_RUN_MAX_CHARS > max_chars:
        events = [run for run in _clean_runs(lead, text, LONGEST_RUN_MAX_CHARS)
                  if headline_like(run) and not is_noun_phrase(run) and not lacks_subject(run)]
    if events:
        return events
    runs = [run for run in runs if headline_like(run)] or runs
    return [run for run in runs if not is_noun_phrase(run)] or runs


def _clean_runs(lead: list[str], text: str, max_chars: int) -> list[str]:
    # a lead whose clauses are all long lists (、) gets runs cut at 、 rather than none
    runs = _runs(lead, _RUN_END, max_chars) or _runs(lead, CLAUSE_END, max_chars)
    # …but never one cut at 、 after a leader's title (…《求是》杂志发表中共中央总书记 | 、国家主席…), nor one ending on a
    # subject with its means where the sentence goes on to the event (四川通过打破行业壁垒、重构消费场景 | ，推动…)
    return [run for run in dict.fromkeys(runs) if (run in text or not is_garbled(run, text))
            and not ends_before_holder(run, text) and not ends_on_means(run, text)]


def _runs(sentences: list[str], boundary: re.Pattern, max_chars: int) -> list[str]:
    """Each run of whole clauses of each sentence that fits in max_chars; and a run that opens on a verb after the
    sentence's first clause also from the sentence's start, where that fits in LONG_RUN_MAX_CHARS (…抵达开罗，
    开始对埃及进行正式访问 with its subject: 国务院总理李强乘专机抵达开罗，开始对埃及进行正式访问)."""
    runs = []
    for sentence in sentences:
        clauses = [c for c in boundary.split(sentence) if c]
        for start in range(len(clauses)):
            opening = "".join(clauses[:start]) if start and opens_on_verb(clauses[start]) else ""
            kept = ""
            for clause in clauses[start:]:
                if len((kept + clause).rstrip(TRAILING_PUNCTUATION)) > max_chars:
                    break
                kept += clause
                runs.append(_tidy_run(kept.rstrip(TRAILING_PUNCTUATION)))
                whole = (opening + kept).rstrip(TRAILING_PUNCTUATION)
                if opening and len(whole) > max_chars and len(whole) <= max(max_chars, LONG_RUN_MAX_CHARS):
                    runs.append(_tidy_run(whole))
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


def guided_clause(text: str, guide: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS, longest: bool = True) -> str:
    """The clause run of the lead (clause_runs) most like `guide`, e.g. a model's summary (char LCS F1; the
    shorter on a tie): the guide's content in the article's own, whole clauses. The guide itself when no
    clause run fits in max_chars (or, with longest, in LONGEST_RUN_MAX_CHARS where no shorter run is an event)."""
    runs = clause_runs(text, max_chars, longest=longest)
    return max(runs, key=lambda run: (lcs_f1(run, guide), -len(run))) if runs else guide


def is_flagged(article: str, summary: str, cut_offs: bool = True, shapes: bool = True,
               sentence_jumps: bool = True, numbers: bool = True, word_cuts: bool = True,
               skipped_clauses: bool = True, spans_in_order: bool = True, prepositions: bool = True) -> bool:
    """Whether the fallback replaces the summary: the garble measures flag it (a stitch or a doubled character),
    or with cut_offs it stops mid-clause before a verb or particle (garble.is_cut_off), or with shapes it has a
    shape that cannot stand as a headline (has_headline_shape: 欧盟成员国代表今天, 受持续强降雨天气影响,
    …民主生活会上强调: 10% of 40 rated model outputs of those shapes were fluent, against 61% of the other
    1,396 that were not garbled or cut off: bench/rated_endings.py; or it is unfinished: headline_shape.is_unfinished,
    俄罗斯国防部称，过去一天), or with sentence_jumps it joins spans of different article sentences
    (garble.jumps_sentences: 25.6% fluent and 30.5% faithful of 524 rated model outputs, against 54.1 / 64.7% of the
    913 copied in two spans or more from one sentence: bench/rated_spans.py), or with numbers a copied span leaves
    out the number it follows in the article (garble.drops_number: 50.5 + 个月位于扩张区间), or with word_cuts a copied
    span before the last ends inside an article word (garble.cuts_word: 习近平同印度总统穆 + 互致贺电) or the first starts
    inside one (garble.starts_inside_word: 千伏输变电工程… where the article has 750千伏), or with
    skipped_clauses its spans leave out a stretch holding clause punctuation and a verb (garble.skips_clause:
    丁薛祥访问乌拉圭 + 总统 + 举行会谈), or with spans_in_order it cannot be copied in the article's order
    (garble.breaks_order: 二十四节气·暑 from 小暑是二十四节气中的…), or with prepositions a copied span keeps a
    preposition's object and leaves out the preposition (garble.drops_preposition: …第十四届 + 北京开幕 where the article
    has 在北京开幕) or it opens on such an object (garble.starts_after_preposition: 韩国首尔中央地方法院提起诉讼 where the
    article has 向韩国首尔…)."""
    return (is_garbled(summary, article) or (cut_offs and is_cut_off(summary, article))
            or (shapes and (not has_headline_shape(summary) or is_unfinished(summary)))
            or (sentence_jumps and jumps_sentences(summary, article))
            or (numbers and drops_number(summary, article))
            or (prepositions and (drops_preposition(summary, article) or starts_after_preposition(summary, article)))
            or (word_cuts and (cuts_word(summary, article) or starts_inside_word(summary, article)))
            or (skipped_clauses and (skips_clause(summary, article) or skips_named_clause(summary, article)))
            or (spans_in_order and breaks_order(summary, article)))


def lacks_subject(run: str) -> bool:
    """Whether the run opens on a verb or a directive (涵盖服务贸易…, 要在提高认识…方面进一步落实到位): a predicate whose
    subject is in the clause before. 56% of 799 such rated system headlines copied from mid-sentence were fluent,
    against 76% of the other 2,828 (bench/rated_endings.py, `openings_of_mid_sentence_copies`)."""
    return (opens_on_verb(run) or run.startswith("要")) and not has_inner_subject(run)


def printed_convention(article: str) -> str | None:
    """The headline newspapers print for every lead of its kind, where there is one: an obituary's
    (headline_shape.obituary_headline: 彭珮云同志逝世) or a publication's (headline_shape.publication_headline:
    《求是》杂志发表习近平总书记重要文章《X》, 《X》出版发行); else None."""
    return obituary_headline(article) or publication_headline(article)


def _prepared(article: str, summary: str, max_chars: int | None = None) -> tuple[str, str, str | None]:
    """What both fallbacks start from: the article with a leader's letter after its news story (story_first), the
    summary's Latin words in the article's case (in_source_case), and the printed convention for the lead, if there
    is one within max_chars."""
    article = story_first(article)
    convention = printed_convention(article)
    if convention and max_chars is not None and len(convention) > max_chars:
        convention = None
    return article, in_source_case(summary, article), convention


def clause_fallback(article: str, summary: str, **checks) -> str:
    """The summary, unless is_flagged (its checks switched off by keyword: cut_offs=False, …); then the guided
    clause. Rated blind, the clause was faithful where 7–8 of 9–13 flagged outputs were not (bench/rating-clause/),
    and 81–86% of guided clauses were fluent headlines (bench/rating-headline/). Either way finished: a predicate
    copied without its subject gets it (headline_shape.with_subject), and shortened: without its dates and the titles
    before a leader's name, where it still reads as a headline. Its Latin words are first put in
    the article's case (text.in_source_case: cpi → CPI). An obituary's or a publication's lead gets the headline
    printed for such leads instead (printed_convention: 彭珮云同志逝世, 《X》出版发行). A leader's letter printed before
    the news story about it counts as coming after it (extractive.story_first)."""
    article, summary, convention = _prepared(article, summary)
    if convention:
        return convention
    return finished(article, guided_clause(article, summary) if is_flagged(article, summary, **checks) else summary)


def fluency_fallback(article: str, summary: str, scorer, fluency_floor: float = 0.0, clause_floor: float = 0.0,
                     noun_phrases: bool = True, estimate_weight: float = ESTIMATE_WEIGHT, max_chars: int | None = None,
                     subjects: bool = True, **checks) -> str:
    """clause_fallback with a fluency estimate (`scorer.score(headlines, articles)`, e.g.
    zhnews.summary.fluency.FluencyScorer): a summary is replaced when is_flagged, or when its estimate is below
    fluency_floor; its replacement is, among the clause runs estimated at least clause_floor (and, for an unflagged
    summary, above the summary's own estimate), the one most like it and most fluent: char LCS F1 with the summary
    plus estimate_weight × the run's estimate; with none of LEAD_CLAUSE_MAX_CHARS eligible, among the longer ones up to
    LONG_RUN_MAX_CHARS, and with none of those, up to LONGEST_RUN_MAX_CHARS. With noun_phrases, a summary that is a noun
    phrase (headline_shape.is_noun_phrase: 湖北省嘉鱼县新街镇) is replaced the same way, by a headline_like run that is
    not one (湖北省嘉鱼县新街镇，不少蔬菜“住”进了温室大棚), as is a modified one (is_modified_noun_phrase:
    此次复制推广的77条试点措施). With subjects, a predicate copied from right after a comma that with_subject cannot
    give its subject (_subjectless: 推动水生态环境质量持续向好) gives way to the run most like it that names its subject
    and is estimated at clause_floor (我国深入打好碧水保卫战), however high its own estimate; and among eligible runs, those
    that name their subject come first. With no such run a flagged summary gets the guided clause
    and an unflagged one stays, unless the run estimated highest is BEST_RUN_MARGIN above that (_best_run). A summary
    that passes gives way only to a lead clause run holding it whole that the estimate puts COMPLETION_GAIN higher
    (_completion: 福建厦门港海润码头 → 福建厦门港海润码头，53台巨型“充电宝”乘船驶往海外),
    and the object of a verb it left out to one estimated up to -OBJECT_COMPLETION_GAIN lower that holds the verb
    (2024年全国医疗保障事业发展统计公报 → 国家医保局发布《2024年全国医疗保障事业发展统计公报》), as does the subject of
    a predicate it left out (…选举结果 → …选举结果于今天清晨揭晓).
    With max_chars (the summariser's max_length, when one is asked for) no longer run replaces or completes a summary;
    the guided clause of a flagged summary with no eligible run may still be longer. Whichever it returns is
    finished, as in clause_fallback, and its Latin words are in the article's case. An obituary's or a publication's
    lead gets the headline printed for such leads instead (printed_convention: 彭珮云同志逝世, 《X》出版发行), within
    max_chars. A leader's letter printed before the news story about it counts as coming after it
    (extractive.story_first)."""
    article, summary, convention = _prepared(article, summary, max_chars)
    if convention:
        return convention
    return finished(article, _fluency_choice(article, summary, scorer, fluency_floor, clause_floor, noun_phrases,
                                             estimate_weight, max_chars, subjects, **checks), max_chars)


def _completion(article: str, summary: str, estimate: float, runs: list[str], scorer, clause_floor: float) -> str:
    """The lead clause run holding the whole summary that the estimate puts highest, at least COMPLETION_GAIN above
    the summary (OBJECT_COMPLETION_GAIN for the object of a verb it left out, or the subject of a predicate it left out:
    fluency.precedes_predicate) and at clause_floor; else the summary."""
    holding = [run for run in runs if summary in run and run != summary]
    if not holding:
        return summary
    lead = shown_lead(article)
    is_argument = follows_verb(summary, lead) or precedes_predicate(summary, lead)

    def gain(run: str) -> float:
        with_subject = is_argument and not opens_on_verb(run) and not _YEAR_IS.match(run)
        return OBJECT_COMPLETION_GAIN if with_subject else COMPLETION_GAIN

    completions = [(run_estimate, run) for run, run_estimate in zip(holding, scorer.score(holding, [article] * len(holding)))
                   if run_estimate >= max(clause_floor, estimate + gain(run))]
    return max(completions, key=lambda pair: (pair[0], -len(pair[1])))[1] if completions else summary


def _after_comma(article: str, text: str) -> bool:
    """Whether the text's first copy in the article comes right after a comma, semicolon or colon: mid-sentence."""
    at = article.find(text)
    return at > 0 and article[at - 1] in "，；："


def _subjectless(article: str, headline: str, max_chars: int | None) -> bool:
    """Whether the headline is a predicate copied from right after a comma of the article, opening on a verb (not a
    verbal noun: 旅游市场持续火热) or a directive, and not a judgement (让人民过上幸福生活是头等大事), that lacks its subject
    even once finished (with_subject: 建成世界最大的综合立体交通网 gets 我国)."""
    if not _after_comma(article, headline) or "是" in headline:
        return False
    finished_headline = with_subject(headline, article, max_chars or LEAD_CLAUSE_MAX_CHARS)
    return (finished_headline == headline and (opens_on_true_verb(headline) or headline.startswith("要"))
            and not has_inner_subject(headline))


def _names_subject(article: str, run: str, max_chars: int | None) -> bool:
    """Whether the run, once finished (with_subject), names its subject (headline_shape.names_its_subject), and not
    only as a reporter's frame (记者从国家发展改革委了解到，…)."""
    return (names_its_subject(with_subject(run, article, max_chars or LEAD_CLAUSE_MAX_CHARS))
            and not _REPORTER_FRAME.match(run))


def _leaves_subject_behind(article: str, run: str, max_chars: int | None) -> bool:
    """Whether the run is copied from right after a comma of the article without naming its subject (_names_subject:
    引领新疆工作在错综复杂中守正创新); a run opening its sentence has whatever subject that sentence has (改革，…)."""
    return _after_comma(article, run) and not _names_subject(article, run, max_chars)


def _fluency_choice(article: str, summary: str, scorer, fluency_floor: float, clause_floor: float,
                    noun_phrases: bool, estimate_weight: float, max_chars: int | None, subjects: bool,
                    **checks) -> str:
    flagged = is_flagged(article, summary, **checks)
    estimate = None if flagged else scorer.score([summary], [article])[0]
    noun_phrase = noun_phrases and not flagged and (is_noun_phrase(summary) or is_modified_noun_phrase(summary))

    def fits(run: str) -> bool:
        return max_chars is None or len(run) <= max_chars

    runs = [run for run in clause_runs(article) if fits(run)]
    subjectless = subjects and not flagged and not noun_phrase and _subjectless(article, summary, max_chars)
    if not flagged and estimate >= fluency_floor and not noun_phrase and not subjectless:
        return _completion(article, summary, estimate, runs, scorer, clause_floor)

    def eligible(candidates: list[str]) -> list[tuple[str, float]]:
        if noun_phrase:
            candidates = [run for run in candidates
                          if headline_like(run) and not is_noun_phrase(run) and not is_modified_noun_phrase(run)]
        if subjectless:
            candidates = [run for run in candidates if _names_subject(article, run, max_chars)]
        estimates = scorer.score(candidates, [article] * len(candidates))
        return [(run, run_estimate) for run, run_estimate in zip(candidates, estimates)
                if run_estimate >= clause_floor and (flagged or subjectless or run_estimate > estimate)]

    # with no short run eligible, the longer ones (赵乐际说，在习近平主席和普京总统的战略引领下 →
    # 赵乐际同俄罗斯国家杜马主席沃洛金共同主持中俄议会合作委员会第十次会议), and with none of those the longest that
    # have their subject (当地时间5月7日 → 由中国中央广播电视总台制作的《…》（国际版）启播仪式在莫斯科举行)
    chosen = (eligible(runs)
              or eligible([run for run in clause_runs(article, LONG_RUN_MAX_CHARS)
                           if len(run) > LEAD_CLAUSE_MAX_CHARS and fits(run)])
              or eligible([run for run in clause_runs(article, LONGEST_RUN_MAX_CHARS)
                           if len(run) > LONG_RUN_MAX_CHARS and fits(run) and not lacks_subject(run)]))
    if chosen:
        if subjects:  # a run naming its subject before one that leaves it to the clause before
            chosen = [pair for pair in chosen if not _leaves_subject_behind(article, pair[0], max_chars)] or chosen
        return max(chosen, key=lambda pair: (lcs_f1(pair[0], summary) + estimate_weight * pair[1], -len(pair[0])))[0]
    if subjectless and estimate >= fluency_floor:
        return _completion(article, summary, estimate, runs, scorer, clause_floor)
    longest = max_chars is None or max_chars >= LONGEST_RUN_MAX_CHARS
    current = guided_clause(article, summary, longest=longest) if flagged else summary
    candidates = [run for run in runs if not noun_phrase or (headline_like(run) and not is_noun_phrase(run))]
    return _best_run(article, current, candidates, scorer)


def _best_run(article: str, current: str, runs: list[str], scorer) -> str:
    """The run the estimate puts highest if it is estimated at least BEST_RUN_MARGIN above current; else current."""
    if not runs:
        return current
    *estimates, current_estimate = scorer.score(runs + [current], [article] * (len(runs) + 1))
    best_estimate, best = max(zip(estimates, runs), key=lambda pair: (pair[0], -len(pair[1])))
    return best if best_estimate >= current_estimate + BEST_RUN_MARGIN else current
