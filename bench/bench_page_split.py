"""split_page on People's Daily pages (../shared/data/rmrb_archive), and its vocabulary-overlap rule.

    python bench/bench_page_split.py [--samples 2000] [--pages 300] [--seed 0] [--orphans cut|whole]
                                     [--save NAME]

Pages: the articles printed on one real page (same date and page number, 2+ usable articles, at most
4) are laid out as a raw dump by zhnews.page_layout (kicker/headline/subtitle lines, up to 8 paragraphs
with one cut and one doubled, an orphan continuation from another day first and last), with and without
a closing byline per story. An orphan continuation is the last two long paragraphs of another article,
the first cut at a random character as on a real dump (`--orphans cut`, the default), or whole
(`--orphans whole`: the layout before 2026-11-30, kept to compare with older figures). Each story's start is located among the printed lines (its kicker or
headline, else the start of its text).
- split exactly: the stories start at the right lines and have the right headlines, kickers,
  subtitles and fragment flags;
- right stories: the right start lines and fragment flags (kicker/title/subtitle may be confused: a
  kicker without a dash reads like a headline with a subtitle below it);
- story boundaries: precision and recall of the start lines (the page's first line not counted);
- "but for the trailing orphan": the same, when the only fault is the orphan after the last story
  glued onto it. Without bylines nothing on a laid-out page marks that orphan (it follows a finished
  story with whole paragraphs; on a real page a continuation from another page starts mid-sentence,
  often under a 上接第X版 line), so with `--orphans whole` the plain figures are 0 there by
  construction.
Then the failures by category: a new story started at a line of another kind (a short line inside an
article, a body paragraph, ...), a story glued onto the one above (by the cues its header had), or a
header fault at a right boundary.

With `--save NAME` the figures also go to bench/results/NAME.json.

Overlap rule:
For sampled articles with 4+ paragraphs: the story so far is the headline + the first k paragraphs
(k random, ≥ 2); "same" is the cohesion of its next (up to 3) paragraphs, "other" that of 3 paragraphs
of another article printed the same day. Prints quantiles and, per threshold, the share of "same"
runs that would be split off and the share of "other" runs that would be glued on.
"""

import argparse
import random
import re
from collections import defaultdict

from results_file import run_context, save_results

from zhnews.corpus import read_rmrb_articles
from zhnews.page import COHESION_MIN, _classify, cohesion, split_page
from zhnews.page_layout import continuation, lay_out_page, long_paragraphs, usable_article
from zhnews.text import normalize_text

_BRACKETED_TAG = re.compile(r"[（(][^（）()]{1,20}[）)]$")
_NUMBERED = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、]|第[一二三四五六七八九十]+|[■◆●▲□◇★☆]")


def sample_pairs(samples: int, seed: int) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    articles = [a for a in read_rmrb_articles() if a["text"].count("\n") >= 3]
    by_date = defaultdict(list)
    for article in articles:
        by_date[article["date"]].append(article)
    same, other = [], []
    for article in rng.sample(articles, samples):
        paragraphs = article["text"].split("\n")
        k = rng.randrange(2, len(paragraphs))
        story = "\n".join([article["title"], *paragraphs[:k]])
        same.append(cohesion("\n".join(paragraphs[k:k + 3]), story))
        neighbours = [a for a in by_date[article["date"]] if a is not article]
        if neighbours:
            foreign = rng.choice(neighbours)["text"].split("\n")
            j = rng.randrange(1, len(foreign))
            other.append(cohesion("\n".join(foreign[j:j + 3]), story))
    return same, other


def _headers(story) -> tuple:
    return (story.fragment, story.title, story.kicker, story.subtitle)


def _expected_headers(expected: dict) -> tuple:
    return (True, "", "", "") if expected["fragment"] else (False, expected["title"], expected["kicker"],
                                                          expected["subtitle"])


def story_starts(stories: list, lines: list[str]) -> list[int]:
    """The printed line each story starts at: its kicker or headline, or the line holding the start
    of its text, searched in page order."""
    normalised = [normalize_text(line) for line in lines]
    starts, cursor = [], 0
    for story in stories:
        header = normalize_text(story.kicker or story.title)
        probe = normalize_text(story.text).split("\n")[0][:12]
        found = next((i for i in range(cursor, len(lines))
                      if (normalised[i] == header if header else probe and probe in normalised[i])), cursor)
        starts.append(found)
        cursor = found + 1
    return starts


def _missed_kind(article: dict) -> str:
    """What cue a headline that was not found had."""
    if article["kicker"].endswith("——"):
        return "dash kicker"
    if article["kicker"] or article["subtitle"]:
        return "kicker or subtitle (no dash)"
    if _BRACKETED_TAG.search(article["title"]):
        return "headline with a bracketed column tag"
    return "headline alone"


def _split_kind(line: str, role: str) -> str:
    """What kind of printed line a wrong new story started at."""
    if role in ("paragraph", "first") and _classify(line).kind == "heading":
        return "numbered/bulleted subheading" if _NUMBERED.match(line) else "short line inside an article"
    return {"paragraph": "body paragraph", "first": "first paragraph"}.get(role, role)


def _header_fault(got: tuple, want: tuple) -> str:
    _, title, kicker, subtitle = got
    _, want_title, want_kicker, want_subtitle = want
    if want_kicker and title == want_kicker:
        return "kicker without a dash read as the headline"
    if subtitle and subtitle != want_subtitle:
        return "first lines read as a subtitle"
    if want_subtitle and not subtitle:
        return "subtitle missed"
    return "other header fault"


