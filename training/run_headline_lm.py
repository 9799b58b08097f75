"""Train the headline language model that reranks the summariser's beams (zhnews/summary/headline_lm.py).

    python training/run_headline_lm.py configs/summary/headline-lm.yaml [key=value ...]

A causal BERT warm-started from the zhnews BERT, trained on the training period's human headlines
(dev: the 新闻联播 and newspaper dev headlines, for early stopping on held-out loss), or on your own
(train_file=, dev_file=: one headline per line). Writes to
output_dir a standard HF folder (BertLMHeadModel, fp16 safetensors with save_fp16, tokenizer), the
training headlines' unigram table (unigram.safetensors, for SLOR scores),
metrics.json (held-out loss and perplexity before and after training) and run_config.yaml. Attach it
to a summariser with training/run_summary.py's `headline_lm=` (rerank_weight=…).
"""

import dataclasses
import json
import math
import sys
import time

from datasets import Dataset
from transformers import DataCollatorForLanguageModeling, Trainer, TrainingArguments

from zhnews.config import start_run
from zhnews.hardware import describe_hardware
from zhnews.paths import SHARED_DATA_DIR
from zhnews.run_record import finish_run, record_dataset
from zhnews.summary.headline_lm import HeadlineScorer, headline_texts, unigram_log_probs, warm_start_headline_lm
from zhnews.tokenization import load_tokenizer
from zhnews.training_args import TimeBudget, fine_tuning_arguments


@dataclasses.dataclass
class HeadlineLMConfig:
    output_dir: str
    bert_model: str = "models/zhnews-bert-4x256"
    """The BertForMaskedLM folder (or Hub id) every weight starts from."""
    data_dir: str = str(SHARED_DATA_DIR)
    train_file: str | None = None
    """Your own headlines instead of the shared data: a text file, one headline per line (needs dev_file)."""
    dev_file: str | None = None
    max_headline_repeats: int = 3
    """Keep a headline that repeats across 新闻联播 dates at most this often (as the summary data does)."""
    max_length: int = 48
    learning_rate: float = 2e-4
    weight_decay: float = 0.01
    warmup_ratio: float = 0.05
    epochs: float = 6.0
    batch_size: int = 64
    eval_batch_size: int = 128
    max_minutes: float | None = None
    save_fp16: bool = True
    bf16: bool | str = "auto"
    seed: int = 42

    def __post_init__(self):
        if not 8 <= self.max_length <= 512:
            raise ValueError("max_length must be between 8 and 512")
        if self.epochs <= 0:
            raise ValueError("epochs must be positive")
        if (self.train_file is None) != (self.dev_file is None):
            raise ValueError("give both train_file and dev_file, or neither (the shared data)")


def read_headlines(config: HeadlineLMConfig) -> dict[str, list[str]]:
    if config.train_file is None:
        return headline_texts(config.data_dir, config.max_headline_repeats)
    read = lambda path: [line.strip() for line in open(path, encoding="utf-8") if line.strip()]  # noqa: E731
    return {"train": read(config.train_file), "dev": read(config.dev_file)}


def tokenized(texts: list[str], tokenizer, max_length: int) -> Dataset:
    encode = lambda batch: tokenizer(batch["text"], max_length=max_length, truncation=True,  # noqa: E731
                                     return_token_type_ids=False)
    return Dataset.from_dict({"text": texts}).map(encode, batched=True, remove_columns=["text"])


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, HeadlineLMConfig)
    tokenizer = load_tokenizer(config.bert_model)
    model = warm_start_headline_lm(config.bert_model)
    headlines = read_headlines(config)
    train, dev = (tokenized(headlines[split], tokenizer, config.max_length) for split in ("train", "dev"))
    record_dataset("headlines train", train)
    print(f"headlines: train {len(train)}, dev {len(dev)}", flush=True)
    args = fine_tuning_arguments(config, len(train), "eval_loss")
    args.update(greater_is_better=False, prediction_loss_only=True)
    trainer = Trainer(model=model, args=TrainingArguments(**args), train_dataset=train, eval_dataset=dev,
                      data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
                      callbacks=[TimeBudget(config.max_minutes, evaluate=True)])
    before = trainer.evaluate()["eval_loss"]
    started = time.time()
    trainer.train()
    wall = time.time() - started
    after = trainer.evaluate()["eval_loss"]
    metrics = {"dev_loss_warm_start": round(before, 4), "dev_loss": round(after, 4),
               "dev_perplexity": round(math.exp(after), 2), "train_headlines": len(train),
               "dev_headlines": len(dev), "steps": trainer.state.global_step,
               "train_wall_seconds": round(wall, 1), "hardware": describe_hardware()}
    unigram = unigram_log_probs(headlines["train"], tokenizer, model.config.vocab_size)
    HeadlineScorer(trainer.model, tokenizer, unigram=unigram).save_pretrained(output_dir, fp16=config.save_fp16)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2))
    finish_run(output_dir)
    print(json.dumps(metrics, indent=2), flush=True)
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
