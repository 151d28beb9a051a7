"""The ids a world makes: drawn from the world's own sequence, so the same requests made in the
same order to a fresh world make the same ids. A test can be replayed, a reset replays the ids,
and a copied sandbox carries its sequence on."""
import uuid
from functools import lru_cache

from sqlalchemy import bindparam

from openloyalty_standin.app import engines
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import IdSequence

NAMESPACE = uuid.UUID("0c8f3e5a-7d2b-4f61-9a3e-5b7c1d2e4f60")


def next_id(kind="ids"):
    """A new id (UUID text), in the current transaction: a rolled-back request draws none."""
    value = db.session.execute(_draw(db.session.get_bind().dialect.name), {"kind": kind}).scalar_one()
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{value}"))


@lru_cache(maxsize=None)
def _draw(dialect):
    """The statement that draws the next number of a sequence (made once per engine kind)."""
    statement = engines.ENGINES[dialect].insert(IdSequence).values(name=bindparam("kind"), value=1)
    return statement.on_conflict_do_update(
        index_elements=[IdSequence.name], set_={"value": IdSequence.value + 1}).returning(IdSequence.value)
