"""Copy a run's model into models/ (only the files a model folder needs; fp16 weights).

    python training/ship_model.py topic runs/topic-zhnews models/zhnews-topic
    python training/ship_model.py pretrained runs/pretrain-bert-4x256 models/zhnews-bert-4x256

Topic and summary runs already save fp16 safetensors and a model card; a pretraining run is converted to
fp16 here and gets its model card from its run_config.yaml and pretrain_metrics.json.
"""

import json
import shutil
import sys
from pathlib import Path

import torch
from transformers import BertForMaskedLM

from zhnews.config import load_config
from zhnews.model_card import pretrained_bert_card
from zhnews.tokenization import load_tokenizer

MODEL_FILES = ("config.json", "model.safetensors", "generation_config.json", "tokenizer.json",
               "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "README.md", "metrics.json")
SIZE_LIMIT_MB = {"topic": 50, "summary": 80, "pretrained": 50}


def ship_pretrained(run_dir: Path, dest: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from run_pretraining import PretrainConfig

    config = load_config(run_dir / "run_config.yaml", PretrainConfig)
    metrics = json.loads((run_dir / "pretrain_metrics.json").read_text())
    model = BertForMaskedLM.from_pretrained(run_dir, use_safetensors=True, dtype=torch.float16)
    model.save_pretrained(dest, safe_serialization=True)
    load_tokenizer(run_dir).save_pretrained(dest)
    shutil.copy(run_dir / "pretrain_metrics.json", dest / "metrics.json")
    (dest / "README.md").write_text(pretrained_bert_card(config, metrics), encoding="utf-8")


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
    size_mb = sum(p.stat().st_size for p in dest.iterdir()) / 2**20
    print(f"{dest}: {size_mb:.1f} MB ({', '.join(sorted(p.name for p in dest.iterdir()))})")
    if size_mb > SIZE_LIMIT_MB[kind]:
        raise SystemExit(f"{dest} is {size_mb:.1f} MB, over the {SIZE_LIMIT_MB[kind]} MB limit for {kind} models")


if __name__ == "__main__":
    main(*sys.argv[1:])
