"""The cockpits' translations: languages, each with one nested object of strings, and the default
language's served to everybody. Open Loyalty's texts are not shipped: a language's translations are
what an admin stored, else the configured file's (TRANSLATIONS_DIR/<code>.json, or TRANSLATIONS_FILE
for the default language), else {}."""
import json
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import FormError, NotFound, Unavailable
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Language
from openloyalty_standin.schemas.cockpit.settings import NewTranslationForm

USED = "This value is already used."
_FILES = {}  # path -> (modification time, size, content)


def languages():
    return db.session.scalars(select(Language).order_by(Language.position, Language.code)).all()


def find_language(code):
    language = db.session.get(Language, code)
    if language is None:
        raise NotFound(hint=f"no language `{code[:16]}`; languages are {', '.join(lang.code for lang in languages())}")
    return language


def language_with_content(code):
    """A language with its translations as JSON text (`content_text`), as a single read shows it."""
    language = find_language(code)
    language.content_text = json.dumps(content_of(language), ensure_ascii=True, separators=(",", ":"))
    return language


def default_language():
    return db.session.scalar(select(Language).where(Language.is_default.is_(True)).order_by(Language.position))


def _configured_file(language):
    folder, single = current_app.config.get("TRANSLATIONS_DIR"), current_app.config.get("TRANSLATIONS_FILE")
    if folder and (Path(folder) / f"{language.code}.json").is_file():
        return Path(folder) / f"{language.code}.json"
    if single and language.is_default:
        return Path(single)
    return None


def _read_file(path):
    """A translations file's object, read again only when the file changed."""
    try:
        stat = path.stat()
        cached = _FILES.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Unavailable(hint=f"the translations file {path} cannot be read as JSON: {error}") from None
    if not isinstance(content, dict):
        raise Unavailable(hint=f"the translations file {path} holds no JSON object")
    _FILES[path] = (stat.st_mtime_ns, stat.st_size, content)
    return content


def content_of(language):
    if language.content is not None:
        return language.content
    path = _configured_file(language)
    return _read_file(path) if path else {}


def served_translations():
    """What GET /api/translations answers: the default language's translations, {} without one."""
    language = default_language()
    return content_of(language) if language else {}


def _make_default(language):
    for other in languages():
        other.is_default = other is language


def create_language(*, data):
    if db.session.get(Language, data["code"]) is not None:
        raise FormError(NewTranslationForm(), {"code": [USED]})
    language = Language(code=data["code"], name=data["name"], position=data.get("order", 0),
                        content=data.get("content"), updated_at=clock.now())
    db.session.add(language)
    if data.get("default"):
        db.session.flush()
        _make_default(language)
    db.session.commit()
    return language


def update_language(*, language, data):
    for key, attribute in (("name", "name"), ("order", "position"), ("content", "content")):
        if data.get(key) is not None:
            setattr(language, attribute, data[key])
    if data.get("default"):
        _make_default(language)
    elif data.get("default") is False:
        language.is_default = False
    language.updated_at = clock.now()
    db.session.commit()
    return language


def remove_language(*, language):
    db.session.delete(language)
    db.session.commit()
