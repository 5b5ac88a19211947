"""The article text of an HTML page saved from a browser.

Only what a reader reads as the article: the text inside <article> if the page
has one, else inside <main>, else the whole <body>; never scripts, styles,
navigation, headers, footers, asides or forms. Each block element (paragraph,
heading, list item, line break ...) becomes one line, since the sentence
splitter takes a line break as a paragraph end; whitespace inside a line is
collapsed to single spaces, and character references are decoded.

The evidence offsets of an HTML document point into this extracted text (the
document's text), not into the markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never article text.
_SKIPPED = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "nav", "header", "footer", "aside", "form", "button", "select", "textarea", "menu", "dialog",
})
# Elements that start and end a line of text.
_BLOCKS = frozenset({
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
    "td", "th", "tr", "ul", "body", "html", "caption", "summary", "details",
    "nav", "header", "footer", "aside", "form", "menu", "dialog",
})
_SPACE = re.compile(r"\s")
# Containers that hold the main text, most specific first.
_MAIN = ("article", "main")


class _TextCollector(HTMLParser):
    """Collects text runs and line breaks, noting for each run the main containers it is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.open_main = {name: 0 for name in _MAIN}
        # (text or "\n", names of the main containers open around it)
        self.runs: list[tuple[str, frozenset[str]]] = []

    def _inside(self) -> frozenset[str]:
        return frozenset(name for name, depth in self.open_main.items() if depth)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.runs.append(("\n", self._inside()))
        if tag in _SKIPPED:
            self.skip_depth += 1
        if tag in self.open_main:
            self.open_main[tag] += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:  # <br/>, <hr/>
            self.runs.append(("\n", self._inside()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        if tag in _BLOCKS:
            self.runs.append(("\n", self._inside()))
        if tag in self.open_main and self.open_main[tag]:
            self.open_main[tag] -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            # A line break in the source is only a space; lines come from block elements.
            self.runs.append((_SPACE.sub(" ", data), self._inside()))


def html_main_text(markup: str) -> str:
    """The article text of an HTML page: one line per block, no markup."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    runs = collector.runs
    for container in _MAIN:
        inside = [text for text, where in runs if container in where]
        if "".join(inside).strip():
            return _lines(inside)
    return _lines([text for text, _ in runs])


def _lines(runs: list[str]) -> str:
    """Join text runs into trimmed, non-blank lines with single spaces inside each."""
    lines = ("".join(runs)).split("\n")
    cleaned = (" ".join(line.split()) for line in lines)
    return "\n".join(line for line in cleaned if line)


def looks_like_html(name: str) -> bool:
    """Whether a file is read as an HTML page, by its name."""
    return name.lower().endswith((".html", ".htm"))
