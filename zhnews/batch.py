"""Labelling a JSON-lines archive: one output row per input row, crash-safe and resumable.

- Every input line yields exactly one output line, in order. A line that is not JSON, or whose text
  is missing or empty, yields a row with an `error` field instead of a label: nothing is dropped.
- Rows are written to `OUTPUT.partial`, flushed and fsynced per chunk, and renamed to OUTPUT only
  when the whole input is done. After a crash, `resume=True` keeps the rows already written and
  continues from the next input line.
"""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path


def _parse(line: str, text_field: str) -> tuple[dict, str | None]:
    """The record and its text, or the record and an error message."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, f"invalid JSON: {error.msg}"
    if not isinstance(record, dict):
        return {}, "line is not a JSON object"
    text = record.get(text_field)
    if not isinstance(text, str) or not text.strip():
        return record, f"field {text_field!r} is missing, not a string, or empty"
    return record, None


def _complete_lines(path: Path) -> tuple[int, int]:
    """Number and byte size of the newline-terminated lines at the start of a file."""
    lines = size = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            lines += 1
            size += len(line)
    return lines, size


def _chunks(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_jsonl(input_path: str | Path, output_path: str | Path, annotate: Callable[[list[str]], list[dict]],
                  text_field: str = "text", id_field: str = "id", chunk_size: int = 512,
                  resume: bool = False, overwrite: bool = False) -> dict[str, int]:
    """Run `annotate(texts) -> one dict per text` over every line; returns row and error counts."""
    output_path = Path(output_path)
    partial = output_path.with_name(output_path.name + ".partial")
    if output_path.exists() and not overwrite:
        raise FileExistsError(f"{output_path} exists; pass overwrite to replace it")
    done = 0
    if resume and partial.exists():
        done, size = _complete_lines(partial)
        os.truncate(partial, size)  # drop a line torn by the crash, if any
    counts = {"rows": done, "errors": 0, "resumed_from": done}
    with open(input_path, encoding="utf-8") as source, open(partial, "a" if done else "w", encoding="utf-8") as sink:
        lines = (line for n, line in enumerate(source) if n >= done)
        for chunk in _chunks(lines, chunk_size):
            parsed = [_parse(line, text_field) for line in chunk]
            good = [i for i, (_, error) in enumerate(parsed) if error is None]
            results = dict(zip(good, annotate([parsed[i][0][text_field] for i in good]))) if good else {}
            for i, (record, error) in enumerate(parsed):
                row = {"line": counts["rows"] + 1}
                if id_field in record:
                    row[id_field] = record[id_field]
                row.update(results[i] if error is None else {"error": error})
                counts["errors"] += error is not None
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts["rows"] += 1
            sink.flush()
            os.fsync(sink.fileno())
    os.replace(partial, output_path)
    return counts
