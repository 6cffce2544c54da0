#!/usr/bin/env python3
"""Scans files with Yelp's detect-secrets (PyPI), every plugin and the default filters.

Usage: secret_scan.py PATH...
Each PATH is a file or a folder (walked whole, dotfiles included, symlinks not followed). Files
holding HTML or XML entities are also scanned as text with the entities decoded (a secret
escaped as `&quot;password&quot;` is still a secret), under the name `PATH#decoded`.
Prints one JSON list of {"path", "line", "type", "hash"} (`hash` is detect-secrets' SHA-1 of
the secret it found).
"""
import html
import json
import os
import sys
import tempfile

from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings


def files(paths):
    for path in paths:
        if os.path.isfile(path) and not os.path.islink(path):
            yield path
            continue
        for folder, _, names in os.walk(path):
            for name in sorted(names):
                full = os.path.join(folder, name)
                if os.path.isfile(full) and not os.path.islink(full):
                    yield full


def main():
    findings = []
    with tempfile.TemporaryDirectory() as scratch, default_settings():
        collection = SecretsCollection()
        decoded_names = {}
        for index, path in enumerate(files(sys.argv[1:])):
            collection.scan_file(path)
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
            if "&" in text and ";" in text:
                copy = os.path.join(scratch, f"{index}.txt")
                with open(copy, "w", encoding="utf-8") as handle:
                    handle.write(html.unescape(text))
                decoded_names[copy] = path + "#decoded"
                collection.scan_file(copy)
        for filename, secret in collection:
            findings.append({
                "path": decoded_names.get(filename, filename),
                "line": secret.line_number,
                "type": secret.type,
                "hash": secret.secret_hash,
            })
    print(json.dumps(findings))


if __name__ == "__main__":
    main()
