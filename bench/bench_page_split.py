"""How well does split_page's vocabulary-overlap rule (`zhnews.page.cohesion`) tell a story's own next
paragraphs from another article's? Measured on People's Daily (../shared/data/rmrb_archive).

    python bench/bench_page_split.py [--samples 2000] [--seed 0]

For sampled articles with 4+ paragraphs: the story so far is the headline + the first k paragraphs
(k random, ≥ 2); "same" is the cohesion of its next (up to 3) paragraphs, "other" that of 3 paragraphs
of another article printed the same day. Prints quantiles and, per threshold, the share of "same"
runs that would be split off and the share of "other" runs that would be glued on.
"""

import argparse
import random
from collections import defaultdict

from zhnews.corpus import read_rmrb_articles
from zhnews.page import COHESION_MIN, cohesion


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
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


if __name__ == "__main__":
    main()
