"""What GET /api/settings/choices/{type} offers the cockpits' selects. Language, country and time
zone names come from CLDR (babel) and the IANA time zone database (tzdata); the rest are Open
Loyalty's constants."""
import importlib.resources
from functools import lru_cache

from babel import Locale

from openloyalty_standin.app.errors import NotFound
from openloyalty_standin.app.services import translations
from openloyalty_standin.schemas.cockpit.settings import LanguageEntrySchema

CUSTOMER_STATUSES = ["new", "active", "blocked", "deleted"]
PROMOTED_EVENTS = {
    "Customer logged in": "oloy.customer.logged_in",
    "First purchase": "oloy.transaction.customer_first_transaction",
    "Account created": "oloy.account.created",
    "Newsletter subscription": "oloy.customer.newsletter_subscription",
}
LIMIT_PERIODS = {"1 day": "day", "1 week": "week", "1 month": "month", "3 months": "3 months",
                 "6 months": "6 months", "1 year": "1 year", "forever": "forever"}
REFERRAL_EVENTS = ["register", "first_purchase", "every_purchase"]
REFERRAL_TYPES = ["referred", "referrer", "both"]
# Every SMS lands in the outbox, a gateway that is always there: both methods are offered.
ACTIVATION_METHODS = ["email", "sms"]
POINT_EXPIRY = ["all_time_active", "after_x_days", "at_the_end_of_the_month", "at_the_end_of_the_year"]
DELIVERY_STATUSES = ["ordered", "shipped", "delivered", "canceled"]
# CLDR territories that are no country: the world, continents, groupings and private-use codes.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@lru_cache(maxsize=1)
def _languages():
    names = Locale("en").languages
    return dict(sorted(((name, code) for code, name in names.items()), key=lambda pair: pair[0].casefold()))


@lru_cache(maxsize=1)
def _countries():
    names = Locale("en").territories
    countries = [(name, code) for code, name in names.items()
                 if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES]
    return dict(sorted(countries, key=lambda pair: pair[0].casefold()))


def _zone_ids():
    """The canonical zones of the time zone database (its zone.tab), and UTC."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    ids = [line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")]
    return sorted(ids) + ["UTC"]


@lru_cache(maxsize=1)
def _timezones():
    regions = {}
    for zone in _zone_ids():
        region, _, rest = zone.partition("/")
        region, label = (region, rest) if rest else ("Other", zone)
        regions.setdefault(region, {})[label.replace("/", " - ").replace("_", " ")] = zone
    return regions


def _frontend_translations():
    return LanguageEntrySchema(many=True, exclude=("content",)).dump(translations.languages())


TYPES = {
    "language": lambda: {"choices": _languages()},
    "timezone": lambda: {"choices": _timezones()},
    "country": lambda: {"choices": _countries()},
    "promotedEvents": lambda: {"choices": PROMOTED_EVENTS},
    "availableCustomerStatuses": lambda: {"choices": CUSTOMER_STATUSES},
    "availableFrontendTranslations": lambda: {"choices": _frontend_translations()},
    "earningRuleLimitPeriod": lambda: {"choices": LIMIT_PERIODS},
    "referralEvents": lambda: {"choices": {event: event for event in REFERRAL_EVENTS}},
    "referralTypes": lambda: {"choices": {kind: kind for kind in REFERRAL_TYPES}},
    "availableAccountActivationMethods": lambda: {"choices": ACTIVATION_METHODS},
    "smsGatewayConfig": lambda: {"fields": []},
    "availableMarketingVendors": lambda: {"choices": {"none": {"name": "Disabled", "config": []}}},
    "availablePointExpireAfter": lambda: {"choices": {value: f"settings.{value}" for value in POINT_EXPIRY}},
    "deliveryStatus": lambda: {"choices": DELIVERY_STATUSES},
}


def choices(kind):
    """The answer for one choice type; an unknown type is 404, as in Open Loyalty."""
    make = TYPES.get(kind)
    if make is None:
        raise NotFound(hint=f"no choices `{kind[:64]}`; the types are {', '.join(TYPES)}")
    return make()
