"""The TrainingArguments every zhnews fine-tuning run shares, built from its config."""

import time

import torch
from transformers import TrainerCallback, TrainingArguments

from zhnews.hardware import resolve_bf16


class TimeBudget(TrainerCallback):
    """Stop training after `minutes` of wall time, saving (and, with evaluate=True, scoring) that step."""

    def __init__(self, minutes: float | None, evaluate: bool = False):
        self.deadline = time.time() + minutes * 60 if minutes else None
        self.evaluate = evaluate

    def on_step_end(self, args, state, control, **kwargs):
        if self.deadline and time.time() > self.deadline:
            control.should_training_stop = True
            control.should_save = True
            control.should_evaluate = self.evaluate


def fine_tuning_arguments(config, n_train: int, best_metric: str, eval_steps: int | None = None,
                          gradient_accumulation_steps: int = 1, max_steps: int | None = None) -> dict:
    """Evaluate and save together (each epoch, or every eval_steps), keep the checkpoint with the highest
    `best_metric`, linear decay after warmup_ratio of the steps.

    No `train_sampling_strategy="group_by_length"`: in transformers 5 it also reorders the *eval*
    dataloader, so predictions no longer line up with the references that compute_metrics holds.

    max_steps, when given, replaces the epoch count (and sets the length of the LR schedule)."""
    strategy = "steps" if eval_steps else "epoch"
    steps_per_epoch = max(1, n_train // (config.batch_size * gradient_accumulation_steps))
    total_steps = max_steps or steps_per_epoch * config.epochs
    return dict(
        output_dir=f"{config.output_dir}/checkpoints",
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size,
        gradient_accumulation_steps=gradient_accumulation_steps,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=max_steps or -1,
        warmup_steps=int(config.warmup_ratio * total_steps),
        weight_decay=config.weight_decay,
        lr_scheduler_type="linear",
        eval_strategy=strategy,
        save_strategy=strategy,
        eval_steps=eval_steps,
        save_steps=eval_steps,
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model=best_metric,
        greater_is_better=True,
        bf16=resolve_bf16(config.bf16),
        use_cpu=not torch.cuda.is_available(),
        logging_steps=50,
        report_to="none",
        seed=config.seed,
    )


def pretraining_arguments(config, output_dir, **overrides) -> TrainingArguments:
    """What every pretraining run shares (BERT masked-LM or ELECTRA, BART denoising): max_steps with
    linear decay after warmup_ratio of them, the loss alone, no evaluation while training."""
    return TrainingArguments(**{
        "output_dir": f"{output_dir}/checkpoints",
        "per_device_train_batch_size": config.batch_size,
        "per_device_eval_batch_size": config.batch_size,
        "learning_rate": config.learning_rate,
        "warmup_steps": int(config.warmup_ratio * config.max_steps),
        "weight_decay": config.weight_decay,
        "max_steps": config.max_steps,
        "lr_scheduler_type": "linear",
        "bf16": resolve_bf16(config.bf16),
        "use_cpu": not torch.cuda.is_available(),
        "logging_steps": config.logging_steps,
        "save_steps": config.save_steps,
        "save_total_limit": 2,
        "eval_strategy": "no",
        "prediction_loss_only": True,
        "report_to": "none",
        "seed": config.seed,
        **overrides,
    })
