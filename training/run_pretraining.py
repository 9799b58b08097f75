"""Masked-LM pretraining of a Chinese BERT (from scratch, or continued from any Hub BERT).

    python training/run_pretraining.py configs/pretrain/bert-4x256.yaml [key=value ...]
"""

import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path

import torch
from datasets import load_from_disk
from transformers import Trainer, TrainingArguments

from zhnews.config import start_run
from zhnews.distributed import is_main_process, main_process_first, world_size, writable_dir
from zhnews.hardware import describe_hardware, resolve_bf16
from zhnews.mlm_data import WholeWordMaskCollator, build_mlm_dataset, iter_pretraining_texts
from zhnews.mlm_model import BertForMaskedLMSparseHead, new_bert_config, save_as_standard_bert
from zhnews.run_record import finish_run, record_dataset
from zhnews.paths import PREPARED_DATA_DIR, SHARED_DATA_DIR, SHARED_VOCAB_FILE
from zhnews.tokenization import build_tokenizer_folder, load_tokenizer, vocab_line_count
from zhnews.training_args import TimeBudget


@dataclasses.dataclass
class PretrainConfig:
    output_dir: str
    """Where the final checkpoint (standard BertForMaskedLM folder) and metrics go."""
    model_name_or_path: str | None = None
    """Continue pretraining this Hub id or folder; None builds a new BERT of the size below."""
    vocab_file: str = str(SHARED_VOCAB_FILE)
    hidden_size: int = 256
    num_layers: int = 4
    num_heads: int = 4
    intermediate_size: int = 1024
    sources: list = dataclasses.field(default_factory=lambda: [{"name": "xwlb"}])
    """Text sources from zhnews.mlm_data.TEXT_SOURCES: {name, repeat, max_chars}."""
    data_dir: str = str(SHARED_DATA_DIR)
    prepared_dir: str = str(PREPARED_DATA_DIR)
    """Cache of packed blocks, keyed by the data settings."""
    max_seq_length: int = 128
    mlm_probability: float = 0.15
    whole_word_mask: bool = True
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

    def __post_init__(self):
        if not 0 < self.mlm_probability < 1:
            raise ValueError("mlm_probability must be in (0, 1)")
        if self.max_seq_length > 512:
            raise ValueError("max_seq_length above 512 exceeds BERT's position embeddings")


def prepare_blocks(config: PretrainConfig, tokenizer):
    """Packed blocks, cached in prepared_dir keyed by the data settings."""
    key = json.dumps([config.sources, config.data_dir, config.max_seq_length, config.vocab_file,
                      config.model_name_or_path])
    cache = Path(config.prepared_dir) / f"mlm-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    if (cache / "dataset_info.json").exists():
        return load_from_disk(str(cache))
    texts = iter_pretraining_texts(config.sources, config.data_dir)
    blocks = build_mlm_dataset(texts, tokenizer, config.max_seq_length, config.num_proc)
    blocks.save_to_disk(str(cache))
    return blocks


def load_model_and_tokenizer(config: PretrainConfig, output_dir: Path):
    if config.model_name_or_path:
        tokenizer = load_tokenizer(config.model_name_or_path)
        model = BertForMaskedLMSparseHead.from_pretrained(config.model_name_or_path, use_safetensors=True)
        return model, tokenizer
    tokenizer = build_tokenizer_folder(config.vocab_file, writable_dir(output_dir))
    bert_config = new_bert_config(vocab_line_count(config.vocab_file), config.hidden_size, config.num_layers,
                                  config.num_heads, config.intermediate_size)
    return BertForMaskedLMSparseHead(bert_config), tokenizer


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, PretrainConfig)
    model, tokenizer = load_model_and_tokenizer(config, output_dir)
    with main_process_first():  # rank 0 builds the block cache, the others then read it
        blocks = prepare_blocks(config, tokenizer).shuffle(seed=config.seed)
    record_dataset("pretraining blocks", blocks)  # a cache hit reads no data file
    split = blocks.train_test_split(test_size=min(config.heldout_blocks, len(blocks) // 10), seed=config.seed)
    print(f"pretraining blocks: train {len(split['train'])}, held-out {len(split['test'])}", flush=True)

    args = TrainingArguments(
        output_dir=str(output_dir / "checkpoints"),
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.batch_size,
        learning_rate=config.learning_rate,
        warmup_steps=int(config.warmup_ratio * config.max_steps),
        weight_decay=config.weight_decay,
        max_steps=config.max_steps,
        lr_scheduler_type="linear",
        bf16=resolve_bf16(config.bf16),
        use_cpu=not torch.cuda.is_available(),
        logging_steps=config.logging_steps,
        save_steps=config.save_steps,
        save_total_limit=2,
        eval_strategy="no",
        prediction_loss_only=True,
        report_to="none",
        seed=config.seed,
        dataloader_num_workers=0,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=split["train"],
        eval_dataset=split["test"],
        data_collator=WholeWordMaskCollator(tokenizer, config.mlm_probability, config.whole_word_mask, config.seed),
        callbacks=[TimeBudget(config.max_minutes)],
    )
    started = time.time()
    result = trainer.train()
    wall = time.time() - started
    heldout = trainer.evaluate()
    if not is_main_process():
        return {}  # under torchrun, rank 0 alone writes the outputs
    steps = trainer.state.global_step
    metrics = {
        "steps": steps,
        "train_loss": result.training_loss,
        "heldout_mlm_loss": heldout["eval_loss"],
        "train_wall_seconds": round(wall, 1),
        "tokens_per_second": round(steps * config.batch_size * world_size() * config.max_seq_length / wall, 1),
        "hardware": describe_hardware(),
        "loss_curve": [(h["step"], h["loss"]) for h in trainer.state.log_history if "loss" in h],
    }
    save_as_standard_bert(model, str(output_dir))
    tokenizer.save_pretrained(str(output_dir))
    (output_dir / "pretrain_metrics.json").write_text(json.dumps(metrics, indent=2))
    finish_run(output_dir)
    print(json.dumps({k: v for k, v in metrics.items() if k != "loss_curve"}, indent=2))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
