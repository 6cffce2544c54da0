#!/usr/bin/env python3
"""Parses Atom feeds with feedparser (PyPI), as a feed reader would.

Usage: feed_check.py FEED...
Prints one JSON object {path: {"bozo": bool, "error": text, "version": text, "title": text,
"entries": [{"id", "title", "link", "updated"}…]}}.
"""
import json
import sys

import feedparser


def main():
    out = {}
    for path in sys.argv[1:]:
        parsed = feedparser.parse(path)
        out[path] = {
            "bozo": bool(parsed.bozo),
            "error": str(parsed.get("bozo_exception", "")),
            "version": parsed.version,
            "title": parsed.feed.get("title", ""),
            "entries": [
                {"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "updated": e.get("updated")}
                for e in parsed.entries
            ],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
