"""Row-by-row reading and chunk-by-chunk committed writing of JSON lines, CSV and Parquet tables.

- Readers yield one `SourceRow` per input row, in order. A row that cannot be read (bytes that are
  not UTF-8, a line that is not JSON, a JSON value that is not an object, a CSV row with more fields
  than its header) is a `SourceRow` with an `error` and no record: it is never skipped.
- Sinks append rows to a working folder and make them durable with `commit()`; `committed_state()`
  is what a resumed run needs to cut off anything written after the last commit (see batch.py).
"""

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
# Python's csv module refuses fields over 128 KiB by default; archive articles can be longer.
csv.field_size_limit(2**31 - 1)
# Reading CSV: a byte-order mark (as spreadsheet programs write) is not part of the first column's name.
CSV_ENCODING = "utf-8-sig"


@dataclass
class SourceRow:
    record: dict | None
    """The input row's columns, or None when the row could not be read at all."""
    error: str | None = None
    """Why the row could not be read."""
    size: int = 0
    """Approximate bytes the row takes in memory (bounds a chunk's size)."""


def table_format(path: str | Path) -> str:
    """'jsonl', 'csv' or 'parquet' from the file extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown table format {suffix or '(no extension)'!r}; "
                         f"use one of {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def parse_json_line(line: bytes) -> SourceRow:
    """One JSON-lines row from its raw bytes (newline included or not)."""
    size = len(line)
    line = line.rstrip(b"\r\n")  # error columns then count on the line itself, whoever split it
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return SourceRow(None, f"bytes that are not UTF-8 (byte 0x{line[error.start]:02x} at offset {error.start})",
                         size)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return SourceRow(None, f"line is not JSON: {error.msg} at column {error.colno}", size)
    if not isinstance(value, dict):
        return SourceRow(None, f"JSON value is {type(value).__name__}, not an object", size)
    return SourceRow(value, None, size)


def _read_jsonl(path: Path) -> Iterator[SourceRow]:
    with open(path, "rb") as f:
        for line in f:
            yield parse_json_line(line)


def _not_utf8(record: dict) -> str | None:
    """The first column whose value held bytes that are not UTF-8 (read with surrogateescape)."""
    for name, value in record.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"bytes that are not UTF-8 in column {name!r}"
    return None


def csv_row(record: dict) -> SourceRow:
    """A csv.DictReader row (read with errors='surrogateescape') as a SourceRow."""
    size = sum(len(v) for v in record.values() if isinstance(v, str))
    if None in record:
        return SourceRow(None, f"row has {len(record[None])} more fields than the header", size)
    error = _not_utf8(record)
    return SourceRow(None if error else record, error, size)


def _read_csv(path: Path) -> Iterator[SourceRow]:
    with open(path, encoding=CSV_ENCODING, errors="surrogateescape", newline="") as f:
        for record in csv.DictReader(f):
            yield csv_row(record)


def _read_parquet(path: Path) -> Iterator[SourceRow]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=64):
        for record in batch.to_pylist():
            yield SourceRow(record, None, sum(len(v) for v in record.values() if isinstance(v, (str, bytes))))


def read_rows(path: str | Path) -> Iterator[SourceRow]:
    """Every row of a table, in order, chosen by the extension."""
    readers = {"jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet}
    return readers[table_format(path)](Path(path))


def count_rows(path: str | Path) -> int | None:
    """Rows in a table (for progress and ETA): lines, CSV records, or Parquet metadata."""
    path = Path(path)
    fmt = table_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if fmt == "csv":
        with open(path, encoding=CSV_ENCODING, errors="surrogateescape", newline="") as f:
            return max(0, sum(1 for _ in csv.reader(f)) - 1)
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while block := f.read(1 << 24):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")  # a last line without a newline is a row too


def _fsync(f) -> None:
    f.flush()
    os.fsync(f.fileno())


class _FileSink:
    """Appends rows to folder/data; a commit is flush + fsync, its state the data file's byte size."""

    def __init__(self, folder: Path, state: dict | None):
        self.path = folder / "data"
        if state:
            os.truncate(self.path, state["data_bytes"])  # drop rows written after the last commit
        self.file = open(self.path, "ab" if state else "wb")

    def commit(self) -> dict:
        _fsync(self.file)
        return {"data_bytes": self.file.tell()}

    def finish(self, output: Path) -> None:
        self.file.close()
        os.replace(self.path, output)

    def close(self) -> None:
        self.file.close()


