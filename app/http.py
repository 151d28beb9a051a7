"""What every answer carries: security headers, and CORS for browser frontends on other origins."""
import base64
import hashlib
import re

from flask_cors import CORS

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


def add_security_headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html" and not response.direct_passthrough and response.content_length:
        response.headers["Content-Security-Policy"] = PAGE_POLICY.format(scripts=_script_hashes(response.get_data()))
        response.headers["X-Frame-Options"] = "DENY"
    else:
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
    return response


def cors_origins(setting):
    """CORS_ORIGINS: "*", a list, or a comma-separated string; None means the local machine's origins."""
    if setting is None:
        return LOCAL_ORIGINS
    if isinstance(setting, str):
        return "*" if setting.strip() == "*" else [origin.strip() for origin in setting.split(",") if origin.strip()]
    return list(setting)


def register_http(app):
    """Security headers on every answer; CORS for the configured origins, preflights answered."""
    CORS(
        app,
        origins=cors_origins(app.config["CORS_ORIGINS"]),
        allow_headers=["Authorization", "Content-Type", "Accept", "Accept-Language", "X-AUTH-TOKEN"],
        expose_headers=["WWW-Authenticate", "Content-Disposition"],
        methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        max_age=600,
        supports_credentials=False,
    )
    app.after_request(add_security_headers)
