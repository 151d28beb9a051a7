"""Whether the server can do its work: it answers, and it reads its database."""
from functools import lru_cache
from importlib import metadata

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from openloyalty_standin.app import schema, worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Store

DISTRIBUTION = "openloyalty-standin"


@lru_cache(maxsize=1)
def version():
    """The installed version of the stand-in."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def _database():
    try:
        db.session.execute(select(Store.code).limit(1)).all()
        stored = schema.revision(db.session.connection())
        if stored != schema.head():
            return f"at schema revision {stored}, this version needs {schema.head()}: run flask --app wsgi db upgrade"
    except SQLAlchemyError as error:
        db.session.rollback()
        text = str(getattr(error, "orig", error))
        if "no such table" in text:
            return "not prepared: run flask --app wsgi seed"
        return f"unreadable: {text}"
    finally:
        db.session.rollback()
    return "ok"


def check():
    """{"status", "version", "database"}: status "ok" when the database can be read."""
    database = _database()
    return {"status": "ok" if database == "ok" else "unavailable", "version": version(), "database": database,
            "sandboxes": len(worlds.worlds().names())}
