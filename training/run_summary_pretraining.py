"""Denoising pretraining of the summariser's BART (text infilling + sentence permutation,
zhnews/summary/denoising.py) on the news text of ../shared/data, before fine-tuning on headlines.

    python training/run_summary_pretraining.py configs/pretrain/bart-6x4x384-denoise.yaml [key=value ...]
    python training/run_summary.py configs/summary/zhnews-summary-6x4x384.yaml \
        model_name_or_path=runs/pretrain-bart-6x4x384                  # then fine-tune it

Writes to output_dir a standard BartForConditionalGeneration folder (fp32, with its tokenizer),
pretrain_metrics.json (steps, tokens, losses, wall time, hardware) and run_config.yaml. Continuing
from a folder this script wrote adds this run to the `cumulative` record.
"""

import dataclasses
import sys
import time

from transformers import Trainer

from zhnews.config import start_run
from zhnews.distributed import is_main_process, main_process_first
from zhnews.mlm_data import cached_blocks
from zhnews.pretraining import PretrainingRunConfig, pretraining_metrics, write_pretraining_metrics
from zhnews.run_record import finish_run, record_dataset
from zhnews.summary.denoising import DenoisingCollator
from zhnews.summary.model import load_bart, new_bart
from zhnews.training_args import TimeBudget, pretraining_arguments


def _news_sources() -> list[dict]:
    """The training period's news text: 新闻联播, People's Daily 2019–2020, Weibo, Sohu, Toutiao titles."""
    return [{"name": name} for name in ("xwlb", "rmrb", "rmrb_captions", "lcsts", "sogoucs", "tnews")]


@dataclasses.dataclass
class DenoisingConfig(PretrainingRunConfig):
    d_model: int = 384
    encoder_layers: int = 6
    decoder_layers: int = 4
    attention_heads: int = 6
    ffn_dim: int = 1536
    max_position_embeddings: int = 512
    dropout: float = 0.1
    sources: list = dataclasses.field(default_factory=_news_sources)
    max_seq_length: int = 256
    """Tokens per packed block: the decoder rebuilds all of them."""
    mask_ratio: float = 0.3
    poisson_lambda: float = 3.0
    permute_sentences: bool = True
    batch_size: int = 64
    save_steps: int = 1000
    dataloader_workers: int = 0
    """Processes that corrupt batches while the model trains (worth it on a GPU)."""

    def __post_init__(self):
        if self.d_model % self.attention_heads:
            raise ValueError("d_model must be a multiple of attention_heads")
        if not 0 < self.mask_ratio < 1:
            raise ValueError("mask_ratio must be in (0, 1)")
        if not 16 <= self.max_seq_length <= self.max_position_embeddings:
            raise ValueError("max_seq_length must be between 16 and max_position_embeddings")


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, DenoisingConfig)
    model, tokenizer = (load_bart(config.model_name_or_path) if config.model_name_or_path
                        else new_bart(config, output_dir))
    with main_process_first():
        blocks = cached_blocks(config.sources, config.data_dir, config.prepared_dir, config.max_seq_length,
                               tokenizer, [config.vocab_file, config.model_name_or_path], config.num_proc)
    blocks = blocks.shuffle(seed=config.seed)
    record_dataset("pretraining blocks", blocks)
    split = blocks.train_test_split(test_size=min(config.heldout_blocks, len(blocks) // 10), seed=config.seed)
    print(f"pretraining blocks: train {len(split['train'])}, held-out {len(split['test'])}", flush=True)

    args = pretraining_arguments(config, output_dir, save_total_limit=1,
                                 dataloader_num_workers=config.dataloader_workers,
                                 remove_unused_columns=False)  # the collator reads word_starts
    collator = DenoisingCollator(tokenizer, config.mask_ratio, config.poisson_lambda, config.permute_sentences,
                                 config.seed)
    trainer = Trainer(model=model, args=args, train_dataset=split["train"], eval_dataset=split["test"],
                      data_collator=collator, callbacks=[TimeBudget(config.max_minutes)])
    started = time.time()
    result = trainer.train()
    wall = time.time() - started
    heldout = trainer.evaluate()
    if not is_main_process():
        return {}
    metrics = pretraining_metrics(config, "denoising", trainer, result, heldout["eval_loss"], wall)
    trainer.model.save_pretrained(str(output_dir))
    tokenizer.save_pretrained(str(output_dir))
    write_pretraining_metrics(metrics, output_dir)
    finish_run(output_dir)
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
