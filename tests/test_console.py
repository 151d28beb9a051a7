"""The control plane's page at /_dev/: rendered from the stored state, and driven in headless
Chromium (Debian's chromium and chromedriver, through Selenium): its buttons reset, freeze and
advance the clock, take and restore snapshots, add faults, and a code sent by the API appears."""

import pytest

from tests.conftest import JOHN, KOWALSKI, NEW_CUSTOMER

PAGE = "/_dev/"


def rows(html, css_class):
    return html.count(f'class="{css_class}"')


# --- the page as served -----------------------------------------------------------------------


def test_page_shows_stores_customers_and_an_empty_outbox(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<tr data-store="DEFAULT">' in html and '<tr data-store="SECOND">' in html
    assert "user@example.com" in html and JOHN in html
    assert "Nothing sent yet." in html
    assert "script-src 'self' ;" in response.headers["Content-Security-Policy"]  # no inline script


def test_search_narrows_the_customers_across_stores(client):
    html = client.get(PAGE, query_string={"q": "kowalski"}).get_data(as_text=True)
    assert KOWALSKI in html and rows(html, "customer") == 1
    for text in ("%", "_", '"', "{email}:x", "NEAR(a b)", "kowalski" * 1000):
        none = client.get(PAGE, query_string={"q": text}).get_data(as_text=True)
        assert rows(none, "customer") == 0 and "No customer matches." in none, text
    assert rows(client.get(PAGE, query_string={"q": "kow\x00alski"}).get_data(as_text=True), "customer") == 1


def test_store_counts_follow_registrations(client, auth):
    def default_count():
        html = client.get(PAGE).get_data(as_text=True)
        row = html[html.index('<tr data-store="DEFAULT">'):]
        return int(row[row.index('class="number">') + len('class="number">'):].split("<", 1)[0])

    before = default_count()
    body = {"customer": {"firstName": "Count", "lastName": "Me", "email": "count.me@example.com", "agreement1": True}}
    assert client.post("/api/DEFAULT/customer/register", json=body, headers=auth.headers("admin")).status_code == 200
    assert default_count() == before + 1


def test_the_customer_registered_last_comes_first(client, auth):
    body = {"customer": {"firstName": "Latest", "lastName": "One", "email": "latest.one@example.com",
                         "agreement1": True}}
    registered = client.post("/api/DEFAULT/customer/register", json=body, headers=auth.headers("admin"))
    html = client.get(PAGE).get_data(as_text=True)
    first = html.index('<tr class="customer"')
    assert html.index(registered.json["customerId"]) > first
    assert html.index(registered.json["customerId"]) < html.index('<tr class="customer"', first + 1)


def test_stored_text_is_escaped(client, auth):
    body = {"customer": {"firstName": "<script>alert(1)</script>"}}
    assert client.put(f"/api/DEFAULT/customer/{JOHN}", json=body, headers=auth.headers("admin")).status_code == 200
    html = client.get(PAGE, query_string={"q": "alert"}).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_the_page_is_not_in_the_request_log_but_its_actions_are(client):
    client.delete("/_dev/requests")
    client.get(PAGE)
    client.get("/_dev/assets/console.js")
    client.post("/_dev/reset")
    assert [entry["path"] for entry in client.get("/_dev/requests").json["requests"]] == ["/_dev/reset"]


def test_the_page_is_off_with_the_control_plane(make_app):
    client = make_app(DEV_ENDPOINTS=False).test_client()
    assert client.get(PAGE).status_code == 404
    assert client.get("/_dev/assets/console.js").status_code == 404


# --- in the browser ---------------------------------------------------------------------------


class Page:
    """The page in the browser: open it, fill and press, wait for the reload."""

    def __init__(self, driver, base):
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.base, self.by = driver, base, By
        ignored = (NoSuchElementException, StaleElementReferenceException)  # the page is being shown again
        self.wait = WebDriverWait(driver, 15, ignored_exceptions=ignored)

    def open(self, query=""):
        self.driver.get(self.base + PAGE + query)
        self.wait.until(lambda driver: driver.find_element(self.by.TAG_NAME, "body").get_attribute("data-ready"))

    def find(self, css):
        return self.driver.find_element(self.by.CSS_SELECTOR, css)

    def texts(self, css):
        return [element.text for element in self.driver.find_elements(self.by.CSS_SELECTOR, css)]

    def fill(self, css, value):
        field = self.find(css)
        field.clear()
        field.send_keys(value)

    def press(self, css, confirm=False):
        """Press a button and wait for the page to come back (searched, or shown again after an API call)."""
        old = self.find("body")
        self.find(css).click()
        if confirm:
            self.wait.until(lambda driver: driver.switch_to.alert).accept()
        self.wait.until(lambda driver: old.id != driver.find_element(self.by.TAG_NAME, "body").id)
        self.wait.until(lambda driver: driver.find_element(self.by.TAG_NAME, "body").get_attribute("data-ready"))

    @property
    def status(self):
        return self.find("#status").text


@pytest.fixture
def page(browser, ol_live_server):
    return Page(browser, ol_live_server.url)


def test_the_page_loads_and_searches(page):
    page.open()
    assert page.driver.title == "Open Loyalty stand-in · control plane"
    assert "DEFAULT" in page.texts("#stores td")
    assert len(page.texts("tr.customer")) > 5
    page.fill("input[name=q]", "Kowalski")
    page.press("form.search button")
    assert len(page.texts("tr.customer")) == 1
    assert KOWALSKI in page.texts("tr.customer")[0]


def test_reset_restores_the_seed(page, client, auth):
    admin = auth.headers("admin")
    assert client.put(f"/api/DEFAULT/customer/{JOHN}", json={"customer": {"firstName": "Changed"}},
                      headers=admin).status_code == 200
    page.open("?q=user@example.com")
    assert page.find(f'tr[data-customer="{JOHN}"] td').text == "Changed Doe"
    page.press("#reset", confirm=True)
    assert page.status == "POST /_dev/reset: 204"
    assert page.find(f'tr[data-customer="{JOHN}"] td').text == "John Doe"
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json["firstName"] == "John"


def test_a_code_sent_by_the_api_appears(page, client, auth):
    page.open()
    assert page.texts("tr.message") == []
    response = client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=auth.headers("admin"))
    assert response.status_code == 200
    code = client.get("/_dev/outbox/latest", query_string={"to": "+48500100200"}).json["code"]
    page.open()
    messages = page.texts("tr.message")
    assert len(messages) == 1 and "+48500100200" in messages[0]
    assert page.texts("tr.message td.code") == [code]


