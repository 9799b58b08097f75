import pytest
from transformers import BertTokenizer

from zhnews.tokenization import build_tokenizer_folder, check_tokenizer, load_tokenizer, vocab_line_count


def test_vocab_folder_tokenizes_chinese_per_character(tiny_vocab_file, tmp_path):
    tokenizer = build_tokenizer_folder(tiny_vocab_file, tmp_path)
    assert tokenizer.tokenize("电力企业") == ["电", "力", "企", "业"]
    assert load_tokenizer(tmp_path).vocab_size == tokenizer.vocab_size
    assert vocab_line_count(tiny_vocab_file) == len(tokenizer)


def test_the_transformers5_vocab_file_pitfall_is_caught(tiny_vocab_file):
    broken = BertTokenizer(vocab_file=str(tiny_vocab_file))  # silently a 5-token vocabulary in 5.x
    if broken.convert_tokens_to_ids("电") != broken.unk_token_id:
        pytest.skip("this transformers version reads vocab_file")
    with pytest.raises(ValueError, match="UNK"):
        check_tokenizer(broken)
