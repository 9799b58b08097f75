"""What the machine can do fast. bf16 autocast is a 1.4x win on CPUs with AMX/AVX512-BF16 and a
several-fold loss on CPUs without them (emulated), so 'auto' asks the hardware."""

import os
import platform

import torch


def bf16_is_fast() -> bool:
    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    return torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported()


def describe_hardware() -> str:
    """What a run's wall time was measured on, for metrics.json and model cards."""
    if torch.cuda.is_available():
        return torch.cuda.get_device_name()
    return f"{platform.machine()} CPU ({torch.backends.cpu.get_cpu_capability()}), {torch.get_num_threads()} threads"


def resolve_bf16(setting: bool | str) -> bool:
    """A config's `bf16: auto | true | false` as a boolean for this machine."""
    if setting == "auto":
        return bf16_is_fast()
    if isinstance(setting, bool):
        return setting
    raise ValueError(f"bf16 must be auto, true or false, not {setting!r}")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware_record() -> dict:
    """The machine a run used, for run_info.json: CPU model, threads, GPUs."""
    gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return {"cpu": _cpu_model(), "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "cpu_count": os.cpu_count(), "torch_threads": torch.get_num_threads(), "gpus": gpus,
            "summary": describe_hardware()}
