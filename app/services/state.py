"""The whole stored state: creating it, seeding it, restoring the seed.

Only two things ever drop stored data: an explicit reset (`flask seed --reset`, `POST /_dev/reset`),
and tables of another version of the stand-in, which are rebuilt after saying what they held.
"""
import hashlib
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, inspect, select
from sqlalchemy.schema import CreateIndex, CreateTable
from werkzeug.utils import import_string

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import SQLITE_DDL, Customer, SchemaInfo, Store
from openloyalty_standin.app.services import avatars, world_export


@dataclass
class Prepared:
    """What preparing the database did: "seeded", "kept" or "rebuilt", and what it holds now."""

    outcome: str
    customers: int
    dropped: dict = field(default_factory=dict)  # table -> rows, for "rebuilt"

    def describe(self, where):
        """The start-up banner's line."""
        if self.outcome == "seeded":
            return f"Seeded {where}: {self.customers} customers."
        if self.outcome == "kept":
            return f"Kept {where}: {self.customers} customers (flask --app wsgi seed --reset restores the seed)."
        return f"Reseeded {where} because its tables were made by another version: {self.customers} customers."


def load_seed():
    """Insert the seed data: the world document of SEED_FILE when one is set (as `flask export`
    writes it), else the rows of the configured loader (SEED_LOADER, an import path)."""
    if current_app.config.get("SEED_FILE"):
        world_export.import_world(world_export.read_file(current_app.config["SEED_FILE"]))
        return
    import_string(current_app.config["SEED_LOADER"])(db.session)


def reset():
    """Restore the seed data in one transaction: every row deleted, the seed loaded again.

    The record of which tables the database was made with stays: it is no data.
    """
    for table in reversed(db.metadata.sorted_tables):
        if table is not SchemaInfo.__table__:
            db.session.execute(table.delete())
    load_seed()
    avatars.forget_all_files()


def is_seeded():
    """Tell whether the database holds any store."""
    return db.session.query(Store.code).limit(1).first() is not None


def customer_count():
    """How many customers the database holds, in every store."""
    return db.session.scalar(select(func.count()).select_from(Customer))


def _fingerprint():
    """A digest of every table, index and trigger the models create."""
    statements = [CreateTable(table) for table in db.metadata.sorted_tables]
    for table in db.metadata.sorted_tables:
        statements += [CreateIndex(index) for index in sorted(table.indexes, key=lambda index: index.name)]
    ddl = "".join(str(statement.compile(db.engine)) for statement in statements) + "".join(SQLITE_DDL)
    return hashlib.sha256(ddl.encode()).hexdigest()[:16]


def _columns_match(inspector):
    """Tell whether the stored tables have the models' columns (a database made before fingerprints)."""
    for table in db.metadata.sorted_tables:
        if table is SchemaInfo.__table__:
            continue
        if not inspector.has_table(table.name):
            return False
        if {column["name"] for column in inspector.get_columns(table.name)} != set(table.columns.keys()):
            return False
    return True


def _stored_rows(inspector):
    """Rows per stored table of the models, the ones a rebuild would drop."""
    # The inspector reads on connections of its own: ask it everything before the session reads.
    stored = [table for table in db.metadata.sorted_tables
              if table is not SchemaInfo.__table__ and inspector.has_table(table.name)]
    counts = {table.name: db.session.scalar(select(func.count()).select_from(table)) for table in stored}
    db.session.rollback()
    return counts


def _made_by_these_models(fingerprint):
    """True when the stored tables are these models', None when there are none, else False."""
    inspector = inspect(db.engine)
    if not inspector.has_table(Store.__tablename__):
        return None
    stored = None
    if inspector.has_table(SchemaInfo.__tablename__):
        stored = db.session.scalar(select(SchemaInfo.fingerprint))
        db.session.rollback()  # end the read: create_all below uses another connection
    if stored is not None:
        return stored == fingerprint
    return _columns_match(inspector)


def prepare_database(announce=None):
    """Create the tables and seed an empty database; keep a database made for these tables.

    Tables made by another version are dropped and made again, after `announce(text)` has said
    what they held. Returns what was done.
    """
    fingerprint = _fingerprint()
    made = _made_by_these_models(fingerprint)
    dropped = {}
    if made is False:
        dropped = _stored_rows(inspect(db.engine))
        held = ", ".join(f"{rows} {table}" for table, rows in dropped.items() if rows) or "no rows"
        text = f"The database was made by another version of the stand-in: dropping its tables ({held})."
        (announce or current_app.logger.warning)(text)
        db.session.close()
        db.drop_all()
    db.create_all()
    if db.session.scalar(select(SchemaInfo.fingerprint)) != fingerprint:
        db.session.execute(SchemaInfo.__table__.delete())
        db.session.add(SchemaInfo(fingerprint=fingerprint))
    db.session.commit()
    seeded = not is_seeded()
    if seeded:
        load_seed()
    outcome = "rebuilt" if made is False else "seeded" if seeded else "kept"
    return Prepared(outcome, customer_count(), dropped)
