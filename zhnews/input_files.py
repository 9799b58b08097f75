"""Reading user text files (or stdin) for the CLI, with one-line errors that name the file and the fix.

UTF-8 (with or without a byte-order mark) is read as is. Chinese text saved by older Windows tools
is often GB18030/GBK: a file that is not UTF-8 but decodes as GB18030 into mostly Chinese text is
read as GB18030 (and the caller is told so). Anything else (a missing, empty or binary file, or an
unknown encoding) raises InputError with a message that says what to do.
"""

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path

STDIN_NAME = "-"
# Share of CJK among the non-space characters for a GB18030 reading to count as Chinese text.
_MIN_CJK_SHARE = 0.3
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


class InputError(ValueError):
    """A file that cannot be analysed; the message is one line naming the file and the fix."""


@dataclass
class InputText:
    name: str
    """The path as given, or "-" for stdin."""
    text: str
    encoding: str
    """"utf-8", "utf-16" (with a byte-order mark) or "gb18030"."""


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _decode(name: str, data: bytes) -> InputText:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return InputText(name, data.decode("utf-16"), "utf-16")
    try:
        return InputText(name, data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    visible = re.sub(r"\s", "", text)
    if visible and len(_CJK.findall(visible)) / len(visible) >= _MIN_CJK_SHARE and not _CONTROL.search(text):
        return InputText(name, text, "gb18030")
    raise InputError(f"{name}: not UTF-8 text (nor GB18030/GBK Chinese); convert it to UTF-8, "
                     f"e.g. iconv -f ENCODING -t UTF-8 {name} > {name}.utf8.txt")


def read_input(name: str) -> InputText:
    """The text of a file (or of stdin for "-"), decoded; raises InputError naming the file."""
    if name == STDIN_NAME:
        data = sys.stdin.buffer.read()
        label = "stdin"
    else:
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file; check the path (relative paths start at {Path.cwd()})")
        if path.is_dir():
            raise InputError(f"{name}: is a folder; give the text files in it, e.g. {name}/*.txt")
        data = path.read_bytes()
        label = name
    if _looks_binary(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{label}: binary data, not text; give a plain-text file (UTF-8) with the article or page")
    decoded = _decode(label, data)
    if not decoded.text.strip():
        raise InputError(f"{label}: empty; put the article or page text in it")
    return decoded
