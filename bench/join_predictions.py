"""Join prediction columns of several bench runs over the same articles into one predictions file per set (the
input of bench/make_rating_kit.py when the systems to rate come from different runs).

    python bench/join_predictions.py --sets dev newspaper_dev --output-dir runs/bench-clause-verbs \
        NAME=RUN_DIR:COLUMN [NAME=RUN_DIR:COLUMN ...]

Each NAME column is COLUMN of RUN_DIR/predictions_{set}.jsonl; id, text and reference come from the first run.
The runs must hold the same articles in the same order.
"""

import argparse
import json
from pathlib import Path

from make_rating_kit import read_predictions


def join(columns: dict[str, tuple[str, str]], set_name: str) -> list[dict]:
    runs = {run: read_predictions([f"{set_name}={run}/predictions_{set_name}.jsonl"])[set_name]
            for run, _ in columns.values()}
    first = next(iter(runs.values()))
    for run, rows in runs.items():
        if [row["id"] for row in rows] != [row["id"] for row in first]:
            raise SystemExit(f"{run}: not the same {set_name} articles as the first run")
    return [{"id": row["id"], "text": row["text"], "reference": row["reference"],
             **{name: runs[run][i][column] for name, (run, column) in columns.items()}}
            for i, row in enumerate(first)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("columns", nargs="+", help="NAME=RUN_DIR:COLUMN ...")
    parser.add_argument("--sets", nargs="+", required=True)
    parser.add_argument("--output-dir", required=True)
    args = parser.parse_args()
    columns = {}
    for spec in args.columns:
        name, _, source = spec.partition("=")
        run, _, column = source.rpartition(":")
        if not (name and run and column):
            raise SystemExit(f"{spec!r}: expected NAME=RUN_DIR:COLUMN")
        columns[name] = (run, column)
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    for set_name in args.sets:
        rows = join(columns, set_name)
        with open(output_dir / f"predictions_{set_name}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        print(f"[{set_name}] {len(rows)} articles, columns {', '.join(columns)}")


if __name__ == "__main__":
    main()
