"""Which process of a multi-process run this is. `torchrun` and `accelerate launch` set RANK and
WORLD_SIZE; the HF Trainer then trains with DDP (gloo on CPU, nccl on GPU). Outputs are written by
rank 0 alone, so a run saves its model, metrics and card once whatever the number of processes."""

import os


def process_rank() -> int:
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main_process() -> bool:
    return process_rank() == 0
