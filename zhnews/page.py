"""Raw newspaper pages → stories: `split_page(text) -> list[Story]`.

A page dump is a run of lines: headlines, kickers, column tags, bylines and body paragraphs, in
print order but with columns cut apart. Every decision below is a visible layout rule; none
depends on one paper's wording.

Rules, applied in this order:

1. Lines. The page is cut at line breaks; blank lines carry no meaning. Lines are compared in
   their normalised form (`zhnews.text`: half-width, collapsed spaces).
2. Byline line. A line that is only a credit, optionally after a dateline: `（本报记者 某某）`,
   `本报讯（记者 某某 通讯员 某某）`, `本报记者 某某 某某`. A dateline + credit at the start
   of a paragraph (`本报讯（记者 某某）2024年，…`) is cut off into the byline as well. A line
   wholly in brackets with at least 4 characters inside (`（作者为…）`, `（本报某地电）`, not a
   section number `（三）`) is a closing note and counts as a byline; so does a jump line
   `（下转第二版）`. Its pair `（上接第一版）` opens an orphan continuation (rule 7).
3. Heading line. A line of at most `HEADING_MAX_CHARS` characters that does not end a sentence
   (no final 。！？… etc.) and is not a byline, or a line of any length ending in a dash (——),
   the mark of a kicker. Everything else is a body paragraph.
4. Header block. Consecutive heading and byline lines (read by `zhnews.page_header`). In a block:
   - the kicker (引题) is a heading line directly above another one that ends in a dash (——) or
     in a verb of saying that introduces the headline (强调, 指出, 表示, 要求); else the block's
     first line when it has a kicker's shape (no dash, so it is not a story cue in rule 5): it ends
     in a colon (`某某：`, who speaks over what is said), names a speech (强调, 指出 anywhere) or
     ends in a delegate's role (代表, 委员), or it is written in clauses or parallel phrases (a
     comma or a space) over a headline of more than `TAG_MAX_CHARS` characters with neither, that
     carries no column name and opens with no dash; else the line right above a headline carrying
     its column's name in brackets (`某某（人民时评）`; a line opening with a dash is a subtitle
     even when it ends in a series number, `——某某（11）`); else a first line of at most
     `TAG_MAX_CHARS` characters directly above a longer one. Two plain lines are headline and
     subtitle;
   - the title is the heading line below the kicker, otherwise the first heading line longer than
     `TAG_MAX_CHARS`;
   - the next longer heading line (or one opening with ——) is the subtitle, unless it is a lead
     line (导语: longer than `LEAD_MIN_CHARS` with a clause comma) or a line with a colon or a
     【label】 (`提案人：某某`, `【人物】…`); longer lines after it, and such a line, are the story's
     own first lines and open its text;
   - the other heading lines of at most `TAG_MAX_CHARS` characters are column tags (报道反馈),
     except a line saying who attended or chaired (`某某出席`, `某某主持`): a subtitle.
5. New story. A block starts a new story when it is the page's first block, when the story above
   was closed by a trailing byline or has no headline (an orphan run, on a page that shows story
   cues or a byline), when it holds a byline or the paragraph under it opens with a
   dateline/credit, or when it has headline cues: a kicker, a headline with a bracketed column
   name, or a dash subtitle (a line opening with —— below another heading line). A block with
   headline cues but no byline stays in the story above as a subheading (`各方承诺——`) when that
   story's closing byline is still to come (rule 6) and its words overlap the story's
   (≥ `COHESION_MIN`). A block opening with —— signs or attributes the text above (`——编者`) and
   stays with it; so does a block with nothing under it.
6. Subheading. Any other block (short lines inside a story, no story cues) is kept as lines of
   the story above (a 小标题, or a short line cut mid-sentence) when
   - it opens with a section number or bullet (一、 （二） 3. 第四， ■) or ends in a colon (：,
     the line introduces what follows), or
   - the story above is still to be closed: on a page with at least two closing bylines, a
     closing byline comes below this block before any block with a byline or credit, or
   - its heading lines overlap that story's words (`cohesion` ≥ `COHESION_MIN`, at least
     `MIN_SHARED_BIGRAMS` shared), or
   - its words together with the run under it overlap them (≥ `SUBHEADING_MIN`), and either that
     overlap or the first paragraph's alone reaches `COHESION_MIN`.
   Otherwise it is the title of a new story.
7. Orphan continuation. Body paragraphs that belong to no header are a story of their own with
   `fragment=True`: paragraphs before the page's first header, paragraphs after a story closed by
   a trailing byline, paragraphs under a jump line `（上接第X版）` (kept as the fragment's byline),
   and, in a story that opens with the short end of a sentence (rule 8),
   paragraphs under a heading-length line that stops mid-sentence after a clause mark (，、),
   when their words do not overlap the story above (< `COHESION_MIN`): that line is the story's
   cut last line (the one the opening completes) and the run another page's continuation glued
   after it.
8. Column swap. When a story opens with a short sentence ending (at most `SWAP_TAIL_MAX_CHARS`
   characters) and its last line stops mid-sentence, the dump printed the top of a column before
   the bottom of the previous one: the cut line (and the subheading right above it) moves to the
   front and is completed by that short ending.
9. Continuation mid-story. In a story not closed by a byline, a paragraph that opens
   mid-sentence (with a mark that ends or continues a clause: ，、。”）…; with a grammar
   character that never opens a paragraph: 的 了 们, but not 的确, 了解; or with a one-character
   clause: `拔，`) right after a paragraph that ends a sentence, when it and the paragraphs after
   it do not overlap the text above (< `COHESION_MIN`), is another page's continuation: from there
   on the story is an orphan fragment (rule 7). After an unfinished paragraph it is the rest of
   a paragraph cut across columns instead (rule 10).
10. Story text. Each story's body goes through `zhnews.text.normalize_text`, which rejoins
   paragraphs cut across columns and keeps a paragraph printed twice once.

"Overlap" (`cohesion`) is the share of a text's content character bigrams (CJK bigrams without
function characters such as 的/了/是) that also occur in the story it might belong to.
"""

