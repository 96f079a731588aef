"""A real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium): upload an artifact through the
page and watch it appear on the live board without a reload. Skipped, with the reason, where no browser is
installed (`make test` installs one when it runs as root)."""
import time


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
