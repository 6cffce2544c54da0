#!/usr/bin/env python3
"""Reads one day's export with DuckDB (PyPI duckdb), as a data tool would.

Usage: duckdb_read.py DAY.ndjson DAY.csv
Prints one JSON object {"ndjson": rows, "csv": rows}: each row the seven columns as text (null
for NULL), in file order. Every column is read as text, so numbers keep the digits in the file.
"""
import json
import sys

import duckdb

COLUMNS = ["id", "received_at", "raw_payload", "fused_event", "validation_error", "handler_result",
           "processing_time_ms"]


def main():
    ndjson, csv = sys.argv[1:3]
    con = duckdb.connect()
    as_text = "{" + ", ".join("'%s': 'VARCHAR'" % name for name in COLUMNS) + "}"
    select = ", ".join(COLUMNS)
    from_ndjson = con.execute(
        "SELECT %s FROM read_json(?, format='newline_delimited', columns=%s)" % (select, as_text), [ndjson]
    ).fetchall()
    from_csv = con.execute(
        "SELECT %s FROM read_csv(?, header=true, all_varchar=true, quote='\"', escape='\"', "
        "allow_quoted_nulls=false, strict_mode=true)" % select, [csv]
    ).fetchall()
    print(json.dumps({"ndjson": [list(r) for r in from_ndjson], "csv": [list(r) for r in from_csv]}))


if __name__ == "__main__":
    main()
