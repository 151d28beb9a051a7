"""A page of another origin boots against the stand-in in headless Chromium the way Open Loyalty's
cockpits do: fetch() with an Authorization header and a JSON content type, so every call is
preflighted; the 13 choice calls at once, the translations, the settings side panel. None is
refused by CORS, and a path that does not exist shows the browser its real 404."""
import functools
import http.server
import json
import threading

import pytest

from tests.test_cockpit_boot import BOOT_CHOICES

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>boot</title></head><body>
<script>
const api = "%(api)s";
const kinds = %(kinds)s;
async function call(path, options) {
  try {
    const response = await fetch(api + path, options);
    return {path, status: response.status, body: await response.json()};
  } catch (error) {
    return {path, refused: String(error)};
  }
}
async function boot() {
  const login = await call("/admin/login_check", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({_username: "admin", _password: "open"})});
  const headers = {"Authorization": "Bearer " + login.body.token, "Content-Type": "application/json"};
  const calls = kinds.map(kind => call("/settings/choices/" + kind, {headers}));
  calls.push(call("/translations", {headers}), call("/settings", {headers}),
             call("/settings/activation-method", {headers}), call("/no/such/path", {headers}),
             call("/DEFAULT/customer?perPage=1", {headers}),
             call("/DEFAULT/customer/nobody", {headers: {"Content-Type": "application/json"}}));
  const results = [login, ...await Promise.all(calls)];
  document.body.setAttribute("data-results", JSON.stringify(results));
}
boot();
</script></body></html>
"""


class Counting:
    """The app's WSGI callable, counting the preflights that reach the server."""

    def __init__(self, wsgi_app):
        self.wsgi_app, self.preflights = wsgi_app, []

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "OPTIONS":
            self.preflights.append(environ["PATH_INFO"])
        return self.wsgi_app(environ, start_response)


@pytest.fixture
def other_origin(tmp_path):
    """A static server on another port of 127.0.0.1: another origin than the API's."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_a_cockpit_page_of_another_origin_boots_without_a_cors_refusal(ol_app, ol_live_server, other_origin, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    folder, origin = other_origin
    (folder / "boot.html").write_text(PAGE % {"api": ol_live_server.url + "/api", "kinds": json.dumps(BOOT_CHOICES)})
    counting = ol_app.wsgi_app = Counting(ol_app.wsgi_app)
    try:
        browser.get(f"{origin}/boot.html")
        results = WebDriverWait(browser, 20).until(
            lambda driver: driver.find_element("tag name", "body").get_attribute("data-results"))
    finally:
        ol_app.wsgi_app = counting.wsgi_app
    results = {result["path"]: result for result in json.loads(results)}
    assert [result for result in results.values() if "refused" in result] == []
    assert results["/admin/login_check"]["status"] == 200
    for kind in BOOT_CHOICES:
        assert results[f"/settings/choices/{kind}"]["status"] == 200, kind
    assert results["/translations"] == {"path": "/translations", "status": 200, "body": {}}
    assert results["/settings"]["body"]["settings"]["programName"] == "Loyalty Program"
    assert results["/settings/activation-method"]["body"] == {"method": "email"}
    assert results["/no/such/path"]["status"] == 404  # the real answer, readable by the page
    assert results["/DEFAULT/customer?perPage=1"]["body"]["total"] > 1
    assert results["/DEFAULT/customer/nobody"]["status"] == 401  # errors are readable too
    preflighted = set(counting.preflights)
    assert {f"/api/settings/choices/{kind}" for kind in BOOT_CHOICES} <= preflighted
    assert {"/api/admin/login_check", "/api/translations", "/api/no/such/path"} <= preflighted
