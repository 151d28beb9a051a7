"""Open Loyalty 3.x endpoints outside the Customer API that Open Loyalty's own cockpits (admin,
customer self-service, POS) call at boot and on their customer screens. They serve the DEFAULT
store at their 3.x paths, under the OpenAPI tag "Open Loyalty cockpit support".

One blueprint (`blueprint.bp`) holds them all; each module adds one area's views:
- boot: translations, choices and settings;
- files: the settings' photos and logos and the conditions file;
- catalog: levels, POS and sellers;
- ledger: transactions, points transfers, campaigns of a customer, analytics, invitations and
  earning rules.
"""
from openloyalty_standin.app.api.cockpit import boot, catalog, files, ledger  # noqa: F401  (each adds its views)
from openloyalty_standin.app.api.cockpit.blueprint import bp
from openloyalty_standin.app.api.cockpit.catalog import SellerConverter
from openloyalty_standin.app.api.cockpit.files import SizeConverter, terms

# The path converters the views use, with the JSON Schema the document gives their values.
CONVERTERS = {
    "size": (SizeConverter, {"type": "string", "pattern": "^[0-9]+x[0-9]+$"}),
    "seller": (SellerConverter, {"type": "string", "minLength": 1}),
}

__all__ = ["CONVERTERS", "bp", "terms"]
