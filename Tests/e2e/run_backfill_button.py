#!/usr/bin/env python3
"""End-to-end: a real headless Chromium logs in, clicks "Run backfill" and sees the new rows.

Usage: run_backfill_button.py BASE_URL USER PASSWORD SCREENSHOT_DIR
Prints one JSON line: {"before": N, "after": M, "status": "..."}; exits non-zero on failure,
also when the browser's console shows an error (a missing file, a refused resource).
Needs selenium (PyPI) and chromium-driver (Debian).
"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def backfilled(driver):
    for card in driver.find_elements(By.CSS_SELECTOR, ".numbers dl"):
        if card.find_element(By.TAG_NAME, "dt").text == "Backfilled":
            return int(card.find_element(By.TAG_NAME, "dd").text.replace(",", ""))
    raise AssertionError("no Backfilled number on the index")


def finished_status(driver):
    """The backfill status once it says how the run ended, else False (keep waiting)."""
    text = driver.find_element(By.ID, "backfill-status").text
    return text if "Scanned" in text or "failed" in text else False


def safely(check):
    """A check that tolerates the page being replaced while it runs (the reload)."""
    try:
        return check()
    except Exception:
        return False


def main():
    base, user, password, shots = sys.argv[1:5]
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1600"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(180)  # a loaded suite: see axe_pages.py
    wait = WebDriverWait(driver, 120)
    try:
        driver.get(base + "/index.html")
        wait.until(EC.presence_of_element_located((By.ID, "user")))
        assert driver.current_url.endswith("/login"), driver.current_url
        driver.find_element(By.ID, "user").send_keys(user)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        button = wait.until(EC.visibility_of_element_located((By.ID, "run-backfill")))
        before = backfilled(driver)
        driver.save_screenshot(os.path.join(shots, "served-index.png"))
        button.click()
        assert button.get_attribute("disabled") is not None or "Scanned" in driver.find_element(By.ID, "backfill-status").text
        # The status is read in the wait that sees it: the page reloads 1.2 s after showing it, and
        # on a loaded machine a second look can find the old element gone.
        status = wait.until(lambda d: safely(lambda: finished_status(d)))
        assert status.startswith("Scanned"), status
        driver.save_screenshot(os.path.join(shots, "served-after-click.png"))
        # The page reloads itself; wait for the new number.
        wait.until(lambda d: safely(lambda: backfilled(d) > before))
        after = backfilled(driver)
        # Nothing the pages ask for is missing or refused (a favicon, an asset, the CSP).
        problems = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert not problems, problems
        print(json.dumps({"before": before, "after": after, "status": status}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
