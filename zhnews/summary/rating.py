"""Blind rating of headlines: a shuffled sheet for a rater without the key, and scores against the key.

Protocol: bench/RATING.md. The rater sees, per item, the article's lead and one headline (a model's or
the printed one, shuffled together, system not shown) and answers three yes/no questions: fluent (a
well-formed headline), faithful (nothing the lead does not support), informative (the main point).
"""

import csv
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from zhnews.summary.garble import doubled_characters, stitch_count
from zhnews.summary.data import story_lead

QUESTIONS = ("fluent", "faithful", "informative")
SHEET_COLUMNS = ("item", "set", "lead", "headline", *QUESTIONS)
_YES, _NO = {"y", "yes", "1", "是"}, {"n", "no", "0", "否"}
PRINTED = "printed"
RATED_SHEET, RATING_KEY = "rating_sheet_rated.tsv", "rating_key.jsonl"  # a rating folder's filled sheet and key
SHOWN_LEAD_CHARS = 192  # characters of each article a rater sees (the shipped summariser reads 192)


def shown_lead(text: str, lead_chars: int = SHOWN_LEAD_CHARS) -> str:
    """The article as a rater sees it and the summariser reads it: its first lead_chars characters, normalised, on one
    line, the news story first where a leader's letter is printed before it (data.story_lead)."""
    return story_lead(text, lead_chars).replace("\n", " ")


@dataclass
class RatingKitSpec:
    """What goes on a rating sheet."""
    systems: tuple[str, ...]
    """Prediction columns rated besides the printed headline (the `reference` column)."""
    items_per_set: int = 80
    """The first N pairs of each set, in file order: fixed in advance, not picked."""
    lead_chars: int = SHOWN_LEAD_CHARS
    """Characters of the article shown as its lead."""
    seed: int = 0
    skip: int = 0
    """Start after the first `skip` pairs: fresh articles for a rule written from the earlier ones."""
    changed_only: bool = False
    """Only pairs whose systems do not all write the same headline (a paired rating of what a change
    changes); items_per_set then counts those pairs."""
    exclude_ids: frozenset[str] = frozenset()
    """Articles left out after the skip (e.g. those an earlier rating showed, whose ratings fit a rule)."""
    sample_seed: int | None = None
    """With a seed, items_per_set pairs drawn at random (with it) from those left after the skip, the exclusions and
    changed_only, kept in file order: a whole-set sample once no fresh range is left. None takes the first ones."""

    def __post_init__(self):
        if not self.systems or PRINTED in self.systems:
            raise ValueError(f"systems: at least one prediction column, and not {PRINTED!r} (always included)")
        if self.items_per_set < 1 or self.lead_chars < 16 or self.skip < 0:
            raise ValueError("items_per_set must be >= 1, lead_chars >= 16 and skip >= 0")
        if self.changed_only and len(self.systems) < 2:
            raise ValueError("changed_only compares systems: give at least two")


def build_rating_kit(predictions: dict[str, list[dict]], spec: RatingKitSpec) -> tuple[list[dict], list[dict]]:
    """(sheet rows for the rater, key rows) from prediction rows by set name. Each prediction row
    needs id, text, reference and one column per system (bench/bench_summary.py writes them)."""
    items = []
    for set_name, rows in predictions.items():
        for n, row in enumerate(rows, 1):
            missing = [c for c in ("id", "text", "reference", *spec.systems) if c not in row]
            if missing:
                raise ValueError(f"{set_name} row {n}: missing {missing}")
        rows = [row for row in rows[spec.skip:] if row["id"] not in spec.exclude_ids]
        if spec.changed_only:
            rows = [row for row in rows if len({row[system] for system in spec.systems}) > 1]
        if spec.sample_seed is not None:
            drawn = random.Random(spec.sample_seed).sample(range(len(rows)), min(spec.items_per_set, len(rows)))
            rows = [rows[index] for index in sorted(drawn)]
        for row in rows[:spec.items_per_set]:
            by_headline = {}  # systems that wrote the same headline share one item
            for system in (PRINTED, *spec.systems):
                headline = row["reference"] if system == PRINTED else row[system]
                if system != PRINTED and headline in by_headline:
                    by_headline[headline]["systems"].append(system)
                    continue
                item = {"set": set_name, "id": row["id"], "system": system, "systems": [system], "headline": headline,
                        "lead": shown_lead(row["text"], spec.lead_chars),
                        "stitched": stitch_count(headline, row["text"]) > 0,
                        "doubled": bool(doubled_characters(headline, row["text"]))}
                items.append(item)
                if system != PRINTED:
                    by_headline[headline] = item
    random.Random(spec.seed).shuffle(items)
    sheet, key = [], []
    for number, item in enumerate(items, 1):
        label = f"r{number:04d}"
        sheet.append({"item": label, "set": item["set"], "lead": item["lead"], "headline": item["headline"],
                      **{q: "" for q in QUESTIONS}})
        key.append({"item": label, **{k: item[k] for k in ("set", "id", "system", "systems", "headline", "stitched", "doubled")}})
    return sheet, key


