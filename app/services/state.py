"""The whole stored state: creating it, seeding it, restoring the seed."""
from flask import current_app
from werkzeug.utils import import_string

from app.extensions import db
from app.models import Store


def load_seed():
    """Insert the seed data with the configured loader (SEED_LOADER, an import path)."""
    import_string(current_app.config["SEED_LOADER"])(db.session)


def reset():
    """Restore the seed data in one transaction: every row deleted, the seed loaded again."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    load_seed()


def is_seeded():
    """Tell whether the database holds any store."""
    return db.session.query(Store.code).limit(1).first() is not None
