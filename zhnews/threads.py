"""Torch's CPU thread count for inference jobs.

Torch defaults to one thread per core. When other processes share the cores, its threads wait on
each other and a job can run tens of times slower (bench/bench_label.py --threads measures it), so
batch jobs use a fixed, small count unless told otherwise."""

DEFAULT_THREADS = 1


def use_threads(threads: int) -> None:
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    import torch  # here, so that `zhnews --help` does not wait for torch

    torch.set_num_threads(threads)
