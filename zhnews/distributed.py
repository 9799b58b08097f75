"""Which process of a multi-process run this is. `torchrun` and `accelerate launch` set RANK and
WORLD_SIZE; the HF Trainer then trains with DDP (gloo on CPU, nccl on GPU). Outputs are written by
rank 0 alone, so a run saves its model, metrics and card once whatever the number of processes."""

import contextlib
import os
import tempfile
from pathlib import Path


def process_rank() -> int:
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main_process() -> bool:
    return process_rank() == 0


@contextlib.contextmanager
def main_process_first():
    """Rank 0 runs the block first (e.g. building a cache), the other ranks after it; no-op alone."""
    if world_size() == 1:
        yield
        return
    from accelerate import PartialState

    with PartialState().main_process_first():
        yield


def writable_dir(output_dir: str | Path) -> str:
    """output_dir on rank 0; a private scratch folder on the other ranks, for files every rank must
    build (a tokenizer folder) but only rank 0 may write into the run's outputs."""
    return str(output_dir) if is_main_process() else tempfile.mkdtemp(prefix=f"zhnews-rank{process_rank()}-")
