"""The ids a world makes: drawn from the world's own sequence, so the same requests made in the
same order to a fresh world make the same ids. A test can be replayed, a reset replays the ids,
and a copied sandbox carries its sequence on."""
import uuid

from sqlalchemy import text

from openloyalty_standin.app.extensions import db

NAMESPACE = uuid.UUID("0c8f3e5a-7d2b-4f61-9a3e-5b7c1d2e4f60")
_NEXT = text(
    "INSERT INTO id_sequences (name, value) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = id_sequences.value + 1 RETURNING value"
)


def next_id(kind="ids"):
    """A new id (UUID text), in the current transaction: a rolled-back request draws none."""
    value = db.session.execute(_NEXT, {"name": kind}).scalar_one()
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{value}"))
