"""What every pretraining run shares (BERT masked-LM or ELECTRA: training/run_pretraining.py; BART
denoising: training/run_summary_pretraining.py): the config fields for data, schedule and budget,
and the pretrain_metrics.json record, whose `cumulative` part adds up the runs that continue one
another."""

import dataclasses
import json
from pathlib import Path

from zhnews.distributed import world_size
from zhnews.hardware import describe_hardware
from zhnews.paths import PREPARED_DATA_DIR, SHARED_DATA_DIR, SHARED_VOCAB_FILE

PRETRAIN_METRICS_FILE = "pretrain_metrics.json"
_EARLY_METRICS_FILE = "metrics.json"  # where the first BERT runs wrote their record


@dataclasses.dataclass
class PretrainingRunConfig:
    output_dir: str
    """Where the final checkpoint (a standard HF folder) and pretrain_metrics.json go."""
    model_name_or_path: str | None = None
    """Continue pretraining this Hub id or folder; None builds a new model of the configured size."""
    vocab_file: str = str(SHARED_VOCAB_FILE)
    sources: list = dataclasses.field(default_factory=lambda: [{"name": "xwlb"}])
    """Text sources from zhnews.mlm_data.TEXT_SOURCES: {name, repeat, max_chars} (test sets are never among them)."""
    data_dir: str = str(SHARED_DATA_DIR)
    prepared_dir: str = str(PREPARED_DATA_DIR)
    """Cache of packed blocks, keyed by the data settings."""
    max_seq_length: int = 128
    batch_size: int = 32
    learning_rate: float = 5e-4
    warmup_ratio: float = 0.05
    weight_decay: float = 0.01
    max_steps: int = 1000
    max_minutes: float | None = None
    """Stop (and save) after this much wall time even if max_steps is not reached."""
    bf16: bool | str = "auto"
    """bf16 autocast: auto uses it only where the hardware makes it fast (zhnews.hardware)."""
    heldout_blocks: int = 500
    save_steps: int = 500
    logging_steps: int = 50
    seed: int = 42
    num_proc: int = 1


def earlier_runs(model_name_or_path: str | None) -> dict:
    """The cumulative record of the checkpoint a run continues: steps, tokens, minutes and runs since
    `started_from` (random init, or a checkpoint made elsewhere, such as a Hub BERT)."""
    start = {"started_from": model_name_or_path or "random init", "steps": 0, "tokens": 0, "minutes": 0.0,
             "runs": []}
    records = [Path(model_name_or_path or "") / name for name in (PRETRAIN_METRICS_FILE, _EARLY_METRICS_FILE)]
    records = [json.loads(path.read_text()) for path in records if model_name_or_path and path.exists()]
    records = [record for record in records if "tokens_per_second" in record]  # not a fine-tuning run's
    if not records:
        return start
    before = records[0]
    minutes = round(before["train_wall_seconds"] / 60, 1)
    return before.get("cumulative") or {  # a run from before runs were counted: one MLM run
        "started_from": "random init",
        "steps": before["steps"],
        "tokens": round(before["tokens_per_second"] * before["train_wall_seconds"]),
        "minutes": minutes,
        "runs": [{"objective": "mlm", "steps": before["steps"], "minutes": minutes}],
    }


def pretraining_metrics(config: PretrainingRunConfig, objective: str, trainer, train_result, heldout_loss: float,
                        wall_seconds: float) -> dict:
    """pretrain_metrics.json of a finished run: this run's steps, tokens, losses and speed, plus the
    cumulative record of every run since `started_from`."""
    steps = trainer.state.global_step
    tokens = steps * config.batch_size * world_size() * config.max_seq_length
    before = earlier_runs(config.model_name_or_path)
    minutes = round(wall_seconds / 60, 1)
    return {
        "objective": objective,
        "steps": steps,
        "train_loss": train_result.training_loss,
        f"heldout_{objective}_loss": heldout_loss,
        "train_wall_seconds": round(wall_seconds, 1),
        "tokens_per_second": round(tokens / wall_seconds, 1),
        "hardware": describe_hardware(),
        "cumulative": {
            "started_from": before["started_from"],
            "steps": before["steps"] + steps,
            "tokens": before["tokens"] + tokens,
            "minutes": round(before["minutes"] + wall_seconds / 60, 1),
            "runs": before["runs"] + [{"objective": objective, "steps": steps, "minutes": minutes,
                                       "sources": config.sources}],
        },
        "loss_curve": [(h["step"], h["loss"]) for h in trainer.state.log_history if "loss" in h],
    }


def write_pretraining_metrics(metrics: dict, output_dir: Path) -> None:
    (Path(output_dir) / PRETRAIN_METRICS_FILE).write_text(json.dumps(metrics, indent=2))
    print(json.dumps({k: v for k, v in metrics.items() if k != "loss_curve"}, indent=2), flush=True)
