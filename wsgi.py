"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi ..."""
import sys

from openloyalty_standin.app import create_app
from openloyalty_standin.app.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    sys.exit(f"Error: {error}")  # one line: no traceback, and the CLI lists no half-made commands
