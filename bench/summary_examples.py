"""The README's newspaper examples: the first N People's Daily 2025 (newspaper_dev) articles in file
order (not picked), with the article's lead, the printed headline and the shipped summariser's output.

    python bench/summary_examples.py [--model models/zhnews-summary] [--n 10] [--lead-chars 80]

Prints a Markdown table; decodes with the settings saved with the model.
"""

import argparse

from zhnews.summary.extractive import lead_1, story_first
from zhnews.paths import SHIPPED_SUMMARY_MODEL
from zhnews.summary.summarizer import Summarizer
from zhnews.summary.data import rmrb_pairs


def cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_SUMMARY_MODEL))
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--lead-chars", type=int, default=80)
    args = parser.parse_args()
    rows = rmrb_pairs()["dev"][: args.n]
    summaries = Summarizer.from_pretrained(args.model).summarize([r["text"] for r in rows])
    print("| # | article lead | printed headline | zhnews summary |\n|---|---|---|---|")
    for n, (row, summary) in enumerate(zip(rows, summaries), 1):
        lead = lead_1(story_first(row["text"]))  # what the summariser reads first
        lead = lead if len(lead) <= args.lead_chars else lead[: args.lead_chars] + "…"
        print(f"| {n} | {cell(lead)} | {cell(row['summary'])} | {cell(summary)} |")


if __name__ == "__main__":
    main()