import re
from dataclasses import dataclass, field

from zhnews.page_header import COLUMN_TAG, KICKER_DASH, is_marked_kicker, read_header
from zhnews.text import clean_line, normalize_text

HEADING_MAX_CHARS = 40
"""Longest heading line (rmrb: 98.6% of titles, 94% of subtitles fit)."""
SUBHEADING_MIN = 0.05
"""Least overlap of a cue-less heading + the run under it with the story above for it to be a
subheading rather than a new story (same-article runs fall below it 3.5% of the time, other
articles' runs 62%: splitting a story is worse than missing a cue-less headline)."""
COHESION_MIN = 0.1
"""Least bigram overlap for the run under a cut line to stay with the story above (rule 7), and
for heading lines alone to count as a subheading (rule 6).
On People's Daily (`python bench/bench_page_split.py`), the next paragraphs of the same article
fall below it 14% of the time, paragraphs of another article printed the same day 84%."""
MIN_SHARED_BIGRAMS = 2
"""Least number of content bigrams heading lines must share with a story to be its subheading."""
SWAP_TAIL_MAX_CHARS = 12
"""Longest first paragraph treated as the end of a sentence printed in the wrong column."""

_DATELINE = r"(?:本报讯|本报[^（(，。\s]{1,14}?电|新华社[^（(，。\s]{1,14}?电|[^（(，。\s]{2,12}?讯)"
_CREDIT = r"[（(][^（）()]{0,60}?(?:记者|通讯员|实习生|撰稿)[^（）()]{0,60}[）)]"
_BARE_CREDIT = r"本报(?:特约|见习)?记者(?: [^\s，。！？（）()]{1,8})+(?: (?:见习记者|通讯员|实习生)(?: [^\s，。！？（）()]{1,8})+)*"
_NOTE = r"[（(][^（）()]{4,80}[）)]"  # a closing note in brackets: （作者为…）, （本报某地电）; not （三）
# A jump line: the text below continues a story from another page (`（上接第一版）`). Its pair
# `（下转第二版）` is a closing note: the story above goes on elsewhere.
_CONTINUED_FROM = re.compile(r"[（(](?:上接|接上?)第?[^（）()\s]{1,4}版[）)]")
_BYLINE_LINE = re.compile(rf"(?:{_DATELINE}\s*)?{_CREDIT}|{_BARE_CREDIT}|{_NOTE}")
_LEADING_BYLINE = re.compile(rf"^(?:{_DATELINE}\s*{_CREDIT}|{_DATELINE}(?= )|{_CREDIT})\s*")
_FINAL = "。！？!?；;…"
_CLOSING = "”’」』）)】"
_CLAUSE_MARK = re.compile(r"[，、]")
# A paragraph opening mid-sentence: with a mark that ends or continues a clause, with a grammar character
# that never opens one (的 but 的确, 了 but 了解/了不起, 们), or with a one-character clause (`拔，…`).
# On People's Daily paragraphs (`python bench/bench_page_split.py`): none of 117k paragraph openings,
# about a fifth of paragraphs cut at a random character.
_MID_SENTENCE_OPENING = re.compile(r"[，、。；：！？…”’）》%.]|们|的(?!确)|了(?!解|不起)|[^\s、][，。；！？”]")
# A section number or bullet opening a subheading: 一、 （二） 3. 第四 ■
_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]\D|第[一二三四五六七八九十]+[，、 ]|[■◆●▲□◇★☆]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Characters that carry grammar rather than subject: bigrams holding one say nothing about topic.
_FUNCTION_CHARS = set("的了是在和与及也都就而为这那一不有个中上下之其以于从到对等被把将又并或者所着过们我你他她它")


