"""Score a filled-in rating sheet against its key (protocol: bench/RATING.md).

    python bench/score_ratings.py bench/rating/rating_sheet.tsv bench/rating/rating_key.jsonl [--output scores.json]

Prints, per set and system (the model's decoding, `printed` = the printed headline): the yes-rates of
fluent / faithful / informative, how many items were left unrated, the share the automatic garble
measures flag (zhnews/summary/garble.py: a stitch or a doubled character), and their agreement with the rater
(flagged items rated not fluent; unflagged items rated fluent).

    … [--changed-in dev=runs/X/predictions_dev.jsonl … --systems A B]

scores only the articles where columns A and B of those predictions differ: the articles a refined rule still
changes, when its outputs are among those rated.

    … [--paired A B]

also prints, per question, per set and over all sets, on how many articles only A's headline was rated yes (fluent,
faithful, informative) and on how many only B's, with a two-sided sign test over those articles (a paired rating:
bench/make_rating_kit.py --changed-only).
"""

import argparse
import json
import math
from collections import defaultdict
from pathlib import Path

from make_rating_kit import read_predictions
from zhnews.summary.rating import QUESTIONS, read_key, read_ratings, score_ratings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ratings")
    parser.add_argument("key")
    parser.add_argument("--output")
    parser.add_argument("--changed-in", nargs="+", default=[], help="SET=predictions.jsonl ...")
    parser.add_argument("--systems", nargs=2, help="with --changed-in: the two columns compared")
    parser.add_argument("--paired", nargs=2, metavar=("A", "B"), help="count articles where only one was rated yes")
    args = parser.parse_args()
    key = read_key(args.key)
    ratings = read_ratings(args.ratings, key)
    if args.changed_in:
        if not args.systems:
            raise SystemExit("--changed-in needs --systems A B")
        key = only_changed(key, read_predictions(args.changed_in), *args.systems)
    report = score_ratings({item: ratings[item] for item in key if item in ratings}, key)
    for set_name, systems in report.items():
        for system, s in systems.items():
            print(f"{set_name:14s} {system:26s} n={s['n']:3d} (unrated {s['not_in_ratings']}) "
                  f"fluent {s['fluent']} faithful {s['faithful']} informative {s['informative']} | "
                  f"garble-flagged {s['garbled_flagged']}, of them not fluent {s['flagged_rated_not_fluent']}, "
                  f"unflagged fluent {s['unflagged_rated_fluent']}")
    for question in QUESTIONS if args.paired else ():
        counts = paired_answers(ratings, key, *args.paired, question=question)
        counts["all sets"] = tuple(map(sum, zip(*counts.values()))) if counts else (0, 0)
        for set_name, (only_first, only_second) in counts.items():
            print(f"{set_name:14s} {question} only {args.paired[0]}: {only_first}, only {args.paired[1]}: {only_second}, "
                  f"two-sided sign test p = {sign_test(only_first, only_second):.3f}")
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def paired_answers(ratings: dict[str, dict], key: dict[str, dict], first: str, second: str,
                   question: str = "fluent") -> dict[str, tuple[int, int]]:
    """Per set: the articles where only `first`'s headline was rated yes on `question`, and those where only
    `second`'s was."""
    answers = defaultdict(dict)
    for item, entry in key.items():
        for system in entry["systems"]:
            answers[(entry["set"], entry["id"])][system] = bool(ratings.get(item, {}).get(question))
    counts = defaultdict(lambda: [0, 0])
    for (set_name, _), by_system in answers.items():
        if first in by_system and second in by_system and by_system[first] != by_system[second]:
            counts[set_name][0 if by_system[first] else 1] += 1
    return {set_name: tuple(pair) for set_name, pair in sorted(counts.items())}


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact sign test of wins against losses (ties left out)."""
    n, low = wins + losses, min(wins, losses)
    return min(1.0, 2 * sum(math.comb(n, k) for k in range(low + 1)) / 2 ** n) if n else 1.0


def only_changed(key: dict[str, dict], predictions: dict[str, list[dict]], first: str, second: str) -> dict[str, dict]:
    """The key's items of the articles whose `first` and `second` outputs differ in the predictions."""
    changed = {(set_name, row["id"]) for set_name, rows in predictions.items() for row in rows if row[first] != row[second]}
    return {item: entry for item, entry in key.items() if (entry["set"], entry["id"]) in changed}


if __name__ == "__main__":
    main()
