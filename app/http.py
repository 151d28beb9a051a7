"""What every answer carries: security headers, and CORS for browser frontends on other origins:
Open Loyalty's NelmioCors setup under /api/, the configured origins on the control plane."""
import base64
import hashlib
import re

from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOCAL_ORIGINS = [r"^https?://localhost(:\d+)?$", r"^https?://127\.0\.0\.1(:\d+)?$", r"^https?://\[::1\](:\d+)?$"]


def _script_hashes(html):
    """CSP sources allowing exactly the inline scripts of this page, and no other."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(html)
    )


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def add_security_headers(response):
    response.headers.update(SECURITY_HEADERS)
    if response.mimetype == "text/html" and not response.direct_passthrough and response.content_length:
        response.headers["Content-Security-Policy"] = PAGE_POLICY.format(scripts=_script_hashes(response.get_data()))
        response.headers["X-Frame-Options"] = "DENY"
    else:
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
    return response


class ApiCors:
    """Open Loyalty's CORS on ^/api/ (NelmioCorsBundle: any origin, the four methods, any header,
    an hour's preflight cache), in front of the app: before routing, authentication, faults and the
    request log. It acts on cross-origin requests only, those whose Origin is not the server's own.
    A preflight, an OPTIONS request to any /api/ path, routed or not, is answered here: 200 for
    one of the four methods, else 405. Every other answer to a cross-origin /api/ request, errors
    included, may be read by any origin."""

    METHODS = ("POST", "PUT", "GET", "DELETE")
    PATH = re.compile(r"^/api/")

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    @staticmethod
    def _cross_origin(environ):
        origin = environ.get("HTTP_ORIGIN")
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin is not None and origin != own

    def _preflight(self, environ, start_response):
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "").upper()
        headers = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", ", ".join(self.METHODS)),
                   ("Access-Control-Max-Age", "3600"), ("Content-Length", "0"), *SECURITY_HEADERS.items(),
                   ("Content-Security-Policy", API_POLICY)]
        if environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"):
            headers.append(("Access-Control-Allow-Headers", environ["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"]))
        start_response("200 OK" if requested in self.METHODS else "405 Method Not Allowed", headers)
        return [b""]

    def __call__(self, environ, start_response):
        if not self.PATH.match(environ.get("PATH_INFO", "")) or not self._cross_origin(environ):
            return self.wsgi_app(environ, start_response)
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            return self._preflight(environ, start_response)

        def start_readable(status, headers, exc_info=None):
            kept = [(name, value) for name, value in headers if not name.lower().startswith("access-control-")]
            return start_response(status, [*kept, ("Access-Control-Allow-Origin", "*")], exc_info)

        return self.wsgi_app(environ, start_readable)


def cors_origins(setting):
    """CORS_ORIGINS: "*", a list, or a comma-separated string; None means the local machine's origins."""
    if setting is None:
        return LOCAL_ORIGINS
    if isinstance(setting, str):
        return "*" if setting.strip() == "*" else [origin.strip() for origin in setting.split(",") if origin.strip()]
    return list(setting)


def register_http(app):
    """Security headers on every answer; Open Loyalty's CORS under /api/, and the configured
    origins (CORS_ORIGINS) on the other paths: the control plane and /health."""
    app.wsgi_app = ApiCors(app.wsgi_app)
    CORS(
        app,
        resources={r"^/(?!api/).*": {}},
        origins=cors_origins(app.config["CORS_ORIGINS"]),
        allow_headers=["Authorization", "Content-Type", "Accept", "Accept-Language", "X-AUTH-TOKEN"],
        expose_headers=["WWW-Authenticate", "Content-Disposition"],
        methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        max_age=600,
        supports_credentials=False,
    )
    app.after_request(add_security_headers)


def register_proxy(app):
    """Behind PROXY_HOPS reverse proxies, take the client's address, scheme, host and path prefix
    from their X-Forwarded-* headers (Werkzeug's ProxyFix), so that an app served under a path
    (X-Forwarded-Prefix: /loyalty) builds its links under it. 0, the default, trusts no header."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
