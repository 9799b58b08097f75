"""What a partial output belongs to, and how far it got.

A labelling job writes into `OUTPUT.partial/`: the committed rows (`data`, or Parquet `part-*.parquet`
files) and `manifest.json`, rewritten atomically after each commit. The manifest records the input
(path, size, a hash of its first MiB), the settings that decide the output, and the counts so far, so
`--resume` continues only the job that wrote it.
"""

import hashlib
import json
import os
from pathlib import Path

MANIFEST_NAME = "manifest.json"
HEAD_BYTES = 1 << 20


def input_fingerprint(path: Path) -> dict:
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    return {"input": str(path.resolve()), "input_bytes": path.stat().st_size,
            "input_head_sha256": hashlib.sha256(head).hexdigest()}


def read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_manifest(folder: Path, manifest: dict) -> None:
    """Replace the manifest atomically: a crash leaves the old one or the new one, never half of one."""
    temporary = folder / (MANIFEST_NAME + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, folder / MANIFEST_NAME)


def differences(recorded: dict, wanted: dict) -> list[str]:
    """'key: recorded -> wanted' for every fingerprint entry that differs."""
    keys = sorted(set(recorded) | set(wanted))
    return [f"{k}: {recorded.get(k)!r} -> {wanted.get(k)!r}" for k in keys if recorded.get(k) != wanted.get(k)]
