#!/usr/bin/env python3
"""Prints Benchmarks/search.sh's tables from its results (one JSON object per line)."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by = lambda kind: {r["size"]: r for r in rows if r["kind"] == kind}
full, inc, queries, pf = by("full"), by("incremental"), by("queries"), by("pagefind")
kb = lambda b: f"{b / 1024:,.1f} KB"
mb = lambda b: f"{b / 1048576:,.1f} MB"

print("\n## Our index in the full and incremental build\n")
print("| rows | full build | search index time (share) | peak RSS | index size | incremental build after 1,000 rows | index files rewritten |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for size in sorted(full):
    f = full[size]
    share = f["search_ms"] / max(1, f["ms"] - f["search_ms"]) * 100
    i = inc.get(size)
    inc_text = f"{i['ms'] / 1000:.2f} s ({i['mode']}; search {i['search_ms']} ms)" if i else "—"
    rewrite = f"{i['search_files']} files, {kb(i['search_bytes'])}" if i else "—"
    print(f"| {size:,} | {f['ms'] / 1000:.1f} s | {f['search_ms'] / 1000:.2f} s (+{share:.1f} %) | "
          f"{f['rss_kb'] / 1024:.0f} MB | {mb(f['index_bytes'])} | {inc_text} | {rewrite} |")

print("\n## Bytes transferred per query (gzip as served by nginx, nothing cached)\n")
print("| rows | trade id (5) max | trade prefix (5) max | part of a trade id (5) max | filters + ≤31-day range (10) median / max | results of the id queries |")
print("|---:|---:|---:|---:|---:|---|")
for size in sorted(queries):
    q = list(queries[size]["queries"].items())
    ids, prefixes, parts, facets = q[:5], q[5:10], q[10:15], q[15:]
    b = lambda items: [v["bytes"] for _, v in items]
    print(f"| {size:,} | {kb(max(b(ids)))} | {kb(max(b(prefixes)))} | {kb(max(b(parts)))} | {kb(statistics.median(b(facets)))} / "
          f"{kb(max(b(facets)))} | {'; '.join(v['results'] for _, v in ids[:2])} |")
    for name, v in q:
        print(f"|  | `{name[:70]}` | {kb(v['bytes'])} | {v['files']} files | {v['results']} |")

print("\n## Pagefind on the same HTML site\n")
print("| rows | Pagefind time | Pagefind peak RSS | Pagefind index | our index time | our whole build's peak RSS | faster | less memory |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for size in sorted(pf):
    p, f = pf[size], full.get(size)
    status = "" if p["status"] == 0 else f" (exit {p['status']})"
    ours_s = f["search_ms"] / 1000 if f else float("nan")
    print(f"| {size:,} | {p['s']:.1f} s{status} | {p['rss_kb'] / 1024:.0f} MB | {mb(p['index_bytes'])} | {ours_s:.2f} s | "
          f"{f['rss_kb'] / 1024:.0f} MB | {p['s'] / max(ours_s, 0.001):.0f}x | {p['rss_kb'] / f['rss_kb']:.1f}x |")
print("\n## Free-text queries both answer: bytes transferred\n")
print("| rows | query | ours | Pagefind | ours / Pagefind |")
print("|---:|---|---:|---:|---:|")
for size in sorted(pf):
    p = pf[size]
    ours = list(p["ours"].values())
    for (name, theirs), mine in zip(p["queries"].items(), ours):
        print(f"| {size:,} | `{name}` | {kb(mine['bytes'])} ({mine['results']}) | {kb(theirs['bytes'])} ({theirs['results']}) | "
              f"{mine['bytes'] / max(1, theirs['bytes']):.2f} |")
