#!/usr/bin/env python3
"""The review page in a real browser (headless Chromium through chromedriver), keyboard only.

Scans fixture images into a journal, starts `receipts review`, corrects a total with Tab, typing
and Enter, marks a receipt as no receipt and undoes it, and checks that text a receipt or a file
name holds stays text. Then reads the journal back through `receipts export`.

Usage: review_browser_test.py RECEIPTS_BINARY [--screenshot FILE]
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVIL_NAME = '"><img src=x onerror="window.__xss=2">.jpg'
EVIL_MERCHANT = "<script>window.__xss=1</script>"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def api(base, token, path, method="GET", body=None):
    request = urllib.request.Request(base + path, method=method, data=body and json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    binary = os.path.abspath(sys.argv[1])
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    work = tempfile.mkdtemp(prefix="receipts-browser-")
    server = driver = None
    try:
        photos = os.path.join(work, "photos")
        os.mkdir(photos)
        for name in ["us-grocery-clean.png", "de-supermarkt-clean.png", "my-gst-cafe-clean.png"]:
            shutil.copy(os.path.join(ROOT, "Fixtures/images", name), photos)
        shutil.copy(os.path.join(ROOT, "Fixtures/images/us-grocery-web.jpg"), os.path.join(photos, EVIL_NAME))
        journal = os.path.join(work, "receipts.csv.journal")
        # Scanned from its folder, as a user would: the journal's paths are relative to it, and the
        # server (started elsewhere) finds the images beside the journal.
        scan = subprocess.run([binary, "scan", "photos", "-o", "receipts.csv"], cwd=work, capture_output=True, text=True)
        check(scan.returncode == 0, "scan failed: " + scan.stderr)

        server = subprocess.Popen([binary, "review", "--journal", journal, "--reviewer", "browser-test"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = server.stdout.readline().strip()
        check(url.startswith("http://127.0.0.1:") and "?token=" in url, "first line is not the URL: " + url)
        base, token = url.split("/?token=")
        queue = api(base, token, "/api/queue")
        check(len(queue) == 4, "queue holds %d entries" % len(queue))
        # Text a receipt holds, as a person (or OCR) might have put it in.
        api(base, token, "/api/receipts/" + queue[-1]["sha256"], "PATCH", {"merchant": EVIL_MERCHANT})
        queue = api(base, token, "/api/queue")
        first, second = queue[0], queue[1]

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        # The page redraws its lists: an element found a moment ago may be gone; look again.
        wait = WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException])
        driver.get(url)
        wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "field-merchant")
        wait.until(lambda d: d.execute_script("const i = document.getElementById('image'); return !!i && i.complete && i.naturalWidth > 0"))

        # Everything a receipt or a file name holds is text: no script ran, no element was made of it.
        names = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#queue li .file")]
        check(any(EVIL_NAME in n for n in names), "the file name is not shown as text: %r" % names)
        check(driver.execute_script("return window.__xss === undefined"), "text from the journal ran as script")
        check(not driver.find_elements(By.CSS_SELECTOR, "img[src='x']"), "a file name became an element")

        # Keyboard only: Tab to the total, replace it, Enter accepts and moves on.
        keys = ActionChains(driver)
        keys.send_keys(Keys.TAB).send_keys(Keys.TAB).perform()
        check(driver.switch_to.active_element.get_attribute("id") == "field-total", "two Tabs do not reach the total")
        # The total's line is marked on the image and in the OCR text.
        wait.until(lambda d: d.execute_script("return getComputedStyle(document.getElementById('mark')).display") == "block")
        check(first["total"] in driver.find_element(By.CSS_SELECTOR, "#ocr .hit").text, "the OCR text does not mark the total's line")
        if screenshot:
            driver.save_screenshot(screenshot)
        ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("99.99").send_keys(Keys.ENTER).perform()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#queue li.current .file").text == second["file"])
        wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "field-merchant")
        corrected = api(base, token, "/api/receipts/" + first["sha256"])
        check(corrected["total"] == "99.99" and corrected["review"]["status"] == "reviewed", "the total was not saved: %r" % corrected)
        check(corrected["review"]["reviewer"] == "browser-test", "the reviewer was not recorded")

        # A bad amount is refused with the reason, and nothing moves on.
        ActionChains(driver).send_keys(Keys.TAB).send_keys(Keys.TAB).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL) \
            .send_keys("twelve").send_keys(Keys.ENTER).perform()
        wait.until(lambda d: "not an amount" in d.find_element(By.ID, "message").text)
        check(api(base, token, "/api/receipts/" + second["sha256"])["review"] is None, "a refused value was saved")
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()

        # Alt+X: not a receipt, and on to the next; Alt+Z takes it back.
        ActionChains(driver).key_down(Keys.ALT).send_keys("x").key_up(Keys.ALT).perform()
        wait.until(lambda d: api(base, token, "/api/receipts/" + second["sha256"])["status"] == "failed")
        ActionChains(driver).key_down(Keys.ALT).send_keys("z").key_up(Keys.ALT).perform()
        wait.until(lambda d: api(base, token, "/api/receipts/" + second["sha256"])["review"] is None)
        wait.until(lambda d: d.find_element(By.ID, "message").text == "undone")
        check(driver.execute_script("return window.__xss === undefined"), "text from the journal ran as script")
    finally:
        if driver:
            driver.quit()
        if server:
            server.terminate()
            server.wait(timeout=30)

    # The journal kept the correction: export it without any image.
    export = subprocess.run([binary, "export", "--journal", journal], capture_output=True, text=True)
    check(export.returncode == 0, "export failed: " + export.stderr)
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO(export.stdout))}
    row = next(r for f, r in rows.items() if f.endswith(os.path.basename(first["file"])))
    check(row["total"] == "99.99" and row["status"] == "ok", "export does not show the correction: %r" % row)
    shutil.rmtree(work)
    print("review browser test: ok")


if __name__ == "__main__":
    main()
