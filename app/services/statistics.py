"""Registration statistics."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer

KEY_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def registrations(*, store, interval, last_days):
    """Count the store's registrations in the `last_days` days before today, by day, month or year."""
    zone = clock.local_timezone()
    today = clock.now().astimezone(zone).date()
    first = today - timedelta(days=last_days)
    key = KEY_FORMATS[interval]
    buckets = {}
    for offset in range(last_days):
        buckets.setdefault((first + timedelta(days=offset)).strftime(key), 0)
    start, end = (datetime.combine(day, time(), tzinfo=zone) for day in (first, today))
    created = db.session.scalars(
        select(Customer.created_at).where(
            Customer.store_code == store.code, Customer.created_at >= start, Customer.created_at < end
        )
    )
    for moment in created:
        buckets[moment.astimezone(zone).strftime(key)] += 1
    return buckets
