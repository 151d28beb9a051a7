"""The whole stored state: creating it, seeding it, restoring the seed."""
import hashlib

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.schema import CreateIndex, CreateTable
from werkzeug.utils import import_string

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import SQLITE_DDL, SchemaInfo, Store
from openloyalty_standin.app.services import avatars


def load_seed():
    """Insert the seed data with the configured loader (SEED_LOADER, an import path)."""
    import_string(current_app.config["SEED_LOADER"])(db.session)


def reset():
    """Restore the seed data in one transaction: every row deleted, the seed loaded again."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    load_seed()
    avatars.forget_all_files()


def is_seeded():
    """Tell whether the database holds any store."""
    return db.session.query(Store.code).limit(1).first() is not None


def _fingerprint():
    """A digest of every table, index and trigger the models create."""
    statements = [CreateTable(table) for table in db.metadata.sorted_tables]
    for table in db.metadata.sorted_tables:
        statements += [CreateIndex(index) for index in sorted(table.indexes, key=lambda index: index.name)]
    ddl = "".join(str(statement.compile(db.engine)) for statement in statements) + "".join(SQLITE_DDL)
    return hashlib.sha256(ddl.encode()).hexdigest()[:16]


def prepare_database():
    """Create the tables and seed an empty database; a database made for other tables is rebuilt."""
    fingerprint = _fingerprint()
    stored = None
    if inspect(db.engine).has_table(SchemaInfo.__tablename__):
        stored = db.session.scalar(select(SchemaInfo.fingerprint))
        db.session.rollback()  # end the read: create_all below uses another connection
    if stored is not None and stored != fingerprint:
        current_app.logger.warning("The database was made for another version of the tables: rebuilt and seeded.")
        db.session.close()
        db.drop_all()
    elif stored is None and inspect(db.engine).has_table(Store.__tablename__):
        db.session.close()
        db.drop_all()
    db.create_all()
    if db.session.scalar(select(SchemaInfo.fingerprint)) is None:
        db.session.add(SchemaInfo(fingerprint=fingerprint))
        db.session.commit()
    if not is_seeded():
        load_seed()
