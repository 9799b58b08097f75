import json
from pathlib import Path

import pytest
import torch
from transformers import BertForMaskedLM, Trainer, TrainingArguments

from zhnews.mlm_data import WholeWordMaskCollator, build_mlm_dataset
from zhnews.mlm_model import BertForMaskedLMSparseHead, save_as_standard_bert
from zhnews.tokenization import load_tokenizer

from conftest import TOPIC_WORDS

TEXTS = ["".join(TOPIC_WORDS.values()) * 3, "电力企业投资光伏风电。" * 20, "医院学校养老服务。" * 20]


def test_blocks_have_fixed_length_and_word_boundaries(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    blocks = build_mlm_dataset(iter(TEXTS), tokenizer, block_size=32)
    assert len(blocks) > 5
    assert all(len(ids) == 32 and ids[0] == tokenizer.cls_token_id for ids in blocks["input_ids"])
    assert all(0 in starts for starts in blocks["word_starts"])  # jieba joined characters into words


def test_whole_words_are_masked_together_at_about_15_percent(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    ids = tokenizer("电力企业投资光伏风电" * 10)["input_ids"]
    starts = [1] + [1, 0] * 50 + [1]  # every word is two characters
    batch = WholeWordMaskCollator(tokenizer, seed=1)([{"input_ids": ids, "word_starts": starts}])
    chosen = (batch["labels"][0] != -100).nonzero().flatten().tolist()
    assert 14 <= len(chosen) <= 16
    assert all((p % 2 == 1) == (p + 1 in chosen) for p in chosen if p % 2 == 1)  # word starts bring their pair


def test_sparse_head_gives_the_same_loss_as_the_full_head(tiny_bert_dir):
    tokenizer = load_tokenizer(tiny_bert_dir)
    batch = WholeWordMaskCollator(tokenizer)([{"input_ids": tokenizer(t[:60])["input_ids"]} for t in TEXTS])
    full = BertForMaskedLM.from_pretrained(tiny_bert_dir).eval()
    sparse = BertForMaskedLMSparseHead.from_pretrained(tiny_bert_dir).eval()
    with torch.no_grad():
        assert torch.allclose(full(**batch).loss, sparse(**batch).loss, atol=1e-5)


def test_a_few_pretraining_steps_reduce_loss_and_save_a_standard_checkpoint(tiny_bert_dir, tmp_path):
    tokenizer = load_tokenizer(tiny_bert_dir)
    blocks = build_mlm_dataset(iter(TEXTS * 4), tokenizer, block_size=32)
    model = BertForMaskedLMSparseHead.from_pretrained(tiny_bert_dir)
    args = TrainingArguments(output_dir=str(tmp_path / "ckpt"), max_steps=40, learning_rate=3e-3,
                             per_device_train_batch_size=8, logging_steps=10, report_to="none",
                             use_cpu=True, save_strategy="no")
    trainer = Trainer(model=model, args=args, train_dataset=blocks, data_collator=WholeWordMaskCollator(tokenizer))
    trainer.train()
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert losses[-1] < losses[0] - 0.3
    save_as_standard_bert(model, str(tmp_path / "out"))
    reloaded = BertForMaskedLM.from_pretrained(tmp_path / "out", use_safetensors=True)
    assert reloaded.config.architectures == ["BertForMaskedLM"]


def run_pretraining_on_tiny_text(tmp_path, model_name_or_path, output_name: str, **overrides) -> dict:
    import gzip
    import json
    import sys
    from pathlib import Path

    import yaml

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
    import run_pretraining

    (tmp_path / "data" / "sogoucs").mkdir(parents=True, exist_ok=True)
    with gzip.open(tmp_path / "data" / "sogoucs" / "pairs.jsonl.gz", "wt", encoding="utf-8") as f:
        for text in TEXTS * 5:
            f.write(json.dumps({"text": text, "summary": "标题"}, ensure_ascii=False) + "\n")
    config = {"output_dir": str(tmp_path / output_name), "model_name_or_path": str(model_name_or_path),
              "sources": [{"name": "sogoucs"}], "data_dir": str(tmp_path / "data"),
              "prepared_dir": str(tmp_path / "prepared"), "max_seq_length": 32, "batch_size": 4,
              "max_steps": 6, "heldout_blocks": 4, "logging_steps": 2, "bf16": False, **overrides}
    (tmp_path / f"{output_name}.yaml").write_text(yaml.safe_dump(config))
    return run_pretraining.main([str(tmp_path / f"{output_name}.yaml")])


def test_run_pretraining_continues_an_existing_bert_from_a_config(tiny_bert_dir, tmp_path):
    """The path a user with internet takes with `model_name_or_path: bert-base-chinese`."""
    metrics = run_pretraining_on_tiny_text(tmp_path, tiny_bert_dir, "out")
    assert metrics["steps"] == 6 and metrics["tokens_per_second"] > 0
    run_info = json.loads((tmp_path / "out" / "run_info.json").read_text())
    assert "pairs.jsonl.gz" in [Path(f["path"]).name for f in run_info["data_files"]]
    assert run_info["datasets"][0]["name"] == "pretraining blocks" and run_info["datasets"][0]["fingerprint"]
    assert BertForMaskedLM.from_pretrained(tmp_path / "out", use_safetensors=True).config.hidden_size == 32
    import ship_model  # training/ is on sys.path once a run has started


    ship_model.main("pretrained", str(tmp_path / "out"), str(tmp_path / "shipped"))
    shipped = BertForMaskedLM.from_pretrained(tmp_path / "shipped", use_safetensors=True)
    assert shipped.dtype == torch.float16  # stored at half size
    assert "objective\n  `mlm`" in (tmp_path / "shipped" / "README.md").read_text(encoding="utf-8")


def test_electra_runs_accumulate_and_save_a_bert_that_fine_tunes(tiny_bert_dir, tmp_path):
    """objective=electra: the discriminator is saved as a standard BERT; a second run continues the
    generator and adds its steps to the cumulative record."""
    from transformers import AutoModelForSequenceClassification

    first = run_pretraining_on_tiny_text(tmp_path, tiny_bert_dir, "electra-1", objective="electra")
    second = run_pretraining_on_tiny_text(tmp_path, tmp_path / "electra-1", "electra-2", objective="electra",
                                          max_steps=4)
    assert first["cumulative"]["steps"] == 6 and second["cumulative"]["steps"] == 10
    assert [r["objective"] for r in second["cumulative"]["runs"]] == ["electra", "electra"]
    assert (tmp_path / "electra-2" / "electra" / "generator" / "model.safetensors").exists()
    classifier = AutoModelForSequenceClassification.from_pretrained(tmp_path / "electra-2", num_labels=6,
                                                                    use_safetensors=True)
    discriminator = BertForMaskedLM.from_pretrained(tmp_path / "electra-2", use_safetensors=True)
    assert torch.equal(classifier.bert.encoder.layer[0].attention.self.query.weight,
                       discriminator.bert.encoder.layer[0].attention.self.query.weight)


def test_electra_loss_counts_only_tokens_the_generator_changed(tiny_bert_dir):
    from zhnews.electra_model import ElectraPretrainingModel

    tokenizer = load_tokenizer(tiny_bert_dir)
    torch.manual_seed(0)
    model = ElectraPretrainingModel.from_discriminator(BertForMaskedLMSparseHead.from_pretrained(tiny_bert_dir))
    assert model.generator.config.hidden_size == 16  # a quarter of 32, the floor
    shared = model.generator.electra.embeddings.word_embeddings.weight
    assert shared is model.discriminator.bert.embeddings.word_embeddings.weight
    assert model.generator.generator_lm_head.weight is shared
    batch = WholeWordMaskCollator(tokenizer)([{"input_ids": tokenizer(t[:60])["input_ids"]} for t in TEXTS])
    output = model(**batch)
    assert output.loss > 0 and 0 <= output.detection_accuracy <= 1
    assert float(output.loss) == pytest.approx(float(output.generator_loss + 50 * output.discriminator_loss), rel=1e-4)
