"""How a model summary ends, and its shape, against how blind raters judged it (issue 7): the evidence for
zhnews.summary.garble.is_cut_off and for the headline shapes of zhnews.summary.fallback.clause_fallback.

    python bench/rated_endings.py [bench/rating-clause bench/rating-cut ...]   (default: every bench/rating*/)

Pools the rated outputs of the model's own decodings (not printed headlines, clauses or clause fallbacks)
that the garble measures do not flag, and groups them by where their last copied span stops in the article:
at a clause end, inside a word, or before a word of some jieba POS class; and those that are not cut off either
by whether they have a headline's shape (headline_shape.has_headline_shape), and those with a headline's shape by
whether they have a predicate (span_copy.has_predicate: the evidence for verbless_end_penalty). And, over every
rated headline that is not garbled and has a headline's shape (model outputs, clause fallbacks and printed ones
apart, per set), whether it is a noun phrase (headline_shape.is_noun_phrase: the evidence for the fallback's
noun-phrase check), and those copied whole from mid-sentence by whether they open on a verb, and whether they
stop where their sentence goes on (headline_shape.is_unfinished: 俄罗斯国防部称，过去一天), and whether they open on a
verb with an aspect particle (headline_shape.opens_on_aspect: 形成了…), and whether they are copied right after a
verb they leave out (fluency.follows_verb: the object alone) or right before a predicate they leave out
(fluency.precedes_predicate: the subject alone), and whether they end on a leader's title cut from the name
(garble.ends_before_holder), or on a subject with its means before the event (garble.ends_on_means), and
whether their last clause is only a frame
(headline_shape.ends_on_frame), and whether a clause has 还 after its subject (headline_shape.without_addition), and
whether it has a bare 当天 (headline_shape.compress_sentence drops it), and
whether they open on the object of a preposition they leave out (garble.starts_after_preposition), and whether they
are a predicate copied without the subject its sentence names (headline_shape.with_subject); and every rated
headline of an obituary's lead (headline_shape.obituary_headline), and of a publication's lead, by kind
(headline_shape.publication_headline: 《求是》 or a book), and of a lead that opens on a leader's letter
(回信 天津大学全体师生：…, which extractive.story_first puts after the news story). Prints and saves,
per group, the count and the fluent and faithful yes-rates (bench/results/rated_endings.json).
"""

import argparse
import glob
from collections import defaultdict
from collections.abc import Iterator

from results_file import run_context, save_results
from zhnews.summary.headline_shape import (POINTS_BACK_TO_NAMED, ZAI_SHI_FRAME, compress_sentence, ends_on_frame,
                                           has_headline_shape, is_modified_noun_phrase, is_noun_phrase, is_unfinished,
                                           obituary_headline, opens_on_aspect, opens_on_verb, publication_headline,
                                           with_subject, without_addition)
from zhnews.summary.extractive import LETTER_OPENING
from zhnews.summary.fluency import follows_verb, precedes_predicate
from zhnews.summary.garble import (ends_before_holder, ends_on_means, is_cut_off, is_garbled, last_span_ending,
                                   starts_after_preposition)
from zhnews.summary.rating import PRINTED, QUESTIONS, rated_headlines
from zhnews.summary.span_copy import has_predicate

# rated systems that are not the model's own decoding; so is every fallback column (…unless_garbled…, fluency_…)
NOT_THE_MODEL_ALONE = {PRINTED, "guided_clause", "clause_v1", "shipped", "copyable", "verbless", "session10",
                       "openers", "compressed", "shortened",
                       "meetings", "venues", "phrases",
                       # fallback releases rated since session 14 (left in as model outputs until session 17)
                       "session12", "session13", "session14", "session15", "floor5", "floor55", "fv2", "resort",
                       "cutword", "unfinished", "skips", "unfinished2", "whole", "before", "weight", "tidy", "order"}
