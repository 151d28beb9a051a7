"""The ids a world makes: drawn from the world's own sequence, so the same requests made in the
same order to a fresh world make the same ids. A test can be replayed, a reset replays the ids,
and a copied sandbox carries its sequence on."""
import uuid

from openloyalty_standin.app import engines
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import IdSequence

NAMESPACE = uuid.UUID("0c8f3e5a-7d2b-4f61-9a3e-5b7c1d2e4f60")


def next_id(kind="ids"):
    """A new id (UUID text), in the current transaction: a rolled-back request draws none."""
    statement = engines.of(db.session.get_bind()).insert(IdSequence).values(name=kind, value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[IdSequence.name], set_={"value": IdSequence.value + 1}).returning(IdSequence.value)
    value = db.session.execute(statement).scalar_one()
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{value}"))
