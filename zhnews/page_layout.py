"""Raw page dumps laid out from clean articles, with the faults of a real dump, for testing and
measuring `split_page` (tests/test_page.py, bench/bench_page_split.py).

Each article is printed as kicker / headline / subtitle lines, then its first paragraphs (subheadings
included) with one paragraph
cut mid-sentence across two lines and one paragraph printed twice; optionally a closing byline.
A run of paragraphs from another article (an orphan continuation) opens the page, and another
one follows the last story.
"""

import random
from dataclasses import dataclass, field

from zhnews.text import normalize_text

CLOSING_BYLINE = "（本报记者 王某某）"
_NO_CUT_AFTER = "，。、；：！？“”‘’（）《》"


@dataclass
class LaidOutPage:
    text: str
    """The raw page."""
    expected: list[dict] = field(default_factory=list)
    """Per story in page order: fragment, and title/kicker/subtitle/cut/doubled or the fragment's text."""


def long_paragraphs(text: str, min_chars: int = 60) -> list[str]:
    return [p for p in text.split("\n") if len(p) >= min_chars]


def cut_paragraph(paragraph: str, min_first: int = 45) -> tuple[str, str]:
    """Two lines, the first stopping mid-sentence (long enough to read as a body line, not a heading)."""
    at = next(i for i in range(min_first, len(paragraph) - 5) if paragraph[i - 1] not in _NO_CUT_AFTER)
    return paragraph[:at], paragraph[at:]


def _article_lines(article: dict, rng: random.Random, closing_byline: bool,
                   max_paragraphs: int = 8) -> tuple[list[str], dict]:
    paragraphs = article["text"].split("\n")[:max_paragraphs]  # subheadings included
    lines = [h for h in (article["kicker"], article["title"], article["subtitle"]) if h]
    long = [i for i, p in enumerate(paragraphs) if i > 0 and len(p) >= 60]  # the first may open with a credit
    cut_at, doubled_at = rng.sample(long, 2)
    for i, paragraph in enumerate(paragraphs):
        lines += list(cut_paragraph(paragraph)) if i == cut_at else [paragraph]
        if i == doubled_at:
            lines.append(paragraph)
    if closing_byline:
        lines.append(CLOSING_BYLINE)
    expected = {"fragment": False, "title": article["title"], "kicker": article["kicker"],
                "subtitle": article["subtitle"], "cut": normalize_text(paragraphs[cut_at]),
                "doubled": normalize_text(paragraphs[doubled_at])}
    return lines, expected


def lay_out_page(articles: list[dict], orphans: list[list[str]], rng: random.Random,
                 closing_byline: bool = True) -> LaidOutPage:
    """orphans[0] opens the page, orphans[1] follows the last story. Articles need 3+ long paragraphs."""
    page = LaidOutPage("", [{"fragment": True, "text": normalize_text("\n".join(orphans[0]))}])
    lines = list(orphans[0])
    for article in articles:
        article_lines, expected = _article_lines(article, rng, closing_byline)
        lines += article_lines
        page.expected.append(expected)
    lines += orphans[1]
    page.expected.append({"fragment": True, "text": normalize_text("\n".join(orphans[1]))})
    page.text = "\n\n".join(lines)
    return page


def usable_article(article: dict) -> bool:
    """Two long paragraphs to cut and double (after the first, among the first 8); headers short enough
    to be printed as headlines."""
    return (len(long_paragraphs("\n".join(article["text"].split("\n")[1:8]))) >= 2 and len(article["title"]) <= 40
            and len(article["subtitle"]) <= 40 and not article["kicker"].endswith("："))
