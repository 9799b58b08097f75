"""Copy a run's model into models/ (only the files a model folder needs; fp16 weights).

    python training/ship_model.py topic runs/topic-zhnews models/zhnews-topic
    python training/ship_model.py pretrained runs/pretrain-bert-4x256 models/zhnews-bert-4x256
    python training/ship_model.py fluency runs/zhnews-fluency models/zhnews-fluency

Topic and summary runs already save fp16 safetensors; a pretraining run is converted to fp16 here. The
run's config and run record travel along, and the card is rendered again for the new folder (a fluency estimate's
card, written by training/run_fluency_scorer.py, travels as it is).
"""

import shutil
import sys
from pathlib import Path

import torch
from transformers import BertForMaskedLM, ElectraForMaskedLM

from zhnews.electra_model import GENERATOR_DIR, HEAD_FILE

from zhnews.model_card import write_model_card
from zhnews.paths import REPO_ROOT
from zhnews.run_record import RUN_CONFIG_FILE, RUN_INFO_FILE
from zhnews.summary.fluency import SCORER_FILE
from zhnews.summary.headline_lm import HEADLINE_LM_FOLDER
from zhnews.tokenization import load_tokenizer
from zhnews.topic.ngram import NGRAM_FILE

RUN_FILES = (RUN_CONFIG_FILE, RUN_INFO_FILE)
MODEL_FILES = ("config.json", "model.safetensors", "generation_config.json", "tokenizer.json",
               "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "metrics.json", NGRAM_FILE,
               SCORER_FILE, *RUN_FILES)
SIZE_LIMIT_MB = {"topic": 50, "summary": 80, "pretrained": 50, "fluency": 5}  # pretrained: with an ELECTRA generator


def ship_pretrained(run_dir: Path, dest: Path) -> None:
    model = BertForMaskedLM.from_pretrained(run_dir, use_safetensors=True, dtype=torch.float16)
    model.save_pretrained(dest, safe_serialization=True)
    load_tokenizer(run_dir).save_pretrained(dest)
    shutil.copy(run_dir / "pretrain_metrics.json", dest / "metrics.json")
    if (run_dir / GENERATOR_DIR).is_dir():  # an ELECTRA run: keep its generator, so the next run continues it
        generator = ElectraForMaskedLM.from_pretrained(run_dir / GENERATOR_DIR, use_safetensors=True,
                                                       dtype=torch.float16)
        generator.save_pretrained(dest / GENERATOR_DIR, safe_serialization=True)
        shutil.copy(run_dir / HEAD_FILE, dest / HEAD_FILE)
    for name in RUN_FILES:
        if (run_dir / name).exists():
            shutil.copy(run_dir / name, dest / name)


def model_id_for(dest: Path) -> str:
    """How the card's snippets name the folder: relative to the checkout when inside it."""
    resolved = dest.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(dest)


def main(kind: str, run_dir: str, dest: str) -> None:
    run_dir, dest = Path(run_dir), Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if kind == "pretrained":
        ship_pretrained(run_dir, dest)
    else:
        for name in MODEL_FILES:
            if (run_dir / name).exists():
                shutil.copy(run_dir / name, dest / name)
        if (run_dir / HEADLINE_LM_FOLDER).is_dir():  # a summariser's headline LM, as Summarizer saved it
            shutil.copytree(run_dir / HEADLINE_LM_FOLDER, dest / HEADLINE_LM_FOLDER)
    if kind == "fluency":
        shutil.copy(run_dir / "README.md", dest / "README.md")
    else:
        write_model_card(dest, model_id_for(dest))
    size_mb = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file()) / 2**20
    print(f"{dest}: {size_mb:.1f} MB ({', '.join(sorted(p.name for p in dest.iterdir()))})")
    if size_mb > SIZE_LIMIT_MB[kind]:
        raise SystemExit(f"{dest} is {size_mb:.1f} MB, over the {SIZE_LIMIT_MB[kind]} MB limit for {kind} models")


if __name__ == "__main__":
    main(*sys.argv[1:])
