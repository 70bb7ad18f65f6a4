"""Identity decided in the explorer (edits.js), in headless Chromium: on an entity's page each mention
has a "split off" button (the mention becomes an entity of its own, a correction in the edit log);
a read-only server shows none.  Invented texts."""

from __future__ import annotations

import pytest
from test_edits import ALDORIA, WAR, by_name, ingest_texts
from test_web_edits_ui import CHROMEDRIVER, CHROMIUM, browser, wait  # noqa: F401 (the browser fixture)
from webstore import serving

from annals import api
from annals.web import create_app

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("no /usr/bin/chromium", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402


def test_a_mention_is_split_off_from_the_entity_page(browser, tmp_path):  # noqa: F811
    db = tmp_path / "s.db"
    ingest_texts(tmp_path / "docs", db, {"aldoria.txt": ALDORIA, "war.txt": WAR})
    rell = by_name(db, "Tomas Rell")[0]
    with serving(create_app(db, allow_edit=True)) as base:
        browser.get("about:blank")
        browser.get(f"{base}/#/entity/{rell['id']}")
        wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "ol.mentions .edit-split")) == rell["mentions"])
        browser.find_elements(By.CSS_SELECTOR, "ol.mentions .edit-split")[-1].click()  # "Rell was arrested"
        wait(browser, ec.alert_is_present()).accept()
        wait(browser, lambda b: [e["op"] for e in api.edits(db)] == ["entity.split"])
        split = api.edits(db)[0]
        assert [m["text"] for m in split["target"]["mentions"]] == ["Rell"] and split["status"] == "in effect"
        assert sorted(e["mentions"] for e in api.entities(db) if "Rell" in e["name"]) == [1, 2]
        wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#edit-log summary"), "(1 in effect)"))
        severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe, severe
    with serving(create_app(db, allow_edit=False)) as base:
        browser.get("about:blank")
        browser.get(f"{base}/#/entity/{by_name(db, 'Tomas Rell')[0]['id']}")
        wait(browser, ec.text_to_be_present_in_element((By.ID, "edit-log"), "read-only server"))
        assert not browser.find_elements(By.CSS_SELECTOR, ".edit-split")
