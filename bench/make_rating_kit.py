"""A blind rating sheet from summary predictions, and its key (protocol: bench/RATING.md).

    python bench/make_rating_kit.py --system span_copy_words_phrase \
        --predictions newspaper_dev=runs/bench-summary/predictions_newspaper_dev.jsonl \
                      dev=runs/bench-summary/predictions_dev.jsonl \
        [--items 80] [--skip 0] [--changed-only] [--exclude-rated bench/rating-X ...] [--sample-seed S] [--seed 0]
        [--output-dir bench/rating]

Takes --items rows of each predictions file, after its first --skip (bench/bench_summary.py writes them: id,
text, reference, one column per decoding; with --changed-only only rows whose --system outputs differ; without the
articles of the --exclude-rated ratings; with --sample-seed, --items rows drawn at random from those instead of the
first ones), puts each row's --system outputs (one item where two systems wrote
the same headline) and its printed headline on the sheet, shuffles everything together and writes
- {output-dir}/rating_sheet.tsv: item, set, lead, headline and empty fluent / faithful / informative
  columns: what the rater gets (no system, no id);
- {output-dir}/rating_key.jsonl: item → set, article id, system, headline and the automatic garble flags:
  kept from the rater.
"""

import argparse
import json
from pathlib import Path

from zhnews.summary.rating import RATING_KEY, RatingKitSpec, build_rating_kit, read_key, write_key, write_sheet


def read_predictions(pairs: list[str]) -> dict[str, list[dict]]:
    predictions = {}
    for pair in pairs:
        set_name, sep, path = pair.partition("=")
        if not sep:
            raise SystemExit(f"--predictions takes SET=FILE, not {pair!r}")
        predictions[set_name] = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return predictions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--predictions", nargs="+", required=True, help="SET=predictions.jsonl ...")
    parser.add_argument("--system", nargs="+", required=True, help="prediction column(s) to rate")
    parser.add_argument("--items", type=int, default=80)
    parser.add_argument("--lead-chars", type=int, default=192)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", type=int, default=0, help="start after the first N pairs of each set")
    parser.add_argument("--changed-only", action="store_true",
                        help="only pairs whose --system outputs differ (--items counts those)")
    parser.add_argument("--exclude-rated", nargs="*", default=[],
                        help="rating folders whose articles are left out (after --skip)")
    parser.add_argument("--sample-seed", type=int, default=None,
                        help="draw --items pairs at random with this seed (in file order) instead of the first ones")
    parser.add_argument("--output-dir", default="bench/rating")
    args = parser.parse_args()

    shown = frozenset(entry["id"] for folder in args.exclude_rated
                      for entry in read_key(Path(folder) / RATING_KEY).values())
    spec = RatingKitSpec(tuple(args.system), args.items, args.lead_chars, args.seed, args.skip, args.changed_only,
                         exclude_ids=shown, sample_seed=args.sample_seed)
    sheet, key = build_rating_kit(read_predictions(args.predictions), spec)
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    write_sheet(sheet, output_dir / "rating_sheet.tsv")
    write_key(key, output_dir / RATING_KEY)
    print(f"{len(sheet)} items → {output_dir / 'rating_sheet.tsv'} (key: {output_dir / RATING_KEY})")


if __name__ == "__main__":
    main()