def test_freeze_and_advance_the_clock(page, client):
    page.open()
    page.fill("input[name=at]", "2019-03-20T12:00:00+01:00")
    page.press("#freeze")
    assert page.find("#clock-mode").text == "frozen"
    assert client.get("/_dev/clock").json["now"] == page.find("#now").text == "2019-03-20T12:00:00+0100"
    page.fill("input[name=duration]", "1d2h")
    page.press("#advance")
    assert client.get("/_dev/clock").json["now"] == page.find("#now").text == "2019-03-21T14:00:00+0100"
    page.press("#release")
    assert page.find("#clock-mode").text == "real"


def test_a_refusal_is_shown_and_changes_nothing(page, client):
    page.open()
    page.fill("input[name=duration]", "soon")
    page.find("#advance").click()
    page.wait.until(lambda driver: "refused" in page.status)
    assert page.status.startswith("POST /_dev/clock/advance refused, 400")
    assert client.get("/_dev/clock").json["mode"] == "real"


def test_snapshots_are_taken_and_restored(page, client, auth):
    admin = auth.headers("admin")
    page.open()
    page.fill("#snapshots input[name=name]", "before-change")
    page.press("#take-snapshot")
    assert page.texts("tr.snapshot td:first-child") == ["before-change"]
    assert client.put(f"/api/DEFAULT/customer/{JOHN}", json={"customer": {"lastName": "Later"}},
                      headers=admin).status_code == 200
    page.press('tr.snapshot[data-name="before-change"] form:first-child button')
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json["lastName"] == "Doe"
    page.press('tr.snapshot[data-name="before-change"] form:last-child button')
    assert client.get("/_dev/snapshots").json["snapshots"] == []


def test_a_fault_added_on_the_page_fails_the_api(page, client, auth):
    page.open()
    page.fill("form.fault input[name=path]", "/api/*/customer/check")
    page.fill("form.fault input[name=status]", "503")
    page.press("#add-fault")
    assert len(page.texts("tr.fault-row")) == 1
    check = client.get("/api/DEFAULT/customer/check", query_string={"emailOrPhone": "user@example.com"})
    assert check.status_code == 503
    page.press("tr.fault-row button")
    assert client.get("/_dev/faults").json["faults"] == []
    check = client.get("/api/DEFAULT/customer/check", query_string={"emailOrPhone": "user@example.com"})
    assert check.status_code == 200


def test_a_server_gone_away_is_said_so(page, ol_live_server):
    page.open()
    ol_live_server.stop()
    page.find("#reset").click()
    page.wait.until(lambda driver: driver.switch_to.alert).accept()
    page.wait.until(lambda driver: "did not reach" in page.status)
    assert page.status.startswith("POST /_dev/reset did not reach the stand-in")


def test_a_person_makes_a_sandbox_and_works_in_it(page, client, auth):
    page.open()
    page.fill("#sandboxes input[name=name]", "demo")
    page.press("#make-sandbox")
    assert page.texts("tr.sandbox td:first-child") == ["default", "demo"]
    page.driver.find_element(page.by.LINK_TEXT, "demo").click()
    page.wait.until(lambda driver: driver.find_element(page.by.TAG_NAME, "body").get_attribute("data-ready"))
    assert page.find("#sandbox").text == "demo"
    page.fill("form.fault input[name=path]", "/api/*/customer/check")
    page.fill("form.fault input[name=status]", "503")
    page.press("#add-fault")
    assert client.get("/sandbox/demo/_dev/faults").json["faults"][0]["status"] == 503
    assert client.get("/_dev/faults").json["faults"] == []  # the page acts on the sandbox it shows
    page.press('tr.sandbox[data-name="demo"] button', confirm=True)
    assert client.get("/_dev/sandboxes").json["total"] == 0
