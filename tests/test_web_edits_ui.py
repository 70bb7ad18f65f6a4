"""Corrections in the explorer (edits.js), in headless Chromium: an entity's page merges and retypes,
the timeline deletes an event, the edit log at the foot of the page undoes; a read-only server shows
the log and no form.  Invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_edits import ALDORIA, WAR, by_name, ingest_texts
from webstore import serving

from annals import api
from annals.web import create_app

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("no /usr/bin/chromium: apt-get install chromium chromium-driver", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1280,1100", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait(browser, condition, timeout: float = 15):
    return WebDriverWait(browser, timeout).until(condition)


def click(browser, css: str) -> None:
    """Click the element `css` names, finding it again if the page redrew it meanwhile (the edit log
    replaces its children each time it reloads, so an element found a moment ago may be gone)."""
    def attempt(b):
        try:
            b.find_element(By.CSS_SELECTOR, css).click()
            return True
        except (StaleElementReferenceException, NoSuchElementException):
            return False
    wait(browser, attempt)


def test_corrections_from_the_explorer(browser, tmp_path):
    db = tmp_path / "s.db"
    ingest_texts(tmp_path / "docs", db, {"aldoria.txt": ALDORIA, "war.txt": WAR})
    with serving(create_app(db, allow_edit=True)) as base:
        republic = by_name(db, "Republic of Aldoria")[0]["id"]
        browser.get("about:blank")
        browser.get(f"{base}/#/entity/{republic}")
        form = wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".edit-panel form")))
        form.find_element(By.CSS_SELECTOR, "input").send_keys("Aldoria")
        form.find_element(By.CSS_SELECTOR, "button").click()
        wait(browser, lambda b: not by_name(db, "Aldoria"))
        wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#edit-log summary"), "(1 in effect)"))
        click(browser, "#edit-log summary")  # the log, opened
        wait(browser, ec.text_to_be_present_in_element((By.ID, "edit-log"), "merge 'Aldoria'"))
        # the timeline: each event has a delete button; deleting asks first
        browser.get("about:blank")
        browser.get(f"{base}/#/timeline")
        arrested = next(r["id"] for r in api.timeline(db) if r["trigger"] == "arrested")
        button = wait(browser, ec.element_to_be_clickable(
            (By.CSS_SELECTOR, f'.event-link[data-id="{arrested}"] + .edit-delete')))
        button.click()
        wait(browser, ec.alert_is_present()).accept()
        wait(browser, lambda b: not [r for r in api.timeline(db) if r["trigger"] == "arrested"])
        assert [e["op"] for e in api.edits(db)] == ["entity.merge", "event.delete"]
        # the log at the foot of the page undoes
        wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#edit-log summary"), "(2 in effect)"))
        if browser.find_element(By.ID, "edit-log").get_attribute("open") is None:
            click(browser, "#edit-log summary")
        wait(browser, ec.text_to_be_present_in_element((By.ID, "edit-log"), "delete event"))
        click(browser, "#edit-log li:last-child button.undo")
        wait(browser, lambda b: [r for r in api.timeline(db) if r["trigger"] == "arrested"])
        assert [e["status"] for e in api.edits(db)] == ["in effect", "undone"]
        severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe, severe


def test_a_read_only_server_shows_the_log_and_no_form(browser, tmp_path):
    db = tmp_path / "s.db"
    ingest_texts(tmp_path / "docs", db, {"aldoria.txt": ALDORIA})
    api.entity_rename(db, "Marcus Vell", "Marcus A. Vell")
    with serving(create_app(db, allow_edit=False)) as base:
        browser.get("about:blank")
        browser.get(f"{base}/#/entity/{by_name(db, 'Marcus A. Vell')[0]['id']}")
        wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".entity-view h1")))
        wait(browser, ec.text_to_be_present_in_element((By.ID, "edit-log"), "read-only server"))
        assert not browser.find_elements(By.CSS_SELECTOR, ".edit-panel, .edit-delete, button.undo")
