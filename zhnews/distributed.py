"""Which process of a multi-process run this is. `torchrun` and `accelerate launch` set RANK and
WORLD_SIZE; the HF Trainer then trains with DDP (gloo on CPU, nccl on GPU). Outputs are written by
rank 0 alone, so a run saves its model, metrics and card once whatever the number of processes."""

import contextlib
import os


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
