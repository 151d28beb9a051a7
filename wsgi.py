"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi ..."""
from openloyalty_standin.app import create_app

app = create_app()
