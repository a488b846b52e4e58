#!/usr/bin/env python3
"""Opens a page in a real headless Chromium (Debian's chromium + chromium-driver, through selenium)
and prints what one named extraction finds there, as JSON. Used by TandemTesting's `Browser`.

Usage: browser.py URL EXTRACTION [ARGUMENTS.json]

Extractions (ARGUMENTS is a JSON object; what each needs is listed):
  text      the page's title and visible text (document.body.innerText).
  tables    every <table> with the nearest heading before it: [{"heading", "rows": [[cell text]]}];
            {"heading": "…"} keeps only the tables under a heading containing that text.
  elements  {"selector": "css"}: each match's text, tag and attributes ({"attributes": [names]}).
  script    {"expressions": {"name": "JS expression"}}: each expression's value (JSON-able).

Every answer is {"url", "title", "result", "console", "alerts"}: "console" holds the browser's log
lines (script errors, CSP violations), "alerts" the text of every alert/confirm the page opened
(they are dismissed). The browser never leaves this machine: no driver or browser is downloaded.
"""
import json
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("TANDEM_CHROMEDRIVER", "/usr/bin/chromedriver")


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-extensions", "--window-size=1400,1000"):
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")
    return webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))


def alerts(d, seen):
    while True:
        try:
            a = d.switch_to.alert
        except NoAlertPresentException:
            return
        seen.append(a.text)
        a.dismiss()


TABLES_JS = """
const out = [];
for (const table of document.querySelectorAll('table')) {
  let heading = '', node = table;
  while (node && !heading) {
    let p = node.previousElementSibling;
    while (p && !/^H[1-6]$/.test(p.tagName)) p = p.previousElementSibling;
    if (p) heading = p.innerText; else node = node.parentElement;
  }
  const rows = [...table.rows].map(r => [...r.cells].map(c => c.innerText));
  out.push({heading, rows});
}
return out;
"""


def extract(d, name, args):
    if name == "text":
        return {"text": d.find_element(By.TAG_NAME, "body").text}
    if name == "tables":
        tables = d.execute_script(TABLES_JS)
        if "heading" in args:
            tables = [t for t in tables if args["heading"] in t["heading"]]
        return tables
    if name == "elements":
        names = args.get("attributes", [])
        return [{"tag": e.tag_name, "text": e.text, "attributes": {n: e.get_attribute(n) for n in names}}
                for e in d.find_elements(By.CSS_SELECTOR, args["selector"])]
    if name == "script":
        return {k: d.execute_script("return (" + js + ");") for k, js in args["expressions"].items()}
    raise SystemExit(f"browser.py: unknown extraction {name!r}")


def main():
    url, name = sys.argv[1], sys.argv[2]
    args = json.loads(open(sys.argv[3]).read()) if len(sys.argv) > 3 else {}
    seen = []
    d = driver()
    try:
        d.get(url)
        alerts(d, seen)
        result = extract(d, name, args)
        alerts(d, seen)
        console = [f'{e.get("level")}: {e.get("message")}' for e in d.get_log("browser")]
        out = {"url": d.current_url, "title": d.title, "result": result, "console": console, "alerts": seen}
    finally:
        d.quit()
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
