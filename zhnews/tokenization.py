"""The bert-base-chinese WordPiece tokenizer, built from a vocab file or loaded from a model."""

import shutil
from pathlib import Path

from transformers import AutoTokenizer, BertTokenizerFast, PreTrainedTokenizerBase

_PROBE = "浙江日报记者报道新能源产业发展"


def check_tokenizer(tokenizer: PreTrainedTokenizerBase) -> None:
    """Fail loudly if Chinese text becomes [UNK]: the symptom of a vocab that did not load."""
    ids = tokenizer(_PROBE, add_special_tokens=False)["input_ids"]
    unknown = sum(i == tokenizer.unk_token_id for i in ids)
    if unknown:
        raise ValueError(
            f"tokenizer is broken: {unknown}/{len(ids)} Chinese probe characters are [UNK] (vocabulary of "
            f"{len(tokenizer)} entries). In transformers 5.x load a vocab folder with from_pretrained(folder)."
        )


def build_tokenizer_folder(vocab_file: str | Path, folder: str | Path) -> BertTokenizerFast:
    """Write a standard tokenizer folder (vocab.txt + configs) for a BERT-vocab model trained here."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vocab_file, folder / "vocab.txt")
    # BertTokenizer(vocab_file=...) silently ignores the file in transformers 5.x; from_pretrained does not.
    tokenizer = BertTokenizerFast.from_pretrained(str(folder), do_lower_case=True, model_max_length=512)
    check_tokenizer(tokenizer)
    tokenizer.save_pretrained(str(folder))
    return tokenizer


def load_tokenizer(name_or_path: str | Path) -> PreTrainedTokenizerBase:
    """A tokenizer from a Hub id or a local folder, checked on Chinese text."""
    tokenizer = AutoTokenizer.from_pretrained(str(name_or_path))
    check_tokenizer(tokenizer)
    return tokenizer


def vocab_line_count(vocab_file: str | Path) -> int:
    """Embedding rows needed for a vocab file. Some lines repeat, so this can exceed len(tokenizer)."""
    with open(vocab_file, encoding="utf-8") as f:
        return sum(1 for _ in f)
