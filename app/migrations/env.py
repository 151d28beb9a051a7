"""Alembic's environment: migrations run on the connection app/schema.py hands over, or, from the
`flask db` commands, on the app's own database, with the models as the schema to compare with."""
from logging.config import fileConfig

from alembic import context

from openloyalty_standin.app import schema
from openloyalty_standin.app.extensions import db


def run_online():
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if context.config.config_file_name:  # the flask db commands: say what they do
        fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    with db.engine.begin() as connection:
        schema.adopt(connection)  # tables made before migrations are revision 0001's
        _run(connection)


def _run(connection):
    # render_as_batch: SQLite alters a table by copying it, which Alembic's batch mode writes
    context.configure(connection=connection, target_metadata=db.metadata, render_as_batch=True,
                      compare_type=True, include_object=schema.declared,
                      version_table_schema=schema.world_schema(connection))
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=db.engine.url, target_metadata=db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
