"""The TrainingArguments every zhnews fine-tuning run shares, built from its config."""

import torch

from zhnews.hardware import resolve_bf16


def fine_tuning_arguments(config, n_train: int, best_metric: str, eval_steps: int | None = None,
                          gradient_accumulation_steps: int = 1) -> dict:
    """Evaluate and save together (each epoch, or every eval_steps), keep the checkpoint with the highest
    `best_metric`, linear decay after warmup_ratio of the steps.

    No `train_sampling_strategy="group_by_length"`: in transformers 5 it also reorders the *eval*
    dataloader, so predictions no longer line up with the references that compute_metrics holds."""
    strategy = "steps" if eval_steps else "epoch"
    steps_per_epoch = max(1, n_train // (config.batch_size * gradient_accumulation_steps))
    return dict(
        output_dir=f"{config.output_dir}/checkpoints",
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size,
        gradient_accumulation_steps=gradient_accumulation_steps,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        warmup_steps=int(config.warmup_ratio * steps_per_epoch * config.epochs),
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
