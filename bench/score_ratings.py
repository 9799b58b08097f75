"""Score a filled-in rating sheet against its key (protocol: bench/RATING.md).

    python bench/score_ratings.py bench/rating/rating_sheet.tsv bench/rating/rating_key.jsonl [--output scores.json]

Prints, per set and system (the model's decoding, `printed` = the printed headline): the yes-rates of
fluent / faithful / informative, how many items were left unrated, the share the automatic garble
measures flag (zhnews/summary/garble.py: a stitch or a doubled character), and their agreement with the rater
(flagged items rated not fluent; unflagged items rated fluent).
"""

import argparse
import json
from pathlib import Path

from zhnews.summary.rating import read_key, read_ratings, score_ratings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ratings")
    parser.add_argument("key")
    parser.add_argument("--output")
    args = parser.parse_args()
    key = read_key(args.key)
    report = score_ratings(read_ratings(args.ratings, key), key)
    for set_name, systems in report.items():
        for system, s in systems.items():
            print(f"{set_name:14s} {system:26s} n={s['n']:3d} (unrated {s['not_in_ratings']}) "
                  f"fluent {s['fluent']} faithful {s['faithful']} informative {s['informative']} | "
                  f"garble-flagged {s['garbled_flagged']}, of them not fluent {s['flagged_rated_not_fluent']}, "
                  f"unflagged fluent {s['unflagged_rated_fluent']}")
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
