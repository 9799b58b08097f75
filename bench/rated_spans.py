"""How many article spans a model summary is copied in, and from how many sentences, against how blind raters
judged it (issue 7): the evidence for zhnews.summary.span_copy's sentence_jump_penalty and for
zhnews.summary.garble.jumps_sentences.

    python bench/rated_spans.py [bench/rating-shipped bench/rating-cut ...]   (default: every bench/rating*/)

Pools the rated outputs of the model's own decodings (not printed headlines, clauses or clause fallbacks:
rated_endings.NOT_THE_MODEL_ALONE) and groups them by the number of spans of their greedy cover
(garble.copied_spans: 1, 2, 3, 4 or more) and, from two spans on, by whether one sentence of the lead supplies
them (`one_sentence`) or they join spans of different sentences (`jumps_sentences`); and those from one
sentence, placed in article order, by what the gaps between their spans hold: clause punctuation (，、：；“”), a
verb (span_copy.is_verb), both, or neither; and those of two spans or more by whether a span leaves out the
number it follows in the article (garble.drops_number), and by whether one leaves out the preposition it follows
(garble.drops_preposition); and those of two spans or more that neither the garble
measures nor the cut-off check flag by whether a span before the last ends inside an article word (garble.cuts_word);
and those of two spans or more that no other check of fallback.is_flagged flags by whether garble.skips_clause does
(the checks before it: not garble.breaks_order, which came after), and by whether garble.breaks_order does, and by
whether garble.skips_named_clause does; and those of any number of spans that no other check flags by whether
garble.starts_inside_word does.
Prints and saves, per group, the count and the fluent and faithful yes-rates (bench/results/rated_spans.json).
"""

import argparse
import glob
from collections import defaultdict

from rated_endings import rated_model_outputs, rates_by_group
from results_file import run_context, save_results
from zhnews.summary.fallback import is_flagged
from zhnews.summary.garble import (breaks_order, copied_spans, cuts_word, drops_number, drops_preposition, is_cut_off,
                                   is_garbled, jumps_sentences, skipped_kinds, skips_clause, skips_named_clause,
                                   starts_inside_word)


def span_group(headline: str, lead: str) -> str:
    spans = len(copied_spans(headline, lead))
    if spans == 1:
        return "1_span"
    where = "jumps_sentences" if jumps_sentences(headline, lead) else "one_sentence"
    return f"{min(spans, 4)}{'+' if spans >= 4 else ''}_spans_{where}"


def gap_group(headline: str, lead: str) -> str | None:
    """What the article text skipped between the spans holds (garble.skipped_kinds; None when they cannot be
    placed in the article's order)."""
    kinds = skipped_kinds(headline, lead)
    return None if kinds is None else "_and_".join(kinds) or "neither"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=sorted(glob.glob("bench/rating*/")))
    args = parser.parse_args()
    context = run_context()
    groups, by_sentences, by_gaps, by_numbers = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    by_word_cuts, by_skips, by_order, by_starts = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    by_prepositions, by_named = defaultdict(list), defaultdict(list)
    for headline, lead, rating in rated_model_outputs(args.folders):
        if not is_flagged(lead, headline, word_cuts=False) and not cuts_word(headline, lead):
            by_starts["starts_inside_word" if starts_inside_word(headline, lead) else "other"].append(rating)
        group = span_group(headline, lead)
        groups[group].append(rating)
        if group != "1_span":
            by_sentences[group.split("_spans_")[1]].append(rating)
            by_numbers["drops_number" if drops_number(headline, lead) else "keeps_numbers"].append(rating)
            by_prepositions["drops_preposition" if drops_preposition(headline, lead) else "other"].append(rating)
            if not (is_garbled(headline, lead) or is_cut_off(headline, lead)):
                by_word_cuts["cuts_word" if cuts_word(headline, lead) else "whole_words"].append(rating)
            if not flagged_before_skips(headline, lead):
                by_skips["skips_clause" if skips_clause(headline, lead) else "other"].append(rating)
            if not is_flagged(lead, headline, skipped_clauses=False) and not skips_clause(headline, lead):
                by_named["skips_named_clause" if skips_named_clause(headline, lead) else "other"].append(rating)
            if not is_flagged(lead, headline, spans_in_order=False):
                by_order["breaks_order" if breaks_order(headline, lead) else "other"].append(rating)
        if group.endswith("one_sentence"):
            by_gaps[f"skipped_{gap_group(headline, lead) or 'out_of_order'}"].append(rating)
    report = {"folders": args.folders}
    for key, heading, grouped in (
            ("spans", "by spans and sentences", groups),
            ("two_spans_or_more", "two spans or more", by_sentences),
            ("one_sentence_gaps", "from one sentence, by what the gaps hold", by_gaps),
            ("two_spans_or_more_numbers", "two spans or more, by whether a span leaves out the number before it",
             by_numbers),
            ("two_spans_or_more_prepositions", "two spans or more, by whether a span leaves out the preposition before it",
             by_prepositions),
            ("two_spans_or_more_word_cuts", "two spans or more, neither garbled nor cut off, by whether a span before "
             "the last ends inside a word", by_word_cuts),
            ("two_spans_or_more_skipped_clauses", "two spans or more that no check before garble.skips_clause flags, "
             "by whether it does", by_skips),
            ("two_spans_or_more_order", "two spans or more that no check but garble.breaks_order flags, by whether "
             "it does", by_order),
            ("two_spans_or_more_named_clauses", "two spans or more that no check but garble.skips_named_clause flags, "
             "by whether it does", by_named),
            ("word_starts", "any number of spans that no check but garble.starts_inside_word flags, by whether it "
             "does", by_starts)):
        print(f"{heading}:")
        report[key] = rates_by_group(grouped)
    save_results("rated_spans", context, report)


def flagged_before_skips(headline: str, lead: str) -> bool:
    """Whether a check of fallback.is_flagged that came before garble.skips_clause flags the headline."""
    return is_flagged(lead, headline, skipped_clauses=False, spans_in_order=False)


if __name__ == "__main__":
    main()