class JsonlSink(_FileSink):
    def write(self, rows: list[dict]) -> None:
        self.file.write(b"".join(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n" for row in rows))


class CsvSink(_FileSink):
    """CSV out, header = the input's columns then the result columns. Bytes that were not UTF-8 in
    the input are written back unchanged (surrogateescape)."""

    def __init__(self, folder: Path, state: dict | None, columns: list[str]):
        super().__init__(folder, state)
        self.text = open(self.file.fileno(), "w", encoding="utf-8", errors="surrogateescape", newline="",
                         closefd=False)
        self.writer = csv.DictWriter(self.text, fieldnames=columns, extrasaction="ignore")
        if not state:
            self.writer.writeheader()

    def write(self, rows: list[dict]) -> None:
        self.writer.writerows(rows)

    def commit(self) -> dict:
        self.text.flush()
        return super().commit()

    def close(self) -> None:
        self.text.close()
        super().close()

    def finish(self, output: Path) -> None:
        self.text.close()
        super().finish(output)


class ParquetSink:
    """One part file per chunk (written to a temporary name, fsynced, renamed); joined at the end."""

    def __init__(self, folder: Path, state: dict | None, schema):
        self.folder = folder
        self.schema = schema
        self.parts = state["parts"] if state else 0
        for stray in folder.glob("part-*.parquet"):  # parts written after the last commit
            if int(stray.stem.split("-")[1]) >= self.parts:
                stray.unlink()
        self.pending: list[dict] = []

    def _part(self, index: int) -> Path:
        return self.folder / f"part-{index:06d}.parquet"

    def write(self, rows: list[dict]) -> None:
        self.pending.extend(rows)

    def commit(self) -> dict:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.pending:
            temporary = self.folder / "part.tmp"
            pq.write_table(pa.Table.from_pylist(self.pending, schema=self.schema), temporary)
            with open(temporary, "rb") as f:
                os.fsync(f.fileno())
            os.replace(temporary, self._part(self.parts))
            self.parts += 1
            self.pending = []
        return {"parts": self.parts}

    def finish(self, output: Path) -> None:
        import pyarrow.parquet as pq

        joined = self.folder / "joined.tmp"
        with pq.ParquetWriter(joined, self.schema) as writer:
            for index in range(self.parts):
                writer.write_table(pq.read_table(self._part(index), schema=self.schema))
        os.replace(joined, output)

    def close(self) -> None:
        self.pending = []


def parquet_output_schema(input_path: str | Path, result_fields: dict[str, str]):
    """The input's Parquet schema plus the result columns (name -> arrow type name)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.ParquetFile(input_path).schema_arrow
    for name, type_name in result_fields.items():
        if name not in schema.names:
            schema = schema.append(pa.field(name, getattr(pa, type_name)()))
    return schema


def csv_header(input_path: str | Path) -> list[str]:
    with open(input_path, encoding=CSV_ENCODING, errors="surrogateescape", newline="") as f:
        return next(csv.reader(f), [])


def open_sink(output_format: str, folder: Path, state: dict | None, input_path: Path, result_fields: dict[str, str]):
    """The sink for a working folder; state is the last commit's (None for a fresh start)."""
    if output_format == "jsonl":
        return JsonlSink(folder, state)
    if output_format == "csv":
        header = csv_header(input_path)
        return CsvSink(folder, state, header + [name for name in result_fields if name not in header])
    return ParquetSink(folder, state, parquet_output_schema(input_path, result_fields))
