"""Cutting a long text down to the characters a token window can read, before tokenising it.

The topic model reads a fixed number of tokens from the head (and tail) of an article; tokenising a
200,000-character article to keep 256 tokens wastes time and memory. `cut_text` keeps generous head
and tail pieces, each cut just before a character that always starts a new token, so the pieces
tokenise exactly like the same stretches of the whole text (see `long_doc.make_windows`, which checks
the pieces still hold enough tokens and tokenises the whole text when they do not).
"""

import re

# A bert-base-chinese token covers one Chinese character, or a few characters of other text;
# pieces keep this many characters per token they must provide.
CHARS_PER_TOKEN = 4
# BERT splits around whitespace, CJK ideographs and punctuation, so the tokens on either side of
# a cut made just before one of these are those of the uncut text.
_TOKEN_START = re.compile(r"[ \n\t\u3400-\u4dbf\u4e00-\u9fff，。、；：？！“”‘’（）《》【】]")


def cut_text(text: str, head_tokens: int, tail_tokens: int = 0) -> tuple[str, str] | None:
    """(head, tail) pieces of a text long enough to cut, holding about CHARS_PER_TOKEN characters per
    token of the head and tail read; None when the text is short, or has no token start to cut at."""
    head_chars, tail_chars = head_tokens * CHARS_PER_TOKEN, tail_tokens * CHARS_PER_TOKEN
    if len(text) <= head_chars + tail_chars:
        return None
    head_end = _TOKEN_START.search(text, head_chars)
    if head_end is None:
        return None
    if not tail_tokens:
        return text[:head_end.start()], ""
    tail_start = _TOKEN_START.search(text, len(text) - tail_chars)
    if tail_start is None or tail_start.start() <= head_end.start():
        return None
    return text[:head_end.start()], text[tail_start.start():]
