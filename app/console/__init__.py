"""The control plane's page for people, at /_dev/ (and /sandbox/<name>/_dev/ for a sandbox): the
stores, the customers, the outbox, the clock, the snapshots, the faults and the sandboxes, rendered
on the server. Its buttons call the /_dev API with a little
JavaScript (static/console.js) and show the page again."""
from flask import Blueprint, render_template, request

from openloyalty_standin.app import clock, worlds
from openloyalty_standin.app.services import customer_search, faults, outbox, sandboxes, snapshots, stores
from openloyalty_standin.schemas.fields import Moment

SHOWN = 50  # customers and messages on the page
MOMENT = Moment()

bp = Blueprint(
    "console", __name__, url_prefix="/_dev",
    template_folder="templates", static_folder="static", static_url_path="/assets",
)


@bp.app_template_filter("moment")
def moment(value):
    """A datetime as the API writes it, in the display timezone."""
    return MOMENT.serialize("value", {"value": value})


@bp.get("/")
def page():
    """The page; `?q=` narrows the customers to those whose name, e-mail, phone or card holds it."""
    search = request.args.get("q", "").replace("\x00", "").strip()  # SQLite would end a pattern at a NUL
    return render_template(
        "console/page.html",
        stores=stores.stores(),
        search=search,
        customers=customer_search.find_anywhere(search, limit=SHOWN),
        messages=outbox.list_messages(limit=SHOWN)["messages"],
        clock=clock.state(),
        snapshots=snapshots.listing()["snapshots"],
        faults=faults.listing()["faults"],
        sandboxes=sandboxes.listing()["sandboxes"],
        sandbox=worlds.requested_name(),
        root=request.script_root,  # the API calls stay in the page's sandbox
        home=request.script_root.split("/sandbox/")[0],
        shown=SHOWN,
    )
