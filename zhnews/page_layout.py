"""Raw page dumps laid out from clean articles, with the faults of a real dump, for testing and
measuring `split_page` (tests/test_page.py, bench/bench_page_split.py).

Each article is printed as kicker / headline / subtitle lines, then its first paragraphs (subheadings
included, but not ending on one: a story ends with a sentence) with one paragraph cut mid-sentence
across two lines and one paragraph printed twice; optionally a closing byline.
A run of paragraphs from another article (an orphan continuation) opens the page, and another
one follows the last story. On a real dump such a run continues a story from another page, so it
starts mid-sentence (the example page's `神体验等业态，…`): `continuation` cuts its first paragraph
at a random point.
"""

import random
from dataclasses import dataclass, field

from zhnews.page import ends_sentence
from zhnews.text import normalize_text

CLOSING_BYLINE = "（本报记者 王某某）"
MAX_PARAGRAPHS = 8
"""Paragraphs of each article printed on the page."""
_NO_CUT_AFTER = "，。、；：！？“”‘’（）《》"


@dataclass
class LaidOutPage:
    text: str
    """The raw page."""
    expected: list[dict] = field(default_factory=list)
    """Per story in page order: fragment, and title/kicker/subtitle/cut/doubled or the fragment's text."""
    roles: list[tuple[int, str]] = field(default_factory=list)
    """Per printed line (the page's non-blank lines): the index of its story in `expected` and its role:
    orphan, kicker, title, subtitle, paragraph (the first is `first`), cut_head, cut_tail, doubled, byline."""


def long_paragraphs(text: str, min_chars: int = 60) -> list[str]:
    return [p for p in text.split("\n") if len(p) >= min_chars]


def printed_paragraphs(article: dict) -> list[str]:
    """The article's first MAX_PARAGRAPHS paragraphs, without trailing lines that end no sentence
    (a subheading whose section did not fit)."""
    paragraphs = article["text"].split("\n")[:MAX_PARAGRAPHS]
    while len(paragraphs) > 1 and not ends_sentence(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def cut_paragraph(paragraph: str, min_first: int = 45) -> tuple[str, str]:
    """Two lines, the first stopping mid-sentence (long enough to read as a body line, not a heading)."""
    at = next(i for i in range(min_first, len(paragraph) - 5) if paragraph[i - 1] not in _NO_CUT_AFTER)
    return paragraph[:at], paragraph[at:]


def continuation(paragraphs: list[str], rng: random.Random) -> list[str]:
    """An orphan continuation: the paragraphs, the first of them starting mid-sentence (cut at a random
    character, not right after a punctuation mark, as a column break falls)."""
    first = paragraphs[0]
    cuts = [i for i in range(10, len(first) - 10) if first[i - 1] not in _NO_CUT_AFTER]
    return [first[rng.choice(cuts):] if cuts else first, *paragraphs[1:]]


def _article_lines(article: dict, rng: random.Random, closing_byline: bool) -> tuple[list[tuple[str, str]], dict]:
    """(line, role) pairs of one article, and what split_page should find."""
    paragraphs = printed_paragraphs(article)
    lines = [(article[role], role) for role in ("kicker", "title", "subtitle") if article[role]]
    long = [i for i, p in enumerate(paragraphs) if i > 0 and len(p) >= 60]  # the first may open with a credit
    cut_at, doubled_at = rng.sample(long, 2)
    for i, paragraph in enumerate(paragraphs):
        if i == cut_at:
            head, tail = cut_paragraph(paragraph)
            lines += [(head, "cut_head"), (tail, "cut_tail")]
        else:
            lines.append((paragraph, "first" if i == 0 else "paragraph"))
        if i == doubled_at:
            lines.append((paragraph, "doubled"))
    if closing_byline:
        lines.append((CLOSING_BYLINE, "byline"))
    expected = {"fragment": False, "title": article["title"], "kicker": article["kicker"],
                "subtitle": article["subtitle"], "cut": normalize_text(paragraphs[cut_at]),
                "doubled": normalize_text(paragraphs[doubled_at])}
    return lines, expected


def lay_out_page(articles: list[dict], orphans: list[list[str]], rng: random.Random,
                 closing_byline: bool = True) -> LaidOutPage:
    """orphans[0] opens the page, orphans[1] follows the last story. Articles need 3+ long paragraphs."""
    page = LaidOutPage("", [{"fragment": True, "text": normalize_text("\n".join(orphans[0]))}])
    lines = list(orphans[0])
    page.roles = [(0, "orphan")] * len(orphans[0])
    for article in articles:
        article_lines, expected = _article_lines(article, rng, closing_byline)
        page.roles += [(len(page.expected), role) for _, role in article_lines]
        lines += [line for line, _ in article_lines]
        page.expected.append(expected)
    page.roles += [(len(page.expected), "orphan")] * len(orphans[1])
    lines += orphans[1]
    page.expected.append({"fragment": True, "text": normalize_text("\n".join(orphans[1]))})
    page.text = "\n\n".join(lines)
    return page


def usable_article(article: dict) -> bool:
    """Two long paragraphs to cut and double (after the first, among those printed); headers short
    enough to be printed as headlines."""
    return (len(long_paragraphs("\n".join(printed_paragraphs(article)[1:]))) >= 2 and len(article["title"]) <= 40
            and len(article["subtitle"]) <= 40 and not article["kicker"].endswith("："))
