"""The loyalty program's settings (Open Loyalty's SettingsBundle): stored keys in storage order, the
fixture's defaults in the seed. Two of them are the Customer API's own values, read and written
through their store: `accountActivationMethod` and `currency` are the DEFAULT store's (the cockpits'
store). `allowCustomersProfileEdits` decides what a customer may change of itself."""
from flask import current_app
from sqlalchemy import func, select

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import ProgramSetting, Store
from openloyalty_standin.app.services import settings_files, stores
from openloyalty_standin.schemas.cockpit.settings import DEFAULTS

STORE_VALUES = {"accountActivationMethod": "activation_method", "currency": "currency"}


def seed_rows():
    """The fixture's settings, for the seed (the store's values are the store's)."""
    return [ProgramSetting(key=key, position=position, value=value)
            for position, (key, value) in enumerate(DEFAULTS.items()) if key not in STORE_VALUES]


def _stored():
    return {row.key: row.value for row in db.session.scalars(select(ProgramSetting).order_by(ProgramSetting.position))}


def setting(key):
    """One setting's value: stored, else the fixture's default."""
    row = db.session.get(ProgramSetting, key)
    return DEFAULTS.get(key) if row is None else row.value


def all_settings(*, store):
    """GET /api/settings: every stored key with its value (nulls left out), then the uploaded files."""
    stored_store = db.session.get(Store, store.code)  # as stored now, not as this request first read it
    values = {**_stored(), **{key: getattr(stored_store, attribute) for key, attribute in STORE_VALUES.items()}}
    if "customersIdentificationPriority" in values:
        values["customersIdentificationPriority"] = sorted(values["customersIdentificationPriority"] or [],
                                                           key=lambda item: item["priority"])
    values.update(settings_files.described())
    return {"settings": {key: value for key, value in values.items() if value is not None}}


def public_settings():
    return {"settings": {"allowCustomersProfileEdits": bool(setting("allowCustomersProfileEdits"))}}


def allows_profile_edits():
    return bool(setting("allowCustomersProfileEdits"))


def update_settings(*, store, data):
    """Store every key sent (null removes it); the store's values go to the store."""
    if "accountActivationMethod" in data and data["accountActivationMethod"]:
        stores.set_activation_method(store=store, method=data["accountActivationMethod"])
    if "currency" in data and data["currency"]:
        stores.set_currency(store=store, currency=data["currency"])
    position = db.session.scalar(select(func.coalesce(func.max(ProgramSetting.position), -1)))
    for key, value in data.items():
        if key in STORE_VALUES:
            continue
        row = db.session.get(ProgramSetting, key)
        if row is None:
            position += 1
            db.session.add(ProgramSetting(key=key, position=position, value=value))
        else:
            row.value = value
    db.session.commit()
    return all_settings(store=store)


def conditions_url():
    base = current_app.config["FRONTEND_CUSTOMER_PANEL_URL"].rstrip("/")
    return {"url": f"{base}/#!/terms-conditions"}