FALLBACK_COLUMNS = ("unless_garbled", "fluency_")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=sorted(glob.glob("bench/rating*/")))
    args = parser.parse_args()
    context = run_context()
    rows = rated_headlines(args.folders)  # read once: every group below pools these
    groups, shapes, predicates = defaultdict(list), defaultdict(list), defaultdict(list)
    for headline, lead, rating in model_outputs(rows):
        if is_garbled(headline, lead):
            continue
        groups[last_span_ending(headline, lead)].append(rating)
        if not is_cut_off(headline, lead):
            shaped = has_headline_shape(headline)
            shapes["headline_shape" if shaped else "not_a_headline_shape"].append(rating)
            if shaped:
                predicates["predicate" if has_predicate(headline) else "no_predicate"].append(rating)
    save_results("rated_endings", context, {"folders": args.folders, "endings": rates_by_group(groups),
                                            "shapes_of_uncut": rates_by_group(shapes),
                                            "predicates_of_headline_shaped": rates_by_group(predicates),
                                            "noun_phrases_of_headline_shaped": noun_phrase_rates(rows),
                                            "openings_of_mid_sentence_copies": mid_sentence_rates(rows),
                                            "unfinished_of_headline_shaped": unfinished_rates(rows),
                                            "aspect_openers_of_headline_shaped": aspect_opener_rates(rows),
                                            "objects_of_headline_shaped": object_rates(rows),
                                            "subjects_of_headline_shaped": subject_rates(rows),
                                            "titles_at_end_of_headline_shaped": title_at_end_rates(rows),
                                            "means_at_end_of_headline_shaped": means_at_end_rates(rows),
                                            "frames_at_end_of_headline_shaped": frame_at_end_rates(rows),
                                            "additions_of_headline_shaped": addition_rates(rows),
                                            "bare_days_of_headline_shaped": bare_day_rates(rows),
                                            "openings_after_prepositions_of_headline_shaped":
                                                preposition_opening_rates(rows),
                                            "obituary_leads": obituary_rates(rows),
                                            "publication_leads": publication_rates(rows),
                                            "letter_leads": letter_rates(rows),
                                            "subjectless_predicates_of_headline_shaped": subjectless_rates(rows),
                                            "modified_noun_phrases_of_headline_shaped": modified_noun_phrase_rates(rows),
                                            "zai_shi_frames": pattern_rates(rows, ZAI_SHI_FRAME),
                                            "pointing_back": pattern_rates(rows, POINTS_BACK_TO_NAMED)})


def mid_sentence_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated system headlines (not printed; not garbled, of a headline's shape, not a
    noun phrase) copied whole from the middle of a lead sentence (right after ，；：、), by set and by whether their
    first word is a verb, whose subject is then in the clause before (…遭空袭，造成一人死亡、数人受伤). Preferring the
    other lead clauses in the fallback was tried on 2026-12-02 and not shipped: it changed 107 / 56 / 20 full-split
    summaries, mostly for side clauses."""
    groups = defaultdict(list)
    for row in rows:
        headline, lead = row["headline"], row["lead"]
        at = lead.find(headline)
        if (row["printed"] or row["fluent"] is None or at <= 0 or lead[at - 1] not in "，；：、"
                or is_garbled(headline, lead) or not has_headline_shape(headline) or is_noun_phrase(headline)):
            continue
        groups[f"{row['set']}_{'verb' if opens_on_verb(headline) else 'other'}"].append(row)
    return rates_by_group(groups)


def unfinished_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they are headline_shape.is_unfinished."""
    return shaped_rates(rows, lambda row: "unfinished" if is_unfinished(row["headline"]) else "other")


def aspect_opener_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they open on a verb with an aspect particle (headline_shape.opens_on_aspect: 形成了…)."""
    return shaped_rates(rows, lambda row: "aspect_opener" if opens_on_aspect(row["headline"]) else "other")


def frame_at_end_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether their last clause is only a frame or a time (headline_shape.ends_on_frame: 李强表示，面对当前…)."""
    return shaped_rates(rows, lambda row: "frame_at_end" if ends_on_frame(row["headline"]) else "other")


def object_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they are copied right after a verb they leave out (fluency.follows_verb: the object alone,
    发布 | 《2024年全国医疗保障事业发展统计公报》)."""
    return shaped_rates(rows, lambda row: "object" if follows_verb(row["headline"], row["lead"]) else "other")


def subject_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not, set, and whether they are copied right before a predicate they leave out (fluency.precedes_predicate: the
    subject alone, 香港特别行政区第八届立法会选举结果 | 于今天清晨揭晓)."""
    return shaped_rates(rows, lambda row: f"{row['set']}_{'subject' if precedes_predicate(row['headline'], row['lead']) else 'other'}")


def title_at_end_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they end on a leader's title whose holder the article names next (garble.ends_before_holder:
    …杂志发表中共中央总书记 | 、国家主席…)."""
    return shaped_rates(rows, lambda row: "title_at_end" if ends_before_holder(row["headline"], row["lead"]) else "other")


def means_at_end_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether their last clause is a subject with its means where the article's sentence goes on to the event
    (garble.ends_on_means: 新疆通过科学治理 | ，荒漠和沙地面积“双缩减”)."""
    return shaped_rates(rows, lambda row: "means_at_end" if ends_on_means(row["headline"], row["lead"]) else "other")


def addition_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether a clause has 还 right after its subject (headline_shape.without_addition changes it:
    俄军还控制了…)."""
    return shaped_rates(rows, lambda row: "addition" if without_addition(row["headline"]) != row["headline"] else "other")


def bare_day_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they have a bare 当天 that headline_shape.compress_sentence drops (以军当天袭击… → 以军袭击…)."""
    def group(row: dict) -> str:
        headline = row["headline"]
        return "bare_day" if "当天" in headline and "当天" not in compress_sentence(headline) else "other"
    return shaped_rates(rows, group)


