"""Score a filled-in rating sheet against its key (protocol: bench/RATING.md).

    python bench/score_ratings.py bench/rating/rating_sheet.tsv bench/rating/rating_key.jsonl [--output scores.json]

Prints, per set and system (the model's decoding, `printed` = the printed headline): the yes-rates of
fluent / faithful / informative, how many items were left unrated, the share the automatic garble
measures flag (zhnews/summary/garble.py: a stitch or a doubled character), and their agreement with the rater
(flagged items rated not fluent; unflagged items rated fluent).

    … [--changed-in dev=runs/X/predictions_dev.jsonl … --systems A B]

scores only the articles where columns A and B of those predictions differ: the articles a refined rule still
changes, when its outputs are among those rated.
"""

import argparse
import json
from pathlib import Path

from make_rating_kit import read_predictions
from zhnews.summary.rating import read_key, read_ratings, score_ratings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ratings")
    parser.add_argument("key")
    parser.add_argument("--output")
    parser.add_argument("--changed-in", nargs="+", default=[], help="SET=predictions.jsonl ...")
    parser.add_argument("--systems", nargs=2, help="with --changed-in: the two columns compared")
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
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def only_changed(key: dict[str, dict], predictions: dict[str, list[dict]], first: str, second: str) -> dict[str, dict]:
    """The key's items of the articles whose `first` and `second` outputs differ in the predictions."""
    changed = {(set_name, row["id"]) for set_name, rows in predictions.items() for row in rows if row[first] != row[second]}
    return {item: entry for item, entry in key.items() if (entry["set"], entry["id"]) in changed}


if __name__ == "__main__":
    main()
