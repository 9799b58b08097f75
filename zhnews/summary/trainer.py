"""Training a BART summariser with the HF Seq2SeqTrainer, from a SummaryConfig (the model itself:
zhnews/summary/model.py)."""

import random

from datasets import Dataset, DatasetDict
from transformers import (DataCollatorForSeq2Seq, EarlyStoppingCallback, GenerationConfig, Seq2SeqTrainer,
                          Seq2SeqTrainingArguments)

from zhnews.distributed import world_size
from zhnews.summary.rouge_metric import score_summaries
from zhnews.summary.summarizer import MODEL_INPUTS, decode_summaries, summary_generation_config
from zhnews.summary.config import SummaryConfig
from zhnews.summary.data import build_summary_splits, lead_text, read_pairs_file, target_novelty
from zhnews.training_args import TimeBudget, fine_tuning_arguments


def load_summary_splits(config: SummaryConfig) -> DatasetDict:
    """train / dev (/ lcsts_test) with id, text, summary, source."""
    if config.train_file:
        splits = DatasetDict({"train": Dataset.from_list(read_pairs_file(config.train_file, "train_file")),
                              "dev": Dataset.from_list(read_pairs_file(config.dev_file, "dev_file"))})
    else:
        splits = build_summary_splits(config.data_mix, config.max_headline_repeats, config.seed, config.data_dir)
    if config.max_target_novelty is not None:
        splits["train"] = splits["train"].filter(
            lambda row: target_novelty(row, config.max_source_length) <= config.max_target_novelty)
    if config.train_limit:
        splits["train"] = splits["train"].select(range(min(config.train_limit, len(splits["train"]))))
    return splits


def tokenize_pairs(tokenizer, split: Dataset, max_source_length: int, max_target_length: int) -> Dataset:
    """Model inputs: the article's lead as input_ids, the [CLS] summary [SEP] ids as labels."""
    sources = [lead_text(text, max_source_length) for text in split["text"]]
    inputs = tokenizer(sources, max_length=max_source_length, truncation=True)
    labels = tokenizer(text_target=list(split["summary"]), max_length=max_target_length, truncation=True)
    return Dataset.from_dict({**{k: inputs[k] for k in MODEL_INPUTS}, "labels": labels["input_ids"]})


def eval_sample(split: Dataset, limit: int | None, seed: int) -> Dataset:
    """A fixed seeded sample of a split (all of it when limit is None or large enough)."""
    if limit is None or limit >= len(split):
        return split
    return split.select(sorted(random.Random(seed).sample(range(len(split)), limit)))


def rouge_metrics(tokenizer, dev: Dataset):
    """compute_metrics for the Trainer: generated ids scored against the raw dev headlines."""
    references, sources = list(dev["summary"]), list(dev["text"])

    def compute(eval_prediction) -> dict[str, float]:
        predictions = eval_prediction.predictions
        if world_size() > 1:
            # Under DDP the generated ids come back in dataset order followed by the rows that padded the
            # last batches of every process (transformers 5 does not drop them for predict_with_generate).
            predictions = predictions[:len(references)]
        return score_summaries(decode_summaries(tokenizer, predictions), references, sources)

    return compute


def decoding_config(config: SummaryConfig, tokenizer) -> GenerationConfig:
    """The config's decoding settings. Build it afresh for saving: Seq2SeqTrainer fills the model's
    own generation_config with every library default (max_length=20, …) during evaluation."""
    return summary_generation_config(tokenizer, config.num_beams, config.no_repeat_ngram_size,
                                     config.length_penalty, config.min_new_tokens, config.max_new_tokens,
                                     config.early_stopping)


def build_trainer(config: SummaryConfig, model, tokenizer, splits: DatasetDict) -> Seq2SeqTrainer:
    model.generation_config = decoding_config(config, tokenizer)
    dev = eval_sample(splits["dev"], config.dev_eval_limit, config.seed)
    train_inputs = tokenize_pairs(tokenizer, splits["train"], config.max_source_length, config.max_target_length)
    dev_inputs = tokenize_pairs(tokenizer, dev, config.max_source_length, config.max_target_length)
    args = Seq2SeqTrainingArguments(
        **fine_tuning_arguments(config, len(train_inputs), "rougeL", config.eval_steps,
                                config.gradient_accumulation_steps, config.max_steps),
        label_smoothing_factor=config.label_smoothing,
        predict_with_generate=True,
    )
    return Seq2SeqTrainer(
        model=model,
        args=args,
        train_dataset=train_inputs,
        eval_dataset=dev_inputs,
        data_collator=DataCollatorForSeq2Seq(tokenizer, model=model),
        compute_metrics=rouge_metrics(tokenizer, dev),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.early_stopping_patience),
                   TimeBudget(config.max_minutes, evaluate=True)],
    )
