"""The schema's migrations, applied by Alembic (`flask --app wsgi db upgrade`, or app/schema.py)."""
