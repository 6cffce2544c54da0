#!/usr/bin/env python3
"""Bytes a browser transfers to answer search queries on a served site (Benchmarks/search.sh).

Usage: search_bytes.py BASE_URL ACCESS_LOG KIND QUERY...
KIND is "ours" (opens BASE_URL/search.html?QUERY and waits for the answer) or "pagefind" (opens
BASE_URL/pagefind-bench.html?q=QUERY, which runs Pagefind's search and loads the first 50
results' data). For each query, in a fresh browser (nothing cached), sums the bytes the server
sent (compressed as served; nginx's `$body_bytes_sent` in ACCESS_LOG, lines "URI BYTES") for every
request under /search/ or /pagefind/: the server sees every fetch, including those Pagefind makes
from its worker. Prints one JSON object {query: {"bytes": N, "files": N, "results": text}}.
"""
import json
import sys
import time
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def transferred(log, folder):
    time.sleep(0.3)  # nginx writes a request's line when the request ends
    total = files = 0
    with open(log) as lines:
        for line in lines:
            uri, _, sent = line.rstrip("\n").rpartition(" ")
            if uri.startswith(folder):
                total += int(sent)
                files += 1
    return total, files


def main():
    base, log, kind, queries = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4:]
    out = {}
    for query in queries:
        open(log, "w").close()
        driver = browser()
        try:
            if kind == "ours":
                driver.get(base + "/search.html?" + query)
                WebDriverWait(driver, 120).until(
                    lambda d: (d.find_element(By.ID, "search-status").text or "Loading").split()[0] not in ("Loading",)
                    and not d.find_element(By.ID, "search-status").text.startswith("Searching"))
                result = driver.find_element(By.ID, "search-status").text
                folder = "/search/"
            else:
                driver.get(base + "/pagefind-bench.html?q=" + quote(query))
                WebDriverWait(driver, 300).until(lambda d: d.title.startswith("done"))
                result = driver.title
                folder = "/pagefind/"
            total, files = transferred(log, folder)
            out[query] = {"bytes": total, "files": files, "results": result}
        finally:
            driver.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
