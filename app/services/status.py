"""Customer status: points, level and transactions, computed from the stored state."""
from datetime import datetime, time

from sqlalchemy import select

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Level
from openloyalty_standin.app.services import points

# Open Loyalty's fixture settings: levels by transactions, delivery costs counted.
TIER_ASSIGN_TYPE = "transactions"


def percent(fraction):
    """Write a reward fraction as Open Loyalty does: 0.14 -> "14.00%"."""
    return f"{fraction * 100:.2f}%"


def condition_value(customer):
    """The value levels are compared with: transactions amount less the excluded amount."""
    return (customer.transactions_amount or 0) - (customer.amount_excluded_for_level or 0)


def next_level(customer):
    """The active level with the lowest condition above the customer's value and level (ties: biggest reward)."""
    current = customer.level.condition_value if customer.level else 0
    floor = max(condition_value(customer), current)
    return db.session.scalar(
        select(Level)
        .where(Level.active.is_(True), Level.condition_value > floor)
        .order_by(Level.condition_value.asc(), Level.reward_value.desc())
        .limit(1)
    )


def automatic_level(customer):
    """The active level the customer's value earns: the highest condition not above it."""
    return db.session.scalar(
        select(Level)
        .where(Level.active.is_(True), Level.condition_value <= max(condition_value(customer), 0))
        .order_by(Level.condition_value.desc(), Level.reward_value.desc())
        .limit(1)
    )


def _month_start(moment, months_ahead=0):
    local = moment.astimezone(clock.local_timezone())
    month_index = local.year * 12 + local.month - 1 + months_ahead
    first = datetime(month_index // 12, month_index % 12 + 1, 1)
    return datetime.combine(first.date(), time(), tzinfo=clock.local_timezone())


def _expiring(balance, now):
    """Return (points expiring next month, {date: points} from this month on)."""
    this_month, next_month, after = (_month_start(now, k) for k in (0, 1, 2))
    next_month_total, breakdown = 0, {}
    for pool in balance.pools:
        expires = pool.transfer.expires_at
        if expires is None or pool.remaining <= 0 or points.is_locked(pool, now) or expires < this_month:
            continue
        day = expires.astimezone(clock.local_timezone()).strftime("%Y-%m-%d")
        breakdown[day] = breakdown.get(day, 0) + pool.remaining
        if next_month <= expires < after:
            next_month_total += pool.remaining
    return next_month_total, dict(sorted(breakdown.items()))


def _level_part(customer):
    level, upcoming = customer.level, next_level(customer)
    part = {
        "level": percent(level.reward_value) if level else None,
        "levelName": level.name if level else None,
        "levelConditionValue": level.condition_value if level else 0,
        "nextLevel": percent(upcoming.reward_value) if upcoming else None,
        "nextLevelName": upcoming.name if upcoming else None,
        "nextLevelConditionValue": upcoming.condition_value if upcoming else 0,
    }
    return part, upcoming


def customer_status(*, customer):
    """Get a customer's status."""
    now = clock.now()
    balance = points.balance_at(customer.id, now)
    level_part, upcoming = _level_part(customer)
    expiring_next_month, breakdown = _expiring(balance, now)
    count, amount = customer.transactions_count or 0, customer.transactions_amount or 0
    return {
        "firstName": customer.first_name,
        "lastName": customer.last_name,
        "customerId": customer.id,
        "points": points.available(balance, now),
        "p2pPoints": points.available(balance, now, types=("p2p_adding",)),
        "totalEarnedPoints": balance.earned,
        "usedPoints": balance.used,
        "expiredPoints": balance.expired,
        "lockedPoints": points.locked(balance, now),
        **level_part,
        "transactionsAmountWithoutDeliveryCosts": customer.transactions_amount_without_delivery or 0,
        "transactionsAmountToNextLevel": upcoming.condition_value - condition_value(customer) if upcoming else None,
        "averageTransactionsAmount": f"{(amount / count) if count else 0:.2f}",
        "transactionsCount": count,
        "transactionsAmount": amount,
        "currency": customer.store.currency,
        "pointsExpiringNextMonth": expiring_next_month,
        "pointsExpiringBreakdown": breakdown,
    }