def score_page(page, stories: list, counts: dict, faults: dict) -> None:
    """Adds one page's exact/right-story/boundary counts and its failure categories."""
    lines = page.text.split("\n\n")
    got = [_headers(s) for s in stories]
    want = [_expected_headers(e) for e in page.expected]
    starts = story_starts(stories, lines)
    want_starts = [next(i for i, (story, _) in enumerate(page.roles) if story == k) for k in range(len(want))]
    counts["pages"] += 1
    for cut, name in ((len(want), ""), (-1, " but the trailing orphan")):  # the orphan glued on the last story
        right_stories = [g[0] for g in got] == [w[0] for w in want[:cut]] and starts == want_starts[:cut]
        counts["right stories" + name] += right_stories
        counts["exact" + name] += right_stories and got == want[:cut]
    found, expected = set(starts[1:]), set(want_starts[1:])
    counts["boundaries found"] += len(found)
    counts["boundaries expected"] += len(expected)
    counts["boundaries right"] += len(found & expected)
    for i in sorted(found - expected):
        faults["new story at a " + _split_kind(lines[i], page.roles[i][1])] += 1
    for i in sorted(expected - found):
        story = page.roles[i][0]
        article = page.expected[story]
        kind = "orphan continuation" if article["fragment"] else _missed_kind(article)
        faults["glued onto the story above: " + kind] += 1
    for g, start in zip(got, starts):
        w = want[page.roles[start][0]]
        if start in want_starts and g != w:
            faults["header: " + _header_fault(g, w)] += 1


def score_pages(n_pages: int, seed: int, closing_byline: bool, cut_orphans: bool) -> tuple[dict, dict]:
    rng = random.Random(seed)
    articles = read_rmrb_articles()
    on_page = defaultdict(list)
    for article in articles:
        if article["page"] and usable_article(article):
            on_page[(article["date"], article["page"])].append(article)
    groups = [group[:4] for _, group in sorted(on_page.items()) if len(group) >= 2]
    donors = [a for a in articles if usable_article(a)]
    counts, faults = defaultdict(int), defaultdict(int)
    for group in rng.sample(groups, min(n_pages, len(groups))):
        orphans = [long_paragraphs(rng.choice(donors)["text"])[-2:] for _ in range(2)]
        if cut_orphans:
            orphans = [continuation(orphan, rng) for orphan in orphans]
        page = lay_out_page(group, orphans, rng, closing_byline=closing_byline)
        score_page(page, split_page(page.text), counts, faults)
    return counts, faults


def summary(c: dict) -> dict:
    """The headline figures of one condition, as shares."""
    return {"pages": c["pages"], "exact": c["exact"] / c["pages"], "right_stories": c["right stories"] / c["pages"],
            "exact_but_trailing_orphan": c["exact but the trailing orphan"] / c["pages"],
            "right_stories_but_trailing_orphan": c["right stories but the trailing orphan"] / c["pages"],
            "boundary_precision": c["boundaries right"] / max(c["boundaries found"], 1),
            "boundary_recall": c["boundaries right"] / c["boundaries expected"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--orphans", choices=("cut", "whole"), default="cut",
                        help="orphan continuations start mid-sentence (cut, as on real dumps) or with a whole paragraph")
    parser.add_argument("--save", metavar="NAME", help="also write the figures to bench/results/NAME.json")
    args = parser.parse_args()
    context = run_context()
    same, other = sample_pairs(args.samples, args.seed)
    for name, values in (("same article", same), ("other article, same day", other)):
        values = sorted(values)
        quantiles = " ".join(f"q{int(p * 100):02d}={values[int(p * (len(values) - 1))]:.2f}"
                             for p in (0.05, 0.1, 0.5, 0.9, 0.95))
        print(f"{name:24s} n={len(values)} {quantiles}")
    for threshold in (0.05, 0.08, COHESION_MIN, 0.15, 0.2):
        split_off = sum(v < threshold for v in same) / len(same)
        glued = sum(v >= threshold for v in other) / len(other)
        mark = "  <- COHESION_MIN" if threshold == COHESION_MIN else ""
        print(f"threshold {threshold:.2f}: same-article runs split off {split_off:.1%}, "
              f"other-article runs glued on {glued:.1%}{mark}")
    report = {"orphans": args.orphans, "pages_per_condition": args.pages, "seed": args.seed}
    for closing_byline in (True, False):
        c, faults = score_pages(args.pages, args.seed, closing_byline, args.orphans == "cut")
        figures = summary(c)
        print(f"\npages {'with' if closing_byline else 'without'} closing bylines: "
              f"{c['exact']}/{c['pages']} split exactly ({figures['exact']:.1%}), "
              f"{c['right stories']} with the right stories ({figures['right_stories']:.1%}); "
              f"but for the trailing orphan glued on: {c['exact but the trailing orphan']} exactly, "
              f"{c['right stories but the trailing orphan']} with the right stories; "
              f"story boundaries: precision {figures['boundary_precision']:.1%}, "
              f"recall {figures['boundary_recall']:.1%} "
              f"({c['boundaries right']} right of {c['boundaries found']} found, {c['boundaries expected']} expected)")
        for fault, n in sorted(faults.items(), key=lambda item: -item[1]):
            print(f"  {n:5d}  {fault}")
        report["with_bylines" if closing_byline else "without_bylines"] = {**figures, "faults": dict(faults)}
    if args.save:
        save_results(args.save, context, report)


if __name__ == "__main__":
    main()
