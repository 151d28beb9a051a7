"""The whole stored state: creating it (the schema's migrations), seeding it, restoring the seed.

Only an explicit reset (`flask seed --reset`, `POST /_dev/reset`) ever drops stored data; a new
version's migrations keep every row.
"""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from werkzeug.utils import import_string

from openloyalty_standin.app import schema
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, RequestLogEntry, Store, WorldSetting
from openloyalty_standin.app.services import avatars, world_export


@dataclass
class Prepared:
    """What preparing the database did: "seeded", "kept" or "upgraded", and what it holds now."""

    outcome: str
    customers: int
    revisions: tuple = ()  # (before, after), for "upgraded"

    def describe(self, where):
        """The start-up banner's line."""
        if self.outcome == "seeded":
            return f"Seeded {where}: {self.customers} customers."
        kept = f"{self.customers} customers (flask --app wsgi seed --reset restores the seed)."
        if self.outcome == "upgraded":
            before, after = self.revisions
            return f"Upgraded {where} from revision {before} to {after}, keeping {kept}"
        return f"Kept {where}: {kept}"


def load_seed():
    """Insert the seed data: the world document of SEED_FILE when one is set (as `flask export`
    writes it), else the rows of the configured loader (SEED_LOADER, an import path)."""
    if current_app.config.get("SEED_FILE"):
        world_export.import_world(world_export.read_file(current_app.config["SEED_FILE"]))
        return
    import_string(current_app.config["SEED_LOADER"])(db.session)


def reset():
    """Restore the seed data in one transaction: every row deleted, the seed loaded again.

    The world's run-time settings (the clock, the faults) and its request log stay: they are no data.
    """
    for table in reversed(db.metadata.sorted_tables):
        if table not in (WorldSetting.__table__, RequestLogEntry.__table__):
            db.session.execute(table.delete())
    load_seed()
    avatars.forget_all_files()


def is_seeded():
    """Tell whether the database holds any store."""
    return db.session.query(Store.code).limit(1).first() is not None


def customer_count():
    """How many customers the database holds, in every store."""
    return db.session.scalar(select(func.count()).select_from(Customer))


def prepare_database():
    """Bring the database to the newest schema revision (keeping every row) and seed it when it
    holds no store. Returns what was done; tables no migration knows raise schema.ForeignSchema."""
    before, after = schema.upgrade(db.engine)
    seeded = not is_seeded()
    if seeded:
        load_seed()
    outcome = "seeded" if seeded else "upgraded" if before not in (None, after) else "kept"
    prepared = Prepared(outcome, customer_count(), (before, after))
    db.session.commit()  # the seed, and the end of the reads: a CLI transaction holds the write lock
    return prepared
