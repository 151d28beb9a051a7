"""Endpoints under /api/<storeCode>/pos: the POS cockpit, for sellers and admins."""
from app.wire import Blueprint

bp = Blueprint("pos", __name__, url_prefix="/api/<storeCode>/pos", description="POS")
