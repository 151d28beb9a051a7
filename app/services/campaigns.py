"""What a customer can spend points on and earn them with: reward campaigns and earning rules.

The stand-in's worlds hold no campaigns, campaign purchases or earning rules (DECISIONS 6), so the
lists are empty; their items are documented in schemas/cockpit/ledger.py as Open Loyalty sends them.
"""


def available_campaigns(*, customer, query):
    """List the campaigns the customer may buy now: none, as the world holds no campaigns."""
    return {"campaigns": [], "total": 0}


def bought_campaigns(*, customer, query):
    """List the campaigns the customer bought: none, as the world holds no campaigns."""
    return {"campaigns": [], "total": 0}


def earning_rules(*, store):
    """List the active earning rules: none, as the world holds none; amounts are in the store's currency."""
    return {"earningRules": [], "currency": store.currency}
