"""split_page on People's Daily pages (../shared/data/rmrb_archive), and its vocabulary-overlap rule.

    python bench/bench_page_split.py [--samples 2000] [--pages 300] [--seed 0]

Pages: the articles printed on one real page (same date and page number, 2+ usable articles, at most
4) are laid out as a raw dump by zhnews.page_layout (one cut and one doubled paragraph each, an orphan
continuation from another day first and last), with and without a closing byline per story. A page is
split exactly when the stories come back in order with their headlines, kickers, subtitles and fragment
flags; "right stories" allows kicker/title/subtitle to be confused (a kicker without a dash reads like a
headline with a subtitle below it); the story counts say what went wrong otherwise.

Overlap rule:
For sampled articles with 4+ paragraphs: the story so far is the headline + the first k paragraphs
(k random, ≥ 2); "same" is the cohesion of its next (up to 3) paragraphs, "other" that of 3 paragraphs
of another article printed the same day. Prints quantiles and, per threshold, the share of "same"
runs that would be split off and the share of "other" runs that would be glued on.
"""

import argparse
import random
from collections import defaultdict

from zhnews.corpus import read_rmrb_articles
from zhnews.page import COHESION_MIN, cohesion, split_page
from zhnews.page_layout import lay_out_page, long_paragraphs, usable_article


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


def score_pages(n_pages: int, seed: int, closing_byline: bool) -> dict:
    rng = random.Random(seed)
    articles = read_rmrb_articles()
    on_page = defaultdict(list)
    for article in articles:
        if article["page"] and usable_article(article):
            on_page[(article["date"], article["page"])].append(article)
    groups = [group[:4] for _, group in sorted(on_page.items()) if len(group) >= 2]
    donors = [a for a in articles if usable_article(a)]
    counts = defaultdict(int)
    for group in rng.sample(groups, min(n_pages, len(groups))):
        orphans = [long_paragraphs(rng.choice(donors)["text"])[-2:] for _ in range(2)]
        page = lay_out_page(group, orphans, rng, closing_byline=closing_byline)
        got = [_headers(s) for s in split_page(page.text)]
        want = [_expected_headers(e) for e in page.expected]
        stories = split_page(page.text)
        counts["pages"] += 1
        counts["exact"] += got == want
        counts["boundaries"] += [g[0] for g in got] == [w[0] for w in want] and all(
            w[1] in (s.kicker, s.title, s.subtitle) for s, w in zip(stories, want) if not w[0])
        counts["stories expected"] += len(want)
        counts["stories found"] += len(got)
        counts["headlines found"] += len({h[1] for h in got} & {h[1] for h in want if not h[0]})
        counts["headlines expected"] += sum(not h[0] for h in want)
        counts["orphans flagged"] += sum(g[0] for g in got)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
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
    for closing_byline in (True, False):
        c = score_pages(args.pages, args.seed, closing_byline)
        print(f"pages {'with' if closing_byline else 'without'} closing bylines: {c['exact']}/{c['pages']} "
              f"split exactly ({c['exact'] / c['pages']:.1%}), {c['boundaries']} with the right stories but "
              f"perhaps kicker/title/subtitle swapped ({c['boundaries'] / c['pages']:.1%}); headlines found {c['headlines found']}/"
              f"{c['headlines expected']}; stories found {c['stories found']} of {c['stories expected']}; "
              f"fragments flagged {c['orphans flagged']} of {2 * c['pages']}")


if __name__ == "__main__":
    main()
