#!/usr/bin/env python3
"""The charts in headless Chromium, as a reader uses them.

Usage: chart_check.py INDEX_URL [NARROW_URL...]
On INDEX_URL at 1,400 px: per chart, the smallest rendered axis text (CSS px), the y tick count,
whether x labels overlap, the tab stops, and whether the axis font is the page's; the keyboard
(focus, arrow keys, Escape) and hover tooltips; then it clicks the tallest bar of the events chart
and the newest point of the error-rate chart and reads what search.html answers. Then each
NARROW_URL at 375 px: how wide the page scrolls. Then axe-core on the index in the dark colour
scheme. Prints one JSON object; exits non-zero only when it could not run.
Needs selenium, axe-selenium-python (PyPI) and chromium-driver (Debian).
"""
import json
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

MEASURE = """
return Array.from(document.querySelectorAll('figure.chart')).map(function (figure) {
  var svg = figure.querySelector('svg');
  var texts = Array.from(svg.querySelectorAll('text'));
  var sizes = texts.map(function (t) { return parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a; });
  var xs = Array.from(svg.querySelectorAll('text.x')).map(function (t) { return t.getBoundingClientRect(); });
  var overlap = xs.some(function (r, i) { return i > 0 && r.left < xs[i - 1].right; });
  return {
    id: figure.id, min_font_px: Math.min.apply(null, sizes), y_ticks: svg.querySelectorAll('text.y').length,
    x_labels: xs.length, x_overlap: overlap,
    tab_stops: svg.querySelectorAll('.mark[tabindex="0"]').length, marks: svg.querySelectorAll('.mark').length,
    same_font: getComputedStyle(texts[0]).fontFamily === getComputedStyle(document.body).fontFamily,
    figcaption_font: getComputedStyle(figure.querySelector('figcaption')).fontFamily === getComputedStyle(document.body).fontFamily
  };
});
"""


def driver_for(width):
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=%d,1000" % width,
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(180)  # a loaded suite: see axe_pages.py
    return driver


def tip(driver, chart):
    return driver.execute_script(
        "var t = document.querySelector('#' + arguments[0] + ' .tip');"
        "return t && !t.hidden ? t.textContent : null;", chart)


def keyboard(driver):
    """Focus the first mark of the events chart, move right twice and back once, then Escape."""
    marks = driver.find_elements(By.CSS_SELECTOR, "#chart-events .mark")
    driver.execute_script("arguments[0].focus();", marks[0])
    actions = ActionChains(driver)
    actions.send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ARROW_LEFT).perform()
    active = driver.switch_to.active_element
    result = {
        "focused_index": marks.index(active) if active in marks else -1,
        "tab_stops_after": len(driver.find_elements(By.CSS_SELECTOR, '#chart-events .mark[tabindex="0"]')),
        "tip": tip(driver, "chart-events"), "label": active.get_attribute("aria-label"),
    }
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    result["tip_after_escape"] = tip(driver, "chart-events")
    points = driver.find_elements(By.CSS_SELECTOR, "#chart-latency .mark")
    ActionChains(driver).move_to_element(points[-1]).perform()
    result["hover_tip"] = tip(driver, "chart-latency")
    result["hover_label"] = points[-1].get_attribute("aria-label")
    return result


def settled(driver):
    status = driver.find_elements(By.ID, "search-status")
    return status and status[0].text and not status[0].text.startswith("Loading")


def drill(driver, index_url, selector, pick):
    """Clicks the chosen mark; what it said and what the search answered."""
    driver.get(index_url)
    marks = driver.find_elements(By.CSS_SELECTOR, selector)
    mark = pick(marks)
    label = mark.get_attribute("aria-label")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", mark)
    ActionChains(driver).move_to_element(mark).click().perform()
    WebDriverWait(driver, 120).until(settled)
    return {"label": label, "url": driver.current_url, "status": driver.find_element(By.ID, "search-status").text}


def main():
    index_url, narrow = sys.argv[1], sys.argv[2:]
    out = {}
    driver = driver_for(1400)
    try:
        driver.get(index_url)
        out["charts"] = driver.execute_script(MEASURE)
        out["keyboard"] = keyboard(driver)

        def tallest(marks):
            def value(mark):
                return int(mark.get_attribute("aria-label").rsplit(": ", 1)[1].split(" ")[0].replace(",", ""))
            with_type = [m for m in marks if "(none)" not in m.get_attribute("aria-label")]
            return max(with_type, key=value)
        out["events_click"] = drill(driver, index_url, "#chart-events .mark", tallest)
        out["errors_click"] = drill(driver, index_url, "#chart-errors .mark", lambda marks: marks[-1])
        out["latency_click"] = drill(driver, index_url, "#chart-latency-types .mark", tallest)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        driver.get(index_url)
        axe = Axe(driver)
        axe.inject()
        out["dark_background"] = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        out["dark_axe"] = [{"id": v["id"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
                           for v in axe.run()["violations"]]
        # On paper: no navigation, the charts and tables whole, black on white.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
        out["print"] = driver.execute_script("""
          var shown = function (selector) {
            var element = document.querySelector(selector);
            return !!element && getComputedStyle(element).display !== 'none';
          };
          return {nav: shown('header.top'), charts: document.querySelectorAll('figure.chart svg').length,
                  charts_shown: shown('figure.chart svg'), table: shown('table.rows'),
                  columns: getComputedStyle(document.querySelector('.charts')).gridTemplateColumns.split(' ').length,
                  background: getComputedStyle(document.body).backgroundColor};
        """)
    finally:
        driver.quit()
    driver = driver_for(800)
    try:
        # A phone's viewport: 375 CSS px wide (a desktop window cannot be made that narrow).
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
        out["narrow"] = {}
        for url in narrow:
            driver.get(url)
            out["narrow"][url] = driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            # The smallest chart text as drawn (font size times the SVG's scale), -1 without charts.
            out["narrow_font"] = out.get("narrow_font", {})
            out["narrow_font"][url] = driver.execute_script("""
              var sizes = Array.prototype.map.call(document.querySelectorAll('figure.chart .plot svg text'),
                function (t) { return parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a; });
              return sizes.length ? Math.min.apply(null, sizes) : -1;
            """)
    finally:
        driver.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
