"""Config files: YAML mapped onto typed dataclasses, so a typo in a key is an error, not a default."""

import dataclasses
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


def load_config(path: str | Path, cls: type[T], overrides: dict[str, Any] | None = None) -> T:
    """Read `path` into dataclass `cls`; `overrides` (e.g. from the command line) win over the file."""
    with open(path, encoding="utf-8") as f:
        values = yaml.safe_load(f) or {}
    values.update(overrides or {})
    known = {field.name for field in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{path}: unknown keys {unknown}; valid keys are {sorted(known)}")
    return cls(**values)


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """`key=value` strings from the command line; values are parsed as YAML (numbers, booleans, lists)."""
    overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"override {pair!r} is not key=value")
        overrides[key.strip()] = yaml.safe_load(value)
    return overrides


def start_run(argv: list[str], cls: type[T]) -> tuple[T, Path]:
    """`CONFIG [key=value ...]` -> the config, with output_dir created, the resolved config saved there
    as run_config.yaml (every run writes the same file; rank 0 alone in a multi-process run), all random
    generators seeded, and the run record begun (zhnews.run_record; the script ends with finish_run)."""
    from transformers import set_seed  # heavy import, only needed by training entry points

    from zhnews.distributed import is_main_process
    from zhnews.run_record import RUN_CONFIG_FILE, begin_run

    config = load_config(argv[0], cls, parse_overrides(argv[1:]))
    output_dir = Path(config.output_dir)
    if is_main_process():
        output_dir.mkdir(parents=True, exist_ok=True)
        save_config(config, output_dir / RUN_CONFIG_FILE)
    set_seed(config.seed)
    begin_run(config, argv)
    return config, output_dir


def save_config(config: Any, path: str | Path) -> None:
    """Write the resolved config next to a run's outputs, so the run can be repeated."""
    values = {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(config).items()}
    Path(path).write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
