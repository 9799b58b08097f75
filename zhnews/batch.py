"""Labelling a JSONL, CSV or Parquet table on one machine: streaming, crash-safe, resumable.

- Rows are read and labelled in chunks of at most `chunk_rows` rows and `chunk_bytes` bytes, so
  memory stays flat whatever the input's size.
- Every input row gives one output row, in order (labeller.py); bad rows get an `error`.
- Output goes to `OUTPUT.partial/` and is committed (fsynced, manifest updated) chunk by chunk.
  After a crash, `resume=True` continues after the last committed row; the manifest makes sure it
  is the same input and settings (label_manifest.py). The output appears under its name only when
  complete.
"""

import itertools
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhnews.label_manifest import differences, input_fingerprint, read_manifest, write_manifest
from zhnews.labeller import ERROR_FIELD, Labeller, LabelSettings
from zhnews.table_io import SourceRow, count_rows, open_sink, read_rows, table_format

FIRST_ERRORS_KEPT = 3


class LabelError(Exception):
    """A problem the user can fix (message is one line, shown without a traceback)."""


class AlreadyComplete(Exception):
    """--resume on an output that was finished."""


class LabelInterrupted(Exception):
    """Ctrl-C: the committed rows are kept and the job can be resumed."""


@dataclass
class LabelJob:
    """One labelling job: which table, where to, what to compute, how to commit."""

    input: Path
    """JSONL (.jsonl/.ndjson), CSV (.csv) or Parquet (.parquet/.pq) table."""
    output: Path
    """Where the labelled table goes, in the input's format."""
    settings: LabelSettings = field(default_factory=LabelSettings)
    """What is computed (models, tasks, columns)."""
    resume: bool = False
    """Continue the interrupted job in OUTPUT.partial/."""
    overwrite: bool = False
    """Replace an existing output (or discard an interrupted one)."""
    chunk_rows: int = 512
    """Most rows per committed chunk."""
    chunk_bytes: int = 8 << 20
    """Most input bytes per committed chunk (long rows make smaller chunks)."""
    id_field: str | None = "id"
    """Column that names a row in the closing error report."""
    progress: bool = True
    """Show a progress bar (only when stderr is a terminal)."""

    def __post_init__(self):
        self.input, self.output = Path(self.input), Path(self.output)
        if self.chunk_rows < 1 or self.chunk_bytes < 1:
            raise ValueError("chunk_rows and chunk_bytes must be at least 1")

    @property
    def partial(self) -> Path:
        return self.output.with_name(self.output.name + ".partial")

    def fingerprint(self) -> dict:
        return {**input_fingerprint(self.input), **self.settings.fingerprint()}


@dataclass
class LabelCounts:
    rows: int = 0
    """Output rows written, over the whole input (resumed runs included)."""
    errors: int = 0
    """Rows with an error, over the whole input."""
    resumed_from: int = 0
    """Rows already committed when this run started."""
    seconds: float = 0.0
    """Wall time of this run."""
    first_errors: list[str] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return (self.rows - self.resumed_from) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        resumed = f", {self.resumed_from:,} from the earlier run" if self.resumed_from else ""
        first = f" (first: {'; '.join(self.first_errors)})" if self.first_errors else ""
        return (f"{self.rows:,} rows{resumed}, {self.errors:,} errors{first}, "
                f"{self.docs_per_second:.1f} docs/s")


def check_paths(job: LabelJob) -> dict | None:
    """Refuse what would lose or mix up data; the manifest to resume from, or None for a fresh start."""
    if not job.input.is_file():
        raise LabelError(f"input {job.input} does not exist")
    try:
        if table_format(job.output) != table_format(job.input):
            raise LabelError(f"output {job.output} must have the input's format ({table_format(job.input)})")
    except ValueError as error:
        raise LabelError(str(error)) from None
    if job.output.resolve() == job.input.resolve():
        raise LabelError("output and input are the same file")
    if job.resume and job.output.exists() and not job.partial.exists():
        raise AlreadyComplete(f"{job.output} is already complete; nothing to resume")
    if job.output.exists() and not job.overwrite:
        raise LabelError(f"output {job.output} exists; pass --overwrite to replace it")
    if job.partial.exists() and not job.partial.is_dir():
        raise LabelError(f"{job.partial} was left by an older zhnews and records no input; delete it to start over")
    manifest = read_manifest(job.partial) if job.partial.exists() else None
    if job.resume:
        return _resumable(job, manifest)
    if manifest and not job.overwrite:
        done = f" ({manifest['rows']:,} rows of {manifest['fingerprint']['input']})"
        raise LabelError(f"{job.partial} holds an interrupted job{done}; "
                         f"pass --resume to continue it or --overwrite to start over")
    return None


