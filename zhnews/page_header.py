"""One header block of a raw page → kicker, title, subtitle, column tags (rule 4 of `zhnews.page`,
whose docstring lists every rule of `split_page`).

A header block is a run of heading lines (short, no sentence end) between body paragraphs. Which
line is the kicker (引题), the headline and the subtitle (副题) is read from their shapes alone:
dashes, verbs of saying, colons, clauses or parallel phrases over a terse line, column names in
brackets, lengths.
"""

import re
from dataclasses import dataclass, field

TAG_MAX_CHARS = 6
"""Longest column tag; a heading line this short is a tag unless nothing longer is in its block or
it opens the block right above a longer line (then it is a short kicker: `今年起`, `水利部发文`)."""
LEAD_MIN_CHARS = 24
"""A heading line longer than this with a clause comma under the headline is a lead line (导语) that
opens the text, not a subtitle (rmrb: 34% of heading-like first lines over 6 characters, 4.6% of
subtitles)."""
KICKER_DASH = ("——", "──", "--")
# A kicker without a dash introduces the headline as what someone said: `某某在某地调研时强调`.
_KICKER_END = re.compile(r"(?:强调|指出|表示|要求)$")
# A kicker naming who speaks or acts, over what they say or do: `某某办：`, `某某在某地调研时强调坚持…`,
# `某某代表`. (rmrb two-line headers without a dash: about 360 kickers have these shapes, no headline.)
_KICKER_COLON = ("：", ":")
_KICKER_SHAPE = re.compile(r"强调|指出|(?:代表|委员)$")
# A subtitle however short: who attended or chaired, under a meeting's headline (`某某出席`).
_ATTENDANCE = re.compile(r"(?:出席|主持|讲话|致辞)$")
# A headline carrying its column's name in brackets: `某某（人民时评）`, `某某(记者探营)`.
COLUMN_TAG = re.compile(r".{4,}[（(][^（）()]{2,20}[）)]")


@dataclass
class Header:
    """What a header block holds."""
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    tags: list[str] = field(default_factory=list)
    """Column tags printed around the headline, e.g. `报道反馈`."""
    opening_lines: list[str] = field(default_factory=list)
    """Heading lines under the headline that are the text's first lines (a lead line, a label line)."""


def is_marked_kicker(line: str) -> bool:
    """Rules 4 and 5: a kicker marked as one by a dash or a verb of saying; a cue for a new story."""
    return line.endswith(KICKER_DASH) or _KICKER_END.search(line) is not None


def _has_kicker_shape(line: str, below: str) -> bool:
    """Rule 4: an unmarked kicker, said of a block's first heading line over the next one (`below`).
    These shapes read a header; they are no cue for a new story (subheadings have them)."""
    if line.endswith(_KICKER_COLON) or _KICKER_SHAPE.search(line):
        return True
    if below.startswith(KICKER_DASH) or len(below) <= TAG_MAX_CHARS or COLUMN_TAG.fullmatch(line):
        return False  # over a dash subtitle or a tag; a line carrying its column's name is the headline
    # the news in clauses, or parallel phrases, over a terse headline
    return ("，" in line or " " in line) and not ("，" in below or " " in below)


def _opens_text(line: str) -> bool:
    """Rule 4: a heading line under the headline that is the text's first line, not a subtitle: a lead
    line (导语), or a line with a colon or a 【label】 (`提案人：某某`, `【人物】…`, `同志们，朋友们：`;
    rmrb: none of 1,175 subtitles, 93 of 1,304 heading-like first lines)."""
    is_lead = len(line) > LEAD_MIN_CHARS and "，" in line and not line.startswith(KICKER_DASH)
    return is_lead or "：" in line or line.startswith("【")


def _title_under_kicker(headings: list[str]) -> int:
    """Index of a headline with a kicker right above it (0 when none): the line under a dash or
    saying kicker, else the second line under a first line of kicker shape, else a line (not the
    first) carrying its column's name in brackets, else the longer line under a short first line."""
    for i, line in enumerate(headings[:-1]):
        if is_marked_kicker(line):
            return i + 1
    if len(headings) > 1 and _has_kicker_shape(headings[0], headings[1]):
        return 1
    column_tagged = next((i for i, line in enumerate(headings)
                          if i > 0 and COLUMN_TAG.fullmatch(line) and not line.startswith(KICKER_DASH)), 0)
    if column_tagged:
        return column_tagged
    short_first = len(headings) > 1 and len(headings[0]) <= TAG_MAX_CHARS < len(headings[1])
    return 1 if short_first else 0


def read_header(headings: list[str]) -> Header:
    """Rule 4: kicker, title, subtitle and tags of one header block's heading lines, and the longer
    lines left over (the story's own short first lines), which open its text."""
    header = Header()
    rest = list(headings)
    below_kicker = _title_under_kicker(rest)
    if below_kicker:
        header.kicker, header.title = rest[below_kicker - 1], rest[below_kicker]
        del rest[below_kicker - 1:below_kicker + 1]
    else:
        longer = [line for line in rest if len(line) > TAG_MAX_CHARS] or rest
        if longer:
            header.title = longer[0]
            rest.remove(longer[0])
    extra = [line for line in rest if len(line) > TAG_MAX_CHARS or line.startswith(KICKER_DASH)
             or _ATTENDANCE.search(line)]
    header.tags = [line for line in rest if line not in extra]
    if extra and not _opens_text(extra[0]):
        header.subtitle = extra.pop(0)
    header.opening_lines = extra
    return header
