#!/usr/bin/env python3
"""The static search page in a real headless Chromium (Selenium).

Usage: search_page.py BASE_URL SCENARIO [ARG…]
BASE_URL is the site's folder as a file:// URL or an http:// URL. Prints one JSON object with
what the page showed: {"url", "status", "caption", "rows": [[cell…]…], "options": {select: [text…]},
"links": [href…]}; scenarios drive the page like a user:
  query QUERYSTRING        open search.html?QUERYSTRING
  type TEXT                open search.html, type TEXT in the box, press Enter
  narrow TEXT NAME VALUE   type TEXT, submit, then choose VALUE in select NAME and submit
  back QS1 QS2             open QS1, then QS2, then go Back: the state after Back
  edit QS1 TEXT EVENT      open QS1, type TEXT in the box and choose EVENT, submit, then go Back
                           and Forward: {"back": state, "forward": state}
Every state has "controls": the value each filter control shows.
With SEARCH_USER and SEARCH_PASSWORD set, it logs in first (the companion server's guard).
"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait


def settled(driver):
    status = driver.find_element(By.ID, "search-status").text
    return status and not status.startswith("Loading")


def state(driver):
    WebDriverWait(driver, 120).until(settled)
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "#results-body tr")]
    options = {name: [o.text for o in driver.find_element(By.ID, name).find_elements(By.TAG_NAME, "option")]
               for name in ("event", "source", "error", "group", "msmin", "msmax")}
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results-body a")]
    return {"url": driver.current_url, "status": driver.find_element(By.ID, "search-status").text,
            "caption": driver.find_element(By.ID, "results-caption").text, "rows": rows,
            "options": options, "links": links,
            "controls": {name: driver.find_element(By.ID, name).get_attribute("value")
                         for name in ("q", "event", "source", "error", "group", "from", "to", "msmin", "msmax")},
            "title": driver.title}


def main():
    base, scenario, args = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:]
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1600"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(180)  # a loaded suite: see axe_pages.py
    try:
        if os.environ.get("SEARCH_USER"):
            driver.get(base + "/search.html")
            WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.ID, "user"))
            driver.find_element(By.ID, "user").send_keys(os.environ["SEARCH_USER"])
            driver.find_element(By.ID, "password").send_keys(os.environ["SEARCH_PASSWORD"])
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            WebDriverWait(driver, 120).until(lambda d: not d.find_elements(By.ID, "password"))
        if scenario == "query":
            driver.get(base + "/search.html?" + args[0])
            if "/telemetry/" in driver.current_url:
                print(json.dumps({"url": driver.current_url, "title": driver.title}))
                return
        elif scenario in ("type", "narrow"):
            driver.get(base + "/search.html")
            WebDriverWait(driver, 120).until(settled)
            box = driver.find_element(By.ID, "q")
            box.send_keys(args[0])
            box.send_keys(Keys.ENTER)
            WebDriverWait(driver, 120).until(lambda d: "q=" in d.current_url or "/telemetry/" in d.current_url)
            if scenario == "narrow":
                WebDriverWait(driver, 120).until(settled)
                Select(driver.find_element(By.ID, args[1])).select_by_value(args[2])
                driver.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
                WebDriverWait(driver, 120).until(lambda d: ("%s=%s" % (args[1], args[2])) in d.current_url)
        elif scenario == "back":
            driver.get(base + "/search.html?" + args[0])
            WebDriverWait(driver, 120).until(settled)
            driver.get(base + "/search.html?" + args[1])
            WebDriverWait(driver, 120).until(settled)
            driver.back()
            WebDriverWait(driver, 120).until(lambda d: d.current_url.endswith("?" + args[0]))
        elif scenario == "edit":
            driver.get(base + "/search.html?" + args[0])
            WebDriverWait(driver, 120).until(settled)
            box = driver.find_element(By.ID, "q")
            box.clear()
            box.send_keys(args[1])
            Select(driver.find_element(By.ID, "event")).select_by_value(args[2])
            driver.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
            WebDriverWait(driver, 120).until(lambda d: not d.current_url.endswith("?" + args[0]))
            WebDriverWait(driver, 120).until(settled)
            driver.back()
            WebDriverWait(driver, 120).until(lambda d: d.current_url.endswith("?" + args[0]))
            back = state(driver)
            driver.forward()
            WebDriverWait(driver, 120).until(lambda d: not d.current_url.endswith("?" + args[0]))
            print(json.dumps({"back": back, "forward": state(driver)}))
            return
        if scenario == "type" and "/telemetry/" in driver.current_url:
            print(json.dumps({"url": driver.current_url, "title": driver.title}))
            return
        print(json.dumps(state(driver)))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
