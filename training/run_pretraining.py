"""Pretraining of a Chinese BERT (from scratch, or continued from any Hub BERT or earlier run):
masked-LM (`objective: mlm`) or ELECTRA replaced-token detection (`objective: electra`).

    python training/run_pretraining.py configs/pretrain/bert-4x256.yaml [key=value ...]
    python training/run_pretraining.py configs/pretrain/bert-4x256-continue.yaml objective=electra

Runs accumulate: continuing from a folder this script wrote adds this run's steps, tokens and
minutes to the `cumulative` record in pretrain_metrics.json (and the model card).
"""

import dataclasses
import sys
import time
from pathlib import Path

import torch
from transformers import Trainer

from zhnews.config import start_run
from zhnews.distributed import is_main_process, main_process_first
from zhnews.mlm_data import WholeWordMaskCollator, cached_blocks
from zhnews.electra_model import ElectraPretrainingModel
from zhnews.mlm_model import BertForMaskedLMSparseHead, new_bert_config, save_as_standard_bert
from zhnews.run_record import finish_run, record_dataset
from zhnews.pretraining import PretrainingRunConfig, pretraining_metrics, write_pretraining_metrics
from zhnews.tokenization import build_tokenizer_folder, load_tokenizer, vocab_line_count
from zhnews.training_args import TimeBudget, pretraining_arguments


OBJECTIVES = ("mlm", "electra")


@dataclasses.dataclass
class PretrainConfig(PretrainingRunConfig):
    objective: str = "mlm"
    """mlm (masked-LM, head on masked positions only) | electra (replaced-token detection)."""
    generator_width_ratio: float = 0.25
    """electra: the generator's width as a share of the BERT's (same depth, shared embeddings)."""
    discriminator_loss_weight: float = 50.0
    """electra: weight of the replaced-token loss against the generator's MLM loss."""
    hidden_size: int = 256
    num_layers: int = 4
    num_heads: int = 4
    intermediate_size: int = 1024
    mlm_probability: float = 0.15
    whole_word_mask: bool = True

    def __post_init__(self):
        if self.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {OBJECTIVES}, not {self.objective!r}")
        if not 0 < self.mlm_probability < 1:
            raise ValueError("mlm_probability must be in (0, 1)")
        if self.max_seq_length > 512:
            raise ValueError("max_seq_length above 512 exceeds BERT's position embeddings")


def prepare_blocks(config: PretrainConfig, tokenizer):
    return cached_blocks(config.sources, config.data_dir, config.prepared_dir, config.max_seq_length, tokenizer,
                         [config.vocab_file, config.model_name_or_path], config.num_proc)


def load_model_and_tokenizer(config: PretrainConfig, output_dir: Path):
    if config.model_name_or_path:
        tokenizer = load_tokenizer(config.model_name_or_path)
        bert = BertForMaskedLMSparseHead.from_pretrained(config.model_name_or_path, use_safetensors=True,
                                                         dtype=torch.float32)
    else:
        tokenizer = build_tokenizer_folder(config.vocab_file, output_dir)
        bert = BertForMaskedLMSparseHead(new_bert_config(
            vocab_line_count(config.vocab_file), config.hidden_size, config.num_layers, config.num_heads,
            config.intermediate_size))
    if config.objective == "electra":
        local = Path(config.model_name_or_path) if config.model_name_or_path else None
        return ElectraPretrainingModel.from_discriminator(
            bert, local if local and local.is_dir() else None, config.generator_width_ratio,
            config.discriminator_loss_weight), tokenizer
    return bert, tokenizer


def save_model(model, output_dir: Path) -> None:
    if isinstance(model, ElectraPretrainingModel):
        model.save_pretrained(output_dir)
    else:
        save_as_standard_bert(model, str(output_dir))


class PretrainingTrainer(Trainer):
    """Checkpoints in the same standard folders as the final model (ELECTRA's parts share tensors,
    which the Trainer's generic state-dict saving refuses)."""

    def _save(self, output_dir: str | None = None, state_dict=None):
        save_model(self.model, Path(output_dir or self.args.output_dir))


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, PretrainConfig)
    model, tokenizer = load_model_and_tokenizer(config, output_dir)
    with main_process_first():  # rank 0 builds the block cache, the others then read it
        blocks = prepare_blocks(config, tokenizer).shuffle(seed=config.seed)
    record_dataset("pretraining blocks", blocks)  # a cache hit reads no data file
    split = blocks.train_test_split(test_size=min(config.heldout_blocks, len(blocks) // 10), seed=config.seed)
    print(f"pretraining blocks: train {len(split['train'])}, held-out {len(split['test'])}", flush=True)

    args = pretraining_arguments(config, output_dir, dataloader_num_workers=0)
    trainer = PretrainingTrainer(
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
    metrics = pretraining_metrics(config, config.objective, trainer, result, heldout["eval_loss"], wall)
    save_model(model, output_dir)
    tokenizer.save_pretrained(str(output_dir))
    write_pretraining_metrics(metrics, output_dir)
    finish_run(output_dir)
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
