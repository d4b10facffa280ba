"""Checks Qt rich-text fragments written for this program: allowed tags, balance, links."""

from __future__ import annotations

from html.parser import HTMLParser


class TagChecker(HTMLParser):
    """Collects problems (unknown or unbalanced tags, stray '<' or '>' in text) and hrefs."""

    def __init__(self, allowed: set[str] | None) -> None:
        super().__init__(convert_charrefs=False)
        self.allowed = allowed
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.hrefs: list[str] = []

    def _check(self, tag: str, shown: str) -> None:
        if self.allowed is not None and tag not in self.allowed:
            self.problems.append(f"tag {shown} not allowed")

    def handle_starttag(self, tag, attrs):
        self._check(tag, f"<{tag}>")
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))
        if tag != "br":
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, f"<{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if "<" in data or ">" in data:
            self.problems.append(f"raw angle bracket in text {data!r}")


def check_fragment(fragment: str, allowed: set[str] | None) -> TagChecker:
    """Parse ``fragment``; the returned checker's ``problems`` is empty when it is sound."""
    parser = TagChecker(allowed)
    parser.feed(fragment)
    parser.close()
    if parser.rawdata:
        parser.problems.append(f"unparsed rest {parser.rawdata!r}")
    if parser.stack:
        parser.problems.append(f"unclosed tags {parser.stack}")
    return parser
