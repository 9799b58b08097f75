"""What a training run records next to its outputs, so that anyone can repeat and audit it.

`zhnews.config.start_run` begins the record (and saves the resolved config as run_config.yaml);
`finish_run(output_dir)` writes run_info.json: the seed, the command, package versions, the zhnews
git commit with a dirty flag, a sha256 fingerprint of every data file the run read, the hardware,
and the number of processes. Model cards cite it.

Data files are found by watching `open` (a Python audit hook): every file read under the config's
`data_dir`, plus every file a config value names (train_file, dev_file, vocab_file, label_maps_file).
Data taken from a cache (pretraining blocks) is recorded by its `datasets` fingerprint (record_dataset).
"""

import dataclasses
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from zhnews.distributed import is_main_process, world_size
from zhnews.hardware import hardware_record
from zhnews.paths import REPO_ROOT

RUN_INFO_FILE = "run_info.json"
RUN_CONFIG_FILE = "run_config.yaml"
PACKAGES = ("torch", "transformers", "datasets", "evaluate", "scikit-learn", "accelerate", "safetensors",
            "huggingface_hub")


@dataclasses.dataclass
class _RunRecord:
    config: Any
    argv: list[str]
    started: float
    data_root: str | None
    named_files: set[str]
    opened: set[str] = dataclasses.field(default_factory=set)
    datasets: list[dict] = dataclasses.field(default_factory=list)


_active: _RunRecord | None = None
_hook_installed = False


def _on_audit_event(event: str, args: tuple) -> None:
    if event != "open" or _active is None or not isinstance(args[0], str):
        return
    path = os.path.abspath(args[0])
    if _active.data_root and path.startswith(_active.data_root):
        _active.opened.add(path)


def _named_files(config: Any) -> set[str]:
    """Files the config names directly (own data, vocabulary, label maps)."""
    return {os.path.abspath(value) for value in dataclasses.asdict(config).values()
            if isinstance(value, str) and os.path.isfile(value)}


def begin_run(config: Any, argv: list[str]) -> None:
    """Start recording the data files this process reads (one run per process at a time)."""
    global _active, _hook_installed
    data_dir = getattr(config, "data_dir", None)
    _active = _RunRecord(config=config, argv=list(argv), started=time.time(), named_files=_named_files(config),
                         data_root=os.path.abspath(data_dir) + os.sep if data_dir else None)
    if not _hook_installed:
        sys.addaudithook(_on_audit_event)
        _hook_installed = True


def record_dataset(name: str, dataset) -> None:
    """Note a `datasets` object's fingerprint: for data a run takes from a cache instead of reading files."""
    if _active is not None:
        _active.datasets.append({"name": name, "rows": len(dataset), "fingerprint": dataset._fingerprint})


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_state(repo: Path = REPO_ROOT) -> dict:
    """The checkout's commit and whether it has uncommitted changes (None outside a git checkout)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def data_fingerprints(paths: set[str]) -> list[dict]:
    return [{"path": path, "bytes": os.path.getsize(path), "sha256": sha256_file(path)}
            for path in sorted(paths) if os.path.isfile(path)]


def finish_run(output_dir: str | Path) -> dict:
    """Write run_info.json into output_dir (rank 0 only) and stop recording; returns the record."""
    global _active
    if _active is None:
        raise RuntimeError("finish_run without start_run: nothing was recorded")
    record, _active = _active, None
    info = {
        "config_file": RUN_CONFIG_FILE,
        "seed": getattr(record.config, "seed", None),
        "command": [Path(sys.argv[0]).name, *record.argv],
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.started)),
        "wall_seconds": round(time.time() - record.started, 1),
        "world_size": world_size(),
        "packages": package_versions(),
        "zhnews_git": git_state(),
        "data_files": data_fingerprints(record.opened | record.named_files),
        "datasets": record.datasets,
        "hardware": hardware_record(),
    }
    if is_main_process():
        Path(output_dir, RUN_INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
    return info