def preposition_opening_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they open on the object of a preposition they leave out (garble.starts_after_preposition:
    向 | 韩国首尔中央地方法院提起诉讼)."""
    return shaped_rates(rows, lambda row: "after_preposition" if starts_after_preposition(row["headline"], row["lead"])
                        else "other")


def obituary_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of every rated headline of an obituary's lead (headline_shape.obituary_headline finds
    one: 彭珮云同志逝世), printed or not."""
    groups = defaultdict(list)
    for row in rows:
        if row["fluent"] is not None and obituary_headline(row["lead"]):
            groups["printed" if row["printed"] else "system"].append(row)
    return rates_by_group(groups)


def publication_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of every rated headline of a publication's lead (headline_shape.publication_headline
    finds one), printed or not, by kind: 《求是》 (an article of 习近平's) or a book."""
    groups = defaultdict(list)
    for row in rows:
        headline = row["fluent"] is not None and publication_headline(row["lead"])
        if headline:
            kind = "qiushi" if headline.startswith("《求是》") else "book"
            groups[f"{'printed' if row['printed'] else 'system'}_{kind}"].append(row)
    return rates_by_group(groups)


def letter_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of every rated headline whose shown lead opens on a leader's letter (the sheets made
    before extractive.story_first showed the letter's salutation), printed or not."""
    groups = defaultdict(list)
    for row in rows:
        if row["fluent"] is not None and LETTER_OPENING.match(row["lead"]):
            groups["printed" if row["printed"] else "system"].append(row)
    return rates_by_group(groups)


def subjectless_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by printed
    or not and whether they are a predicate copied without the subject its sentence names
    (headline_shape.with_subject gives them one: 乘包机回到北京 → 李强乘包机回到北京)."""
    return shaped_rates(rows, lambda row: "subjectless" if with_subject(row["headline"], row["lead"]) != row["headline"]
                        else "other")


def noun_phrase_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled and have a headline's shape, by
    printed or not, set, and whether they are noun phrases."""
    return shaped_rates(rows, lambda row: f"{row['set']}_{'noun_phrase' if is_noun_phrase(row['headline']) else 'other'}")


def modified_noun_phrase_rates(rows: list[dict]) -> dict:
    """Fluent and faithful rates of the rated headlines that are not garbled, have a headline's shape and are not
    is_noun_phrase, by printed or not and whether they are a head noun after a modifier with 的
    (headline_shape.is_modified_noun_phrase: 此次复制推广的77条试点措施)."""
    return shaped_rates([row for row in rows if not is_noun_phrase(row["headline"])],
                        lambda row: "modified_noun_phrase" if is_modified_noun_phrase(row["headline"]) else "other")


def pattern_rates(rows: list[dict], pattern) -> dict:
    """Fluent and faithful rates of every rated headline the pattern matches (ZAI_SHI_FRAME: 习近平总书记在山西考察时;
    POINTS_BACK_TO_NAMED: …来到这里), by printed or not."""
    groups = defaultdict(list)
    for row in rows:
        if row["fluent"] is not None and pattern.search(row["headline"]):
            groups["printed" if row["printed"] else "system"].append(row)
    return rates_by_group(groups)


def shaped_rates(rows: list[dict], group_of) -> dict:
    """Rates of the rated headlines that are not garbled and have a headline's shape, by printed or not and by
    group_of(row)."""
    groups = defaultdict(list)
    for row in rows:
        headline, lead = row["headline"], row["lead"]
        if row["fluent"] is None or is_garbled(headline, lead) or not has_headline_shape(headline):
            continue
        groups[f"{'printed' if row['printed'] else 'system'}_{group_of(row)}"].append(row)
    return rates_by_group(groups)


def rated_model_outputs(folders: list[str]) -> Iterator[tuple[str, str, dict]]:
    """(headline, lead, rating) of every rated output of the model's own decodings in the rating folders."""
    return model_outputs(rated_headlines(folders))


def model_outputs(rows: list[dict]) -> Iterator[tuple[str, str, dict]]:
    """(headline, lead, rating) of the rated rows (rating.rated_headlines) written by the model's own decodings."""
    for row in rows:
        if is_model_alone(set(row["systems"])):
            yield row["headline"], row["lead"], {question: row[question] for question in QUESTIONS}


def is_model_alone(systems: set[str]) -> bool:
    return not systems & NOT_THE_MODEL_ALONE and not any(mark in name for name in systems for mark in FALLBACK_COLUMNS)


def rates_by_group(groups: dict[str, list[dict]]) -> dict:
    report = {}
    for name, answers in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        rates = {q: round(sum(bool(a[q]) for a in answers) / len(answers), 3) for q in ("fluent", "faithful")}
        report[name] = {"n": len(answers), **rates}
        print(f"{name:20s} n={len(answers):5d}  fluent {rates['fluent']:.3f}  faithful {rates['faithful']:.3f}")
    return report


if __name__ == "__main__":
    main()
