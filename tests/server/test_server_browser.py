"""A real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium): upload an artifact through the
page and watch it appear on the live board without a reload. Skipped, with the reason, where no browser is
installed (`make test` installs one when it runs as root)."""
import shutil
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and DRIVER):
        pytest.skip("no headless browser: install Debian's chromium and chromium-driver (make test does, as root); "
                    f"found chromium={CHROMIUM}, chromedriver={DRIVER}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.25)


def test_upload_through_the_page_appears_on_the_live_board(server, artifacts, browser):
    from selenium.webdriver.common.by import By
    me = server.pseudonyms["s09"]
    browser.get(server.url + "/")
    _wait(lambda: "measurement:" in browser.find_element(By.ID, "queue").text, 30, "the board's first poll")
    assert me not in browser.find_element(By.ID, "fastest_digits").text
    browser.execute_script("window.__sameDocument = 'yes'")    # gone if the page reloads
    browser.find_element(By.ID, "token").send_keys(server.tokens["s09"])
    browser.find_element(By.ID, "artifact").send_keys(str(artifacts["digits"]))
    browser.find_element(By.ID, "submit").click()
    _wait(lambda: "queued as" in browser.find_element(By.ID, "upload-status").text, 30, "the upload's reply")
    _wait(lambda: me in browser.find_element(By.ID, "fastest_digits").text, 120, f"{me} on the live board")
    assert browser.execute_script("return window.__sameDocument") == "yes"
    row = browser.find_element(By.CSS_SELECTOR, "#fastest_digits tr[data-id] a[href^='/submissions/']")
    assert row.text  # a link to a submission page
    # a bad token is refused on the page too, with the server's reason
    browser.find_element(By.ID, "token").clear()
    browser.find_element(By.ID, "token").send_keys("tts_wrong")
    browser.find_element(By.ID, "submit").click()
    _wait(lambda: "rejected (401)" in browser.find_element(By.ID, "upload-status").text, 30, "the rejection")
