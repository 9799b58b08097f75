"""Text normalisation shared by training and inference.

Raw newspaper dumps mix full-width letters and digits, ideographic spaces, paragraphs cut across
columns and paragraphs printed twice. `normalize_text` turns them into one clean paragraph per
line, the form every model in zhnews is trained and run on.
"""

import re

# Quote and title marks, opening then closing: a headline keeps each pair balanced.
PAIRED_MARKS = ("“”", "《》", "（）")
# Sentence-final characters: a paragraph ending in one of these is complete.
_SENTENCE_END = "。！？!?；;…”’」』）)】"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}，。、：；！？“”])[ \t]+(?=[{_CJK}，。、：；！？“”])")
_RUNS_OF_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+")
# The marks that end a sentence (split_sentences, and the summary decoding's and garble measures' sentences)
SENTENCE_END_MARKS = "。！？!?"
_SENTENCE_SPLIT = re.compile(rf"(?<=[{SENTENCE_END_MARKS}])(?![”’」』])|(?<=[{SENTENCE_END_MARKS}][”’」』])")
# A paragraph shorter than this is never treated as a duplicate (e.g. a recurring "图为…" caption).
_MIN_DUPLICATE_CHARS = 12


# Full-width digits and letters -> ASCII, the ideographic space -> a space (one str.translate pass).
_HALFWIDTH = {0x3000: " ", **{code: chr(code - 0xFEE0) for code in
                              (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}}


def to_halfwidth(text: str) -> str:
    """Full-width ASCII letters and digits and the ideographic space become half-width.

    Chinese punctuation (，。：；！？（）) stays full-width: it is the standard form in Chinese text and
    in the bert-base-chinese vocabulary.
    """
    return text.translate(_HALFWIDTH)


def clean_line(line: str) -> str:
    """A line in half-width with whitespace runs collapsed to one space (spaces between CJK kept:
    in headlines and bylines they separate clauses and names)."""
    return _RUNS_OF_SPACE.sub(" ", to_halfwidth(line)).strip()


def _is_broken(paragraph: str, following: str) -> bool:
    """A column cut: the paragraph stops mid-sentence and the next one carries on the sentence."""
    return (
        paragraph[-1] not in _SENTENCE_END
        and len(paragraph) >= 40  # short unpunctuated lines are headlines, not cut paragraphs
        and re.match(rf"[{_CJK}0-9a-zA-Z，、：；]", following) is not None
    )


def split_paragraphs(text: str) -> list[str]:
    """Half-width, whitespace-collapsed paragraphs with column cuts rejoined and repeats dropped."""
    lines = [clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [_SPACE_BETWEEN_CJK.sub("", line) for line in lines if line]
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _is_broken(paragraphs[-1], line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    seen: set[str] = set()
    unique = []
    for paragraph in paragraphs:
        if len(paragraph) >= _MIN_DUPLICATE_CHARS and paragraph in seen:
            continue
        seen.add(paragraph)
        unique.append(paragraph)
    return unique


def normalize_text(text: str) -> str:
    """The canonical form of an article: one clean paragraph per line."""
    return "\n".join(split_paragraphs(text))


_LATIN_WORD = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")


def in_source_case(text: str, source: str) -> str:
    """The text with each Latin word the source writes in another case in the source's case: a model whose tokenizer
    lower-cases (bert-base-chinese) writes 居民消费价格指数cpi where the article has CPI. A word the source holds as
    written, or does not hold at all, is left as it is."""
    def source_form(match: re.Match) -> str:
        word = match.group()
        found = None if word in source else re.search(re.escape(word), source, re.IGNORECASE)
        return found.group() if found else word

    return _LATIN_WORD.sub(source_form, text)


def split_sentences(text: str) -> list[str]:
    """Sentences of a normalised text, cut after 。！？ (keeping closing quotes with their sentence)."""
    sentences = []
    for paragraph in text.split("\n"):
        sentences.extend(s.strip() for s in _SENTENCE_SPLIT.split(paragraph) if s.strip())
    return sentences


def check_texts(texts) -> list[str]:
    """Validate an inference batch: a list of non-empty strings. Names the first bad index."""
    if isinstance(texts, str):
        raise ValueError("expected a list of texts, got a single string; wrap it in a list")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"text at index {i} is {type(text).__name__}, not str")
        if not text.strip():
            raise ValueError(f"text at index {i} is empty")
    return texts
