#!/usr/bin/env python3
"""Finds text from the data that could reorder the text around it: every HTML page's text
nodes (and `title`, `alt`, `aria-label` and `placeholder` attributes) holding a bidirectional
control character or a right-to-left letter must be isolated: inside a `bdi` element or an
element with a `dir` attribute, or wrapped whole in U+2068 FIRST STRONG ISOLATE … U+2069 POP
DIRECTIONAL ISOLATE (where markup cannot go: `<title>`, SVG text, attributes). `pre` and
`code` blocks count as isolated only with a `dir` attribute.

Usage: bidi_check.py SITE_FOLDER
Prints a JSON list of {"page", "where", "text"} for every text that is not isolated.
"""
import html.parser
import json
import os
import re
import sys
import unicodedata

CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def needs_isolation(text):
    return any(ch in CONTROLS or unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def wrapped(text):
    """Every run of risky text sits between FSI and its PDI."""
    depth = 0
    for ch in text:
        if ch == "\u2068":
            depth += 1
        elif ch == "\u2069":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in CONTROLS or unicodedata.bidirectional(ch) in ("R", "AL")):
            return False
    return True


class Page(html.parser.HTMLParser):
    def __init__(self, name, problems):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.problems = problems
        self.stack = []

    def isolated(self):
        return any(tag == "bdi" or "dir" in attrs for tag, attrs in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("title", "alt", "aria-label", "placeholder"):
            value = attrs.get(key)
            if value and needs_isolation(value) and not wrapped(value):
                self.problems.append({"page": self.name, "where": f"<{tag} {key}>", "text": value[:120]})
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not needs_isolation(data) or self.isolated() or wrapped(data):
            return
        where = "/".join(tag for tag, _ in self.stack[-3:])
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        self.problems.append({"page": self.name, "where": where, "text": data.strip()[:120]})


def main():
    root = sys.argv[1]
    problems = []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    page = Page(os.path.relpath(path, root), problems)
                    page.feed(handle.read())
    print(json.dumps(problems, ensure_ascii=False))


if __name__ == "__main__":
    main()
