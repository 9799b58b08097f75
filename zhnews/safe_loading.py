"""Checks made before any model is loaded: weights only from safetensors, never code from a model folder.

Pickle weights (`*.bin`, `*.pt`, …) can run arbitrary code when unpickled, and a config.json with
`auto_map` asks transformers to import Python files shipped with the model. zhnews loads neither:
its loaders pass `use_safetensors=True` and never `trust_remote_code`, and refuse such folders here
with an explanation instead of transformers' generic "file not found" or a silent fallback.
A truncated or corrupted model.safetensors is reported by name before loading.
"""

import json
import struct
from pathlib import Path

from transformers import PretrainedConfig

WEIGHTS_FILE = "model.safetensors"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


class UnsafeModelError(ValueError):
    """A model folder zhnews will not load (or publish); the message lists every reason."""


def safetensors_problem(path: Path) -> str | None:
    """Why `path` is not a complete safetensors file, or None. Checks the header and that the file
    holds exactly the bytes the header promises (a truncated download fails here)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) < 8:
            return f"{path} is truncated or corrupted: {size} bytes, too short for a safetensors header"
        (header_size,) = struct.unpack("<Q", prefix)
        if 8 + header_size > size:
            return f"{path} is truncated or corrupted: its header claims {header_size} bytes, the file has {size}"
        try:
            header = json.loads(f.read(header_size))
            data_end = max((t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"), default=0)
        except (ValueError, KeyError, TypeError, IndexError):
            return f"{path} is corrupted: its safetensors header is not valid JSON tensor metadata"
    if 8 + header_size + data_end != size:
        return (f"{path} is truncated or corrupted: the header describes {8 + header_size + data_end} bytes, "
                f"the file has {size}")
    return None


def weight_problems(folder: Path, refuse_any_pickle: bool = False) -> list[str]:
    """Missing or broken safetensors weights in a local model folder, and pickle weights: refused when
    they are the only weights (loading), or whenever present with refuse_any_pickle (publishing)."""
    problems = []
    weights = folder / WEIGHTS_FILE
    pickles = sorted(p.name for p in folder.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if pickles and (refuse_any_pickle or not weights.exists()):
        problems.append(f"{folder} holds pickle weights ({', '.join(pickles)}): zhnews loads and publishes only "
                        f"safetensors, because unpickling can run arbitrary code; convert them to {WEIGHTS_FILE}")
    if not weights.exists():
        problems.append(f"{folder} has no {WEIGHTS_FILE}")
    else:
        problems += [p for p in [safetensors_problem(weights)] if p]
    return problems


def remote_code_problem(config: dict, source: str) -> str | None:
    if "auto_map" in config:
        return (f"{source}/config.json asks for remote code (auto_map: {sorted(config['auto_map'])}); "
                "zhnews never runs code from a model folder (no trust_remote_code)")
    return None


def check_model_source(name_or_path: str | Path) -> None:
    """Raise UnsafeModelError unless a local folder or Hub id is safe to load (see module doc)."""
    folder = Path(name_or_path)
    problems = weight_problems(folder) if folder.is_dir() else []
    if not folder.is_dir() or (folder / "config.json").exists():
        config, _ = PretrainedConfig.get_config_dict(str(name_or_path))
        problems += [p for p in [remote_code_problem(config, str(name_or_path))] if p]
    if problems:
        raise UnsafeModelError("; ".join(problems))
