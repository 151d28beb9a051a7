"""The points ledger: what a customer's point transfers add up to at a moment."""
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import PointTransfer

ADDING = ("adding", "p2p_adding")
SPENDING = ("spending", "p2p_spending")
NEVER = datetime.max.replace(tzinfo=timezone.utc)


@dataclass
class Pool:
    """What is left of one adding transfer."""

    transfer: PointTransfer
    remaining: float

    @property
    def expires(self):
        return self.transfer.expires_at or NEVER


@dataclass
class Balance:
    earned: float = 0
    used: float = 0
    expired: float = 0
    pools: list = field(default_factory=list)


def _events(transfers, now):
    events = []
    for transfer in transfers:
        if transfer.state == "canceled" or transfer.created_at > now:
            continue
        events.append((transfer.created_at, 1, transfer))
        if transfer.type in ADDING and transfer.expires_at and transfer.expires_at <= now:
            events.append((transfer.expires_at, 0, transfer))
    return sorted(events, key=lambda event: (event[0], event[1]))


def _spend(balance, amount, moment):
    for pool in sorted(balance.pools, key=lambda p: p.expires):
        if amount <= 0:
            break
        if is_locked(pool, moment):
            continue
        taken = min(pool.remaining, amount)
        pool.remaining -= taken
        amount -= taken


def is_locked(pool, moment):
    """Tell whether the pool's points are locked at `moment`."""
    transfer = pool.transfer
    return transfer.state == "locked" and (transfer.locked_until is None or transfer.locked_until > moment)


def balance_at(customer_id, now):
    """Replay the customer's transfers up to `now`: spendings take the soonest-expiring points."""
    transfers = db.session.scalars(select(PointTransfer).where(PointTransfer.customer_id == customer_id)).all()
    balance = Balance()
    for moment, kind, transfer in _events(transfers, now):
        if kind == 0:
            pool = next(p for p in balance.pools if p.transfer is transfer)
            balance.expired += pool.remaining
            balance.pools.remove(pool)
        elif transfer.type in ADDING:
            balance.earned += transfer.value
            if transfer.state == "expired":
                balance.expired += transfer.value
            else:
                balance.pools.append(Pool(transfer, transfer.value))
        else:
            balance.used += transfer.value
            _spend(balance, transfer.value, moment)
    return balance


def available(balance, now, types=ADDING):
    """Points the customer may spend now (of the given kinds of adding transfers)."""
    return sum(
        pool.remaining for pool in balance.pools if pool.transfer.type in types and not is_locked(pool, now)
    )


def locked(balance, now):
    """Points earned but locked for now."""
    return sum(pool.remaining for pool in balance.pools if is_locked(pool, now))
