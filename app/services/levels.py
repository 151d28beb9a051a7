"""Levels and POS of a customer: manual assignment and its removal, POS assignment."""
from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import FormError, PlainError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Level, Pos
from openloyalty_standin.app.services.customers import touch
from openloyalty_standin.app.services.status import automatic_level
from openloyalty_standin.schemas.fields import NOT_VALID
from openloyalty_standin.schemas.levels import AssignLevelSchema, AssignPosSchema


def assign_level(*, customer, level_id):
    """Assign a customer to a level manually."""
    level = db.session.get(Level, level_id)
    if level is None or not level.active:
        raise FormError(AssignLevelSchema(), {"levelId": [NOT_VALID]})
    if customer.level_id != level.id or customer.manually_assigned_level_id != level.id:
        customer.level_id = customer.manually_assigned_level_id = level.id
        customer.last_level_recalculation = clock.now()
        touch(customer)
    db.session.commit()
    return []


def remove_manual_level(*, customer):
    """Remove a customer from a manually assigned level; the level is then computed again."""
    if customer.manually_assigned_level_id is None:
        raise PlainError(400, {"error": "Customer is not assigned to level manually"})
    customer.manually_assigned_level_id = None
    level = automatic_level(customer)
    customer.level_id = level.id if level else None
    customer.last_level_recalculation = clock.now()
    touch(customer)
    db.session.commit()


def assign_pos(*, customer, pos_id):
    """Assign a POS to a customer."""
    if db.session.get(Pos, pos_id) is None:
        raise FormError(AssignPosSchema(), {"posId": [NOT_VALID]})
    if customer.pos_id != pos_id:
        customer.pos_id = pos_id
        touch(customer)
    db.session.commit()
    return []