@dataclass
class Story:
    title: str = ""
    """The headline; empty for an orphan fragment."""
    kicker: str = ""
    """The 引题 above the headline, e.g. `某某委员——`."""
    subtitle: str = ""
    """The 副题 below the headline."""
    text: str = ""
    """The body, normalised: one paragraph per line (subheadings kept as lines)."""
    byline: str = ""
    """Credits and datelines, e.g. `（本报记者 某某）`, joined by a space."""
    fragment: bool = False
    """True for a run of paragraphs continued from another page, with no headline of its own."""
    tags: list[str] = field(default_factory=list)
    """Column tags printed around the headline, e.g. `报道反馈`."""


@dataclass
class _Line:
    text: str
    kind: str  # "heading", "byline", "continued" (a 上接第X版 line) or "body"


@dataclass
class _Draft:
    """A story being assembled: its header fields and raw body lines."""
    story: Story
    body: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    closed: bool = False  # a trailing byline ended it


def ends_sentence(line: str) -> bool:
    """Final punctuation, or a closing quote/bracket right after it (`……。”`); a headline may end in ” alone."""
    return line[-1] in _FINAL or (len(line) > 1 and line[-1] in _CLOSING and line[-2] in _FINAL)


def _classify(line: str) -> _Line:
    if _CONTINUED_FROM.fullmatch(line):
        return _Line(line, "continued")
    if _BYLINE_LINE.fullmatch(line):
        return _Line(line, "byline")
    if len(line) <= HEADING_MAX_CHARS and not ends_sentence(line) or line.endswith(KICKER_DASH):
        return _Line(line, "heading")
    return _Line(line, "body")


def _bigrams(text: str) -> set[str]:
    pairs = set()
    for run in _CJK_RUN.findall(text):
        pairs.update(a + b for a, b in zip(run, run[1:]) if a not in _FUNCTION_CHARS and b not in _FUNCTION_CHARS)
    return pairs


def cohesion(text: str, story_text: str) -> float:
    """Share of `text`'s content bigrams found in `story_text` (0 when text has none)."""
    pairs = _bigrams(text)
    return len(pairs & _bigrams(story_text)) / len(pairs) if pairs else 0.0


def _headings_cohere(headings: list[str], story_text: str) -> bool:
    """Rule 6 for the short heading lines alone: a share, and at least MIN_SHARED_BIGRAMS of them
    (one shared bigram in a five-bigram headline is chance)."""
    pairs = _bigrams("\n".join(headings))
    shared = pairs & _bigrams(story_text)
    return len(shared) >= MIN_SHARED_BIGRAMS and len(shared) / len(pairs) >= COHESION_MIN


def _split_leading_byline(line: str) -> tuple[str, str]:
    """(byline, rest) for a paragraph that opens with a dateline and/or credit (rule 2)."""
    match = _LEADING_BYLINE.match(line)
    if not match or match.end() == len(line):
        return "", line
    return match.group(0).strip(), line[match.end():].strip()


