#!/usr/bin/env python3
"""Accessibility: axe-core (PyPI axe-selenium-python) on each page in headless Chromium.

Usage: axe_pages.py URL...
Prints one JSON object: {url: [{"id", "impact", "nodes": [html…]}…]} with every violation;
exits 0 when it ran (the caller judges the violations), non-zero when a page could not be checked.
Needs selenium, axe-selenium-python (PyPI) and chromium-driver (Debian).
"""
import json
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def settled(driver):
    """The search page has answered its query (other pages have no status to wait for)."""
    status = driver.find_elements(By.ID, "search-status")
    return not status or (status[0].text and not status[0].text.startswith("Loading"))


def main():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1600",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The suite runs browsers beside site builds on two cores: axe may take longer than 30 s.
    driver.set_script_timeout(180)
    found = {}
    try:
        for url in sys.argv[1:]:
            driver.get(url)
            WebDriverWait(driver, 120).until(settled)
            axe = Axe(driver)
            axe.inject()
            results = axe.run()
            found[url] = [
                {"id": v["id"], "impact": v.get("impact"), "nodes": [n["html"][:200] for n in v["nodes"][:3]]}
                for v in results["violations"]
            ]
    finally:
        driver.quit()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