def write_sheet(rows: list[dict], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=SHEET_COLUMNS, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def write_key(rows: list[dict], path: str | Path) -> None:
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def read_key(path: str | Path) -> dict[str, dict]:
    return {row["item"]: row for row in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines())}


def _answer(value: str, where: str) -> bool | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value in _YES | _NO:
        return value in _YES
    raise ValueError(f"{where}: answer {value!r} is not y/n (or yes/no, 1/0, 是/否)")


def read_ratings(path: str | Path, key: dict[str, dict]) -> dict[str, dict[str, bool | None]]:
    """item -> {question: True/False/None (unanswered)}. Unknown or repeated items are errors."""
    ratings = {}
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f, delimiter="\t"), 2):
            item = row.get("item")
            if item not in key:
                raise ValueError(f"{path}:{line}: item {item!r} is not in the key")
            if item in ratings:
                raise ValueError(f"{path}:{line}: item {item} is rated twice")
            ratings[item] = {q: _answer(row.get(q, ""), f"{path}:{line} {q}") for q in QUESTIONS}
    return ratings


def score_ratings(ratings: dict[str, dict], key: dict[str, dict]) -> dict:
    """Per set and system: n, unanswered count and yes-rate of each question; the share flagged as
    garbled (stitch or doubled character); and how the flag agrees with fluency (share of flagged
    items rated not fluent, of unflagged items rated fluent). Items of the key missing from the
    ratings are counted, not dropped."""
    groups: dict[tuple[str, str], list[tuple[dict, dict | None]]] = defaultdict(list)
    for item, entry in key.items():
        for system in entry.get("systems", [entry["system"]]):  # keys written before deduplication lack "systems"
            groups[(entry["set"], system)].append((entry, ratings.get(item)))
    report: dict[str, dict] = defaultdict(dict)
    for (set_name, system), entries in sorted(groups.items()):
        report[set_name][system] = _group_scores(entries)
    return dict(report)


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _group_scores(entries: list[tuple[dict, dict | None]]) -> dict:
    rated = [(entry, answers) for entry, answers in entries if answers is not None]
    scores = {"n": len(entries), "not_in_ratings": len(entries) - len(rated)}
    for question in QUESTIONS:
        answers = [a[question] for _, a in rated if a[question] is not None]
        scores[question] = _rate(answers)
        scores[f"{question}_unanswered"] = len(rated) - len(answers)
    flagged = [e["stitched"] or e["doubled"] for e, _ in entries]
    scores["garbled_flagged"] = _rate(flagged)
    fluency = [(e["stitched"] or e["doubled"], a["fluent"]) for e, a in rated if a["fluent"] is not None]
    scores["flagged_rated_not_fluent"] = _rate([not fluent for flag, fluent in fluency if flag])
    scores["unflagged_rated_fluent"] = _rate([fluent for flag, fluent in fluency if not flag])
    return scores


def rated_headlines(folders: list[str | Path]) -> list[dict]:
    """Every rated item of the rating folders (each holding RATED_SHEET and RATING_KEY; folders without a filled
    sheet are skipped): folder, set, article id, systems, printed (whether it is the printed headline), headline,
    the lead the rater saw, and the answers (True / False / None when unanswered)."""
    rows = []
    for folder in map(Path, folders):
        if not (folder / RATED_SHEET).exists():
            continue
        key = read_key(folder / RATING_KEY)
        ratings = read_ratings(folder / RATED_SHEET, key)
        with open(folder / RATED_SHEET, encoding="utf-8", newline="") as sheet:
            leads = {row["item"]: row["lead"] for row in csv.DictReader(sheet, delimiter="\t")}
        for item, answers in ratings.items():
            entry = key[item]
            systems = entry.get("systems", [entry["system"]])
            rows.append({"folder": folder.name, "set": entry["set"], "id": entry["id"], "systems": systems,
                         "printed": PRINTED in systems, "headline": entry["headline"], "lead": leads[item], **answers})
    return rows