def _blocks(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """The page as (header block, body run) pairs; the first header block may be empty."""
    blocks: list[tuple[list[_Line], list[_Line]]] = [([], [])]
    for line in lines:
        header, body = blocks[-1]
        if line.kind == "continued" or (line.kind == "body" and body and body[-1].kind == "byline"):
            blocks.append(([], [line]))  # text after a closing byline or a 上接 line: an orphan run (rule 7)
        elif line.kind == "body" or (line.kind == "byline" and body):
            body.append(line)
        elif body:
            blocks.append(([line], []))
        else:
            header.append(line)
    return blocks


def _opens_with_credit(body: list[_Line]) -> bool:
    return bool(body) and bool(_split_leading_byline(body[0].text)[0])


def _has_headline_cues(header: list[_Line]) -> bool:
    """Rule 5: a kicker, a headline with a bracketed column tag or a dash subtitle."""
    headings = [line.text for line in header if line.kind == "heading"]
    has_kicker = any(is_marked_kicker(h) for h in headings[:-1])
    has_column_tag = any(COLUMN_TAG.fullmatch(h) for h in headings)
    has_subtitle = any(h.startswith(KICKER_DASH) for h in headings[1:])
    return has_kicker or has_column_tag or has_subtitle


def _has_byline_cues(header: list[_Line], body: list[_Line]) -> bool:
    """Rule 5: a byline in the header, or a dateline/credit opening the text under it."""
    return any(line.kind == "byline" for line in header) or _opens_with_credit(body)


def _has_story_cues(header: list[_Line], body: list[_Line]) -> bool:
    return _has_headline_cues(header) or _has_byline_cues(header, body)


@dataclass
class _PageCues:
    """What the whole page shows, for judging one cue-less block."""
    any_cues: bool
    """Some header on the page has story cues, or some story a byline."""
    closed_ahead: list[bool]
    """Per block: its run or a later one ends in a closing byline, with no block with byline cues in
    between (rule 6)."""


def _page_cues(blocks: list[tuple[list[_Line], list[_Line]]]) -> _PageCues:
    cued = [bool(header) and _has_byline_cues(header, body) for header, body in blocks]
    closes = [bool(body) and body[-1].kind == "byline" for _, body in blocks]
    any_cues = any(bool(header) and _has_story_cues(header, body) for header, body in blocks) or any(
        line.kind == "byline" for _, body in blocks for line in body)
    closed_ahead = [False] * len(blocks)
    if sum(closes) >= 2:  # one closing byline is a story's habit, not the page's
        for i in reversed(range(len(blocks))):
            closed_ahead[i] = closes[i] or (i + 1 < len(blocks) and not cued[i + 1] and closed_ahead[i + 1])
    return _PageCues(any_cues, closed_ahead)


def _starts_story(header: list[_Line], body: list[_Line], current: _Draft | None, page: _PageCues,
                  closed_ahead: bool) -> bool:
    """Rule 5: story cues (a kicker-like block only outside a story still to be closed) and rule 6."""
    if current is None or current.closed:
        return True
    if not body:
        return False  # lines left at the end of the page stay with the story above
    if header[0].text.startswith(KICKER_DASH):
        return False  # a `——某某` line signs or attributes the text above
    if _has_byline_cues(header, body) or (page.any_cues and not current.story.title):
        return True
    if _has_headline_cues(header):
        # a kicker-like subheading (`各方承诺——`) in a story whose closing byline is still to come
        return not (closed_ahead and cohesion(_block_text(header, body), _draft_text(current)) >= COHESION_MIN)
    return _starts_cueless_story(header, body, current, closed_ahead)


def _starts_cueless_story(header: list[_Line], body: list[_Line], current: _Draft, closed_ahead: bool) -> bool:
    """Rule 6: a block without story cues is a subheading unless its words are foreign to the story above."""
    headings = [line.text for line in header if line.kind == "heading"]
    if _SECTION_NUMBER.match(headings[0]) or headings[0].endswith("：") or closed_ahead:
        return False  # a numbered section, a line introducing what follows, or a story still to be closed
    story_text = _draft_text(current)
    if _headings_cohere(headings, story_text):
        return False
    overlap = cohesion(_block_text(header, body), story_text)
    return overlap < SUBHEADING_MIN or (overlap < COHESION_MIN and cohesion(body[0].text, story_text) < COHESION_MIN)


def _block_text(header: list[_Line], body: list[_Line]) -> str:
    return "\n".join(line.text for line in [*header, *body] if line.kind in ("heading", "body"))


def _draft_text(draft: _Draft) -> str:
    story = draft.story
    return "\n".join([story.kicker, story.title, story.subtitle, *draft.body])[:100000]


def _new_draft(header: list[_Line]) -> _Draft:
    read = read_header([line.text for line in header if line.kind == "heading"])
    story = Story(title=read.title, kicker=read.kicker, subtitle=read.subtitle, tags=read.tags)
    return _Draft(story, read.opening_lines, [line.text for line in header if line.kind == "byline"])


def _add_body(draft: _Draft, body: list[_Line]) -> None:
    """Body lines and bylines of one run; a trailing byline closes the story."""
    for i, line in enumerate(body):
        if line.kind in ("byline", "continued"):
            draft.bylines.append(line.text)
            draft.closed = line.kind == "byline" and i == len(body) - 1
            continue
        byline, rest = _split_leading_byline(line.text) if not draft.body else ("", line.text)
        if byline:
            draft.bylines.append(byline)
        draft.body.append(rest)


def _assemble(blocks: list[tuple[list[_Line], list[_Line]]]) -> list[_Draft]:
    drafts: list[_Draft] = []
    page = _page_cues(blocks)
    for (header, body), closed_ahead in zip(blocks, page.closed_ahead):
        current = drafts[-1] if drafts else None
        if not header:
            orphan = _Draft(Story(fragment=True))  # rule 7: before the first header or after a closing byline
            _add_body(orphan, body)
            drafts.append(orphan)
        elif _starts_story(header, body, current, page, closed_ahead):
            drafts.append(_new_draft(header))
            _add_body(drafts[-1], body)
        else:
            _add_subheading(drafts, header, body)
    return [part for draft in drafts for part in _split_off_continuation(draft)]


def _add_subheading(drafts: list[_Draft], header: list[_Line], body: list[_Line]) -> None:
    """Rule 6/7: a subheading stays with the story above; the run under it too, unless it is foreign."""
    current = drafts[-1]
    current.body.extend(line.text for line in header)
    if not body:
        return
    cut_line = header[-1].text
    foreign = cohesion("\n".join(line.text for line in body), _draft_text(current)) < COHESION_MIN
    is_cut = _CLAUSE_MARK.search(cut_line) and not ends_sentence(cut_line)
    if not (foreign and is_cut and _opens_with_sentence_end(current.body)):
        _add_body(current, body)
    else:
        orphan = _Draft(Story(fragment=True))
        _add_body(orphan, body)
        drafts.append(orphan)


def opens_mid_sentence(paragraph: str) -> bool:
    """Rule 9: the paragraph starts in the middle of a sentence begun elsewhere (a line of marks
    alone, `……`, is a section break)."""
    return _MID_SENTENCE_OPENING.match(paragraph) is not None and _CJK_RUN.search(paragraph) is not None


def _split_off_continuation(draft: _Draft) -> list[_Draft]:
    """Rule 9: in a story not closed by a byline, a paragraph that opens mid-sentence right after a
    finished sentence, whose run to the story's end is foreign to the text above it, starts an orphan
    continuation from another page."""
    body = draft.body
    for i in range(1, len(body)):
        if ends_sentence(body[i - 1]) and opens_mid_sentence(body[i]) and not draft.closed and not draft.story.fragment:
            above = _Draft(draft.story, body[:i], draft.bylines)
            if cohesion("\n".join(body[i:]), _draft_text(above)) < COHESION_MIN:
                return [above, *_split_off_continuation(_Draft(Story(fragment=True), body[i:]))]
    return [draft]


def _opens_with_sentence_end(body: list[str]) -> bool:
    """Rules 7 and 8: the story's text opens with the short end of a sentence cut elsewhere."""
    return bool(body) and len(body[0]) <= SWAP_TAIL_MAX_CHARS and ends_sentence(body[0])


def _swap_columns(body: list[str]) -> list[str]:
    """Rule 8: a short sentence ending at the top completes the cut line at the bottom."""
    if len(body) < 3 or not _opens_with_sentence_end(body) or ends_sentence(body[-1]):
        return body
    moved = [body[-2], body[-1] + body[0]] if _classify(body[-2]).kind == "heading" else [body[-1] + body[0]]
    return moved + body[1:len(body) - len(moved)]


def _finish(draft: _Draft) -> Story:
    story = draft.story
    story.text = normalize_text("\n".join(_swap_columns(draft.body)))
    story.byline = " ".join(draft.bylines)
    return story


def split_page(text: str) -> list[Story]:
    """The stories of a raw page (or of a plain article: one story), in page order.

    Raises ValueError for a non-string or a page with no text."""
    if not isinstance(text, str):
        raise ValueError(f"expected the page as a string, got {type(text).__name__}")
    lines = [_classify(line) for line in _page_lines(text)]
    if not lines:
        raise ValueError("the page is empty")
    drafts = _assemble(_blocks(lines))
    if len(drafts) == 1:
        drafts[0].story.fragment = False  # a plain article is a story, not a continuation
    return [_finish(d) for d in drafts if d.body or d.story.title]


def _page_lines(text: str) -> list[str]:
    """Cleaned non-empty lines of a page, before any joining or dedup (those need story boundaries first)."""
    lines = (clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]
