"""`zhnews analyze [FILE ... | -]`: raw pages in, every story out with its topic and summary.

    zhnews analyze                 # the example page shipped with zhnews
    zhnews analyze page.txt -      # files and/or stdin; a table per input
    zhnews analyze --json page.txt # one JSON object per story

A file that cannot be read (missing, empty, binary, unknown encoding) gets a one-line error on
stderr and the others are still analysed; the exit status is then 1. Library noise (weight-loading
progress bars, warnings) is silenced unless --verbose is given.
"""

import dataclasses
import json
import sys
import unicodedata
import warnings

from zhnews.input_files import InputError, InputText, read_input
from zhnews.model_location import ModelNotFoundError
from zhnews.paths import EXAMPLE_PAGE

FRAGMENT_MARK = "*"
_TABLE_COLUMNS = ("#", "topic", "score", "summary", "title")


def add_analyze_command(commands) -> None:
    analyze = commands.add_parser("analyze", help="split raw pages into stories; topic and summary for each")
    analyze.add_argument("files", nargs="*", help=f"page or article files, '-' for stdin (default: {EXAMPLE_PAGE.name})")
    analyze.add_argument("--json", action="store_true", help="one JSON object per story instead of a table")
    analyze.add_argument("--topic-model", default=None, help="topic model folder or Hub id (default: embedded)")
    analyze.add_argument("--summary-model", default=None, help="summary model folder or Hub id (default: embedded)")
    analyze.add_argument("--batch-size", type=int, default=16)
    analyze.add_argument("--verbose", action="store_true", help="show library messages (weight loading, warnings)")
    analyze.set_defaults(run=run_analyze)


def quiet_libraries() -> None:
    """No progress bars or warnings from transformers / huggingface_hub / torch on the terminal."""
    import transformers
    from huggingface_hub.utils import disable_progress_bars

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    disable_progress_bars()
    warnings.filterwarnings("ignore")


def _read_inputs(names: list[str]) -> tuple[list[InputText], int]:
    """The readable inputs, and how many failed (each failure reported on stderr)."""
    inputs, failures = [], 0
    for name in names:
        try:
            inputs.append(read_input(name))
        except InputError as error:
            print(f"zhnews analyze: {error}", file=sys.stderr)
            failures += 1
    for item in inputs:
        if item.encoding != "utf-8":
            print(f"zhnews analyze: {item.name}: read as {item.encoding.upper()}", file=sys.stderr)
    return inputs, failures


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(stories) -> str:
    """A plain-text table: story number (* = fragment continued from another page), topic, score,
    summary, title."""
    rows = [_TABLE_COLUMNS] + [
        (f"{i}{FRAGMENT_MARK if s.fragment else ''}", s.topic, f"{s.topic_score:.2f}", s.summary,
         s.title or "(fragment: continued from another page)")
        for i, s in enumerate(stories, 1)]
    widths = [max(_width(row[c]) for row in rows) for c in range(len(_TABLE_COLUMNS) - 1)]
    return "\n".join("  ".join([*(_pad(cell, w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows)


def _print_results(item: InputText, stories, as_json: bool) -> None:
    if as_json:
        for number, story in enumerate(stories, 1):
            print(json.dumps({"file": item.name, "story": number, **dataclasses.asdict(story)}, ensure_ascii=False))
        return
    print(f"{item.name}: {len(stories)} stories")
    print(format_table(stories))
    print()


def run_analyze(args) -> int:
    if not args.verbose:
        quiet_libraries()
    inputs, failures = _read_inputs(args.files or [str(EXAMPLE_PAGE)])
    if not inputs:
        return 1
    from zhnews.analyzer import NewsAnalyzer  # imports torch: keep `zhnews --help` fast

    try:
        analyzer = NewsAnalyzer.from_pretrained(args.topic_model, args.summary_model, batch_size=args.batch_size)
    except ModelNotFoundError as error:
        print(f"zhnews analyze: {error}", file=sys.stderr)
        return 2
    for item in inputs:
        try:
            stories = analyzer.analyze_page(item.text)
        except ValueError as error:
            print(f"zhnews analyze: {item.name}: {error}", file=sys.stderr)
            failures += 1
            continue
        _print_results(item, stories, args.json)
    return 1 if failures else 0
