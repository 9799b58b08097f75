"""How long the clause fallback takes per summary, with and without the cache of garble._plain (issue 7).

    python bench/bench_fallback_speed.py [--articles 300] [--repeats 5] [--predictions FILE] [--profile 15]

Runs fallback.fluency_fallback (the shipped floors, models/zhnews-fluency) over the first N articles of a predictions
file (their model summaries, column --variant), alternating the uncached `_plain` (garble._plain.__wrapped__) and the
cached one in the same process, each pass with every cache of garble cleared, and reports the median seconds per pass
of each and their ratio. Both give the same headlines (checked). With --profile N, one more cold pass runs under
cProfile and the N zhnews functions that take the most time (with what they call) are reported with their call
counts: where the next speed-up is. Saves bench/results/fallback_speed.json.
"""

import argparse
import cProfile
import itertools
import json
import pstats
import statistics
import time
from pathlib import Path

from bench_clause_fallback import shipped_floors
from results_file import run_context, save_results
from zhnews.paths import REPO_ROOT
from zhnews.summary import garble
from zhnews.summary.fallback import fluency_fallback
from zhnews.summary.fluency import FluencyScorer

VARIANT = "few_spans_2_nouns_back_2_finish_jump_2_clause_1_verb_2_verbless_3"
CACHES = (garble._plain, garble.word_starts, garble.tagged_word_ends)  # the cached _plain, before any pass swaps it
PREDICTIONS = "runs/bench-full-verbless-a/predictions_newspaper_dev.jsonl"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--predictions", default=PREDICTIONS)
    parser.add_argument("--variant", default=VARIANT)
    parser.add_argument("--fluency-scorer", default="models/zhnews-fluency")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="report the N costliest zhnews functions")
    args = parser.parse_args()
    context = run_context()
    with open(REPO_ROOT / args.predictions, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in itertools.islice(lines, args.articles)]
    scorer = FluencyScorer.from_pretrained(REPO_ROOT / args.fluency_scorer)
    cached = garble._plain
    settings = {"uncached": cached.__wrapped__, "cached": cached}
    times, outputs = {name: [] for name in settings}, {}
    fallback_pass(rows[:1], args.variant, scorer)  # loads jieba's dictionary
    for _ in range(args.repeats):
        for name, plain in settings.items():
            garble._plain = plain
            clear_caches()  # every pass starts cold
            start = time.perf_counter()
            outputs[name] = fallback_pass(rows, args.variant, scorer)
            times[name].append(time.perf_counter() - start)
    garble._plain = cached
    if outputs["cached"] != outputs["uncached"]:
        raise SystemExit("the cached and uncached passes gave different headlines")
    report = {"articles": len(rows), "repeats": args.repeats,
              **{f"median_seconds_{name}": round(statistics.median(seconds), 3) for name, seconds in times.items()}}
    report["speedup"] = round(report["median_seconds_uncached"] / report["median_seconds_cached"], 2)
    if args.profile:
        report["profile"] = profile(rows, args.variant, scorer, args.profile)
    print(report)
    save_results("fallback_speed", context, report)


def fallback_pass(rows: list[dict], variant: str, scorer: FluencyScorer) -> list[str]:
    floors = shipped_floors()
    return [fluency_fallback(row["text"], row[variant], scorer, *floors) for row in rows]


def clear_caches() -> None:
    for cache in CACHES:
        cache.cache_clear()


def profile(rows: list[dict], variant: str, scorer: FluencyScorer, top: int) -> list[dict]:
    """One cold pass under cProfile: the `top` zhnews functions by cumulative seconds, with their call counts."""
    clear_caches()
    profiler = cProfile.Profile()
    profiler.runcall(fallback_pass, rows, variant, scorer)
    stats = pstats.Stats(profiler).stats  # (file, line, name) -> (primitive calls, calls, own, cumulative, callers)
    ours = [(f"{Path(file).stem}.{name}", calls, cumulative) for (file, _, name), (_, calls, _, cumulative, _)
            in stats.items() if "/zhnews/" in file]
    return [{"function": name, "calls": calls, "cumulative_seconds": round(cumulative, 3)}
            for name, calls, cumulative in sorted(ours, key=lambda item: -item[2])[:top]]


if __name__ == "__main__":
    main()