def _resumable(job: LabelJob, manifest: dict | None) -> dict | None:
    if manifest is None:
        return None  # the job stopped before its first commit: nothing to keep, start from the beginning
    changed = differences(manifest["fingerprint"], job.fingerprint())
    if changed:
        raise LabelError(f"cannot resume: {job.partial} belongs to another job ({'; '.join(changed)}); "
                         f"use the same input and settings, or --overwrite to start over")
    return manifest


def chunks(rows: Iterable[SourceRow], max_rows: int, max_bytes: int) -> Iterator[list[SourceRow]]:
    chunk, size = [], 0
    for row in rows:
        chunk.append(row)
        size += row.size
        if len(chunk) >= max_rows or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _progress_bar(job: LabelJob, initial: int):
    from tqdm import tqdm

    show = job.progress and sys.stderr.isatty()
    total = count_rows(job.input) if show else None
    return tqdm(total=total, initial=initial, unit=" rows", disable=not show, file=sys.stderr, dynamic_ncols=True)


def _note_errors(counts: LabelCounts, rows: list[dict], first_row: int, id_field: str | None) -> None:
    for offset, row in enumerate(rows):
        if ERROR_FIELD in row and row[ERROR_FIELD] is not None:
            counts.errors += 1
            if len(counts.first_errors) < FIRST_ERRORS_KEPT:
                name = f" id={row[id_field]}" if id_field and id_field in row else ""
                counts.first_errors.append(f"row {first_row + offset + 1}{name}: {row[ERROR_FIELD]}")


def start_folder(job: LabelJob, manifest: dict | None) -> None:
    if manifest is None:
        shutil.rmtree(job.partial, ignore_errors=True)
        job.partial.mkdir(parents=True)


def run_label_job(job: LabelJob, labeller: Labeller | None = None) -> LabelCounts:
    """Label every row of job.input into job.output; returns counts over the whole input."""
    manifest = check_paths(job)
    started = time.perf_counter()
    labeller = labeller or Labeller(job.settings)
    done = manifest["rows"] if manifest else 0
    rows = itertools.islice(read_rows(job.input), done, None)
    labelled = (labeller.label(chunk) for chunk in chunks(rows, job.chunk_rows, job.chunk_bytes))
    return write_labelled(job, manifest, labelled, started)


def write_labelled(job: LabelJob, manifest: dict | None, labelled: Iterable[list[dict]],
                   started: float) -> LabelCounts:
    """Commit labelled chunks to OUTPUT.partial/ one by one, then move the output into place."""
    start_folder(job, manifest)
    fingerprint = job.fingerprint()
    counts = LabelCounts(rows=manifest["rows"] if manifest else 0, errors=manifest["errors"] if manifest else 0,
                         first_errors=manifest["first_errors"] if manifest else [])
    counts.resumed_from = counts.rows
    sink = open_sink(table_format(job.output), job.partial, manifest and manifest["sink"], job.input,
                     job.settings.result_fields)
    try:
        with _progress_bar(job, counts.rows) as bar:
            for chunk in labelled:
                sink.write(chunk)
                _note_errors(counts, chunk, counts.rows, job.id_field)
                counts.rows += len(chunk)
                write_manifest(job.partial, {"fingerprint": fingerprint, "rows": counts.rows,
                                             "errors": counts.errors, "first_errors": counts.first_errors,
                                             "sink": sink.commit()})
                bar.update(len(chunk))
        sink.finish(job.output)
    except KeyboardInterrupt:
        raise LabelInterrupted(f"interrupted: {_committed(job):,} rows are saved in {job.partial}; "
                               f"rerun the same command with --resume to continue") from None
    finally:
        sink.close()
    shutil.rmtree(job.partial)
    counts.seconds = time.perf_counter() - started
    return counts


def _committed(job: LabelJob) -> int:
    manifest = read_manifest(job.partial)
    return manifest["rows"] if manifest else 0
