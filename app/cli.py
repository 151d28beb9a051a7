"""Commands of `flask --app wsgi ...`: seed, clock, token, outbox, export and import (and openapi,
in app.openapi); `--sandbox NAME` makes clock, token, outbox, export and import work in a sandbox."""
import json
import os

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError

from openloyalty_standin.app import clock, engines, schema, world_settings, worlds
from openloyalty_standin.app.auth import MODELS, issue_token
from openloyalty_standin.app.errors import ApiError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Admin, Customer, Seller
from openloyalty_standin.app.services import clock_control, outbox, state, world_export
from openloyalty_standin.seeds import data

DEFAULT_ACCOUNTS = {"admin": data.ADMINS[0]["id"], "seller": data.SELLERS[0]["id"], "customer": data.CUSTOMERS[0]["id"]}
LOGINS = {"admin": (Admin.username, Admin.email), "seller": (Seller.email,), "customer": (Customer.email_key,)}


def _use_sandbox(ctx, _param, name):
    if name:
        if not worlds.NAME.fullmatch(name):
            raise click.BadParameter("1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit")
        ctx.with_resource(worlds.chosen(name))
    return name


def sandbox_option(command):
    """`--sandbox NAME`: the command works in that sandbox (made on first use), not the default world."""
    return click.option("--sandbox", metavar="NAME", callback=_use_sandbox, expose_value=False, is_eager=True,
                        help="Work in this sandbox (made on first use) instead of the default world.")(command)


def _failed(error):
    """A control-plane error said on the command line."""
    body = error.body()
    message = body.get("error", {}).get("message") if isinstance(body.get("error"), dict) else None
    return click.ClickException(message or str(body))


@click.command("seed")
@with_appcontext
@click.option("--reset", is_flag=True, help="Wipe every row and load the seed again.")
@click.option("--customers", type=click.IntRange(min=0), default=0,
              help="Also add N synthetic customers to the DEFAULT store (the same N gives the same customers).")
def seed_command(reset, customers):
    """Prepare the database: create and seed it when empty, keep what it holds otherwise (--reset restores the seed)."""
    where = database_name()
    registry = worlds.worlds()
    moved = registry.adopt_legacy_files()
    if moved:
        where_now = os.path.relpath(registry.home)
        click.echo(f"Moved {', '.join(moved)} from the instance folder into {where_now}.", err=True)
    try:
        prepared = state.prepare_database()
    except schema.ForeignSchema as error:
        raise click.ClickException(f"{where}: {error}") from None
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise click.ClickException(f"{where}: the database cannot be reached: {reason}") from None
    world_settings.adopt_files(registry.home, db.engine)
    with db.engine.connect() as connection:
        for warning in engines.of(connection).warnings(connection):
            click.echo(f"Warning: {warning}.", err=True)
    if reset:
        state.reset()
        db.session.commit()
        click.echo(f"Seed data restored in {where}: {state.customer_count()} customers.")
    else:
        click.echo(prepared.describe(where))
    if customers:
        from openloyalty_standin.seeds import synthetic  # Faker takes a while to import

        with click.progressbar(length=customers, label="Adding customers", show_pos=True) as bar:
            total = synthetic.add_customers(customers, progress=bar.update)
        click.echo(f"{customers} synthetic customers added; the database holds {total} customers.")


def database_name():
    """The database as a person would name it: a file relative to the working folder when inside
    it, a server's database by its URL without the password."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
    relative = os.path.relpath(url.database)
    return url.database if relative.startswith("..") else relative


def _show_clock(current):
    local = current["now"].astimezone(clock.local_timezone()).isoformat()
    click.echo(f"{local} ({current['mode']})")


@click.group("clock", cls=AppGroup, invoke_without_command=True)
@with_appcontext
@sandbox_option
@click.pass_context
def clock_group(ctx):
    """Show the clock; freeze, advance or release it."""
    if ctx.invoked_subcommand is None:
        _show_clock(clock.state())


@clock_group.command("freeze")
@sandbox_option
@click.argument("at", required=False)
def clock_freeze(at):
    """Stop the clock at AT (ISO 8601), or where it stands."""
    try:
        _show_clock(clock_control.freeze(at))
    except ApiError as error:
        raise _failed(error) from None


@clock_group.command("advance")
@sandbox_option
@click.argument("duration")
def clock_advance(duration):
    """Move the clock by DURATION: 90s, 15m, 2h, 3d, 1d12h, -1h."""
    try:
        _show_clock(clock_control.advance(duration=duration))
    except ApiError as error:
        raise _failed(error) from None


@clock_group.command("real")
@sandbox_option
def clock_real():
    """Return to real time (or to the clock the configuration sets)."""
    clock.release()
    _show_clock(clock.state())


@click.command("token")
@with_appcontext
@sandbox_option
@click.argument("role", type=click.Choice(sorted(MODELS)))
@click.argument("user", required=False)
def token_command(role, user):
    """Print an Authorization header for the seeded account of ROLE, or for USER (an id or a login)."""
    model = MODELS[role]
    account = db.session.get(model, user or DEFAULT_ACCOUNTS[role])
    if account is None and user:
        login = user.lower() if role == "customer" else user
        account = db.session.scalar(select(model).where(or_(*(column == login for column in LOGINS[role]))).limit(1))
    if account is None:
        raise click.ClickException(f"no {role} {user}")
    click.echo(f"Authorization: Bearer {issue_token(role, account)}")


@click.command("outbox")
@with_appcontext
@sandbox_option
@click.option("--to", help="Only messages to this recipient.")
@click.option("--kind", help="Only messages of this kind (activation_code, activation_link, ...).")
@click.option("--latest", is_flag=True, help="Print only the newest message's code or link.")
def outbox_command(to, kind, latest):
    """List the SMS and e-mails the platform would have sent, newest first."""
    if latest:
        try:
            message = outbox.latest_message(to=to, kind=kind)
        except ApiError:
            raise click.ClickException("nothing was sent") from None
        click.echo(message.code or message.link or message.body)
        return
    for message in outbox.list_messages(to=to, kind=kind)["messages"]:
        sent = message.created_at.astimezone(clock.local_timezone()).isoformat(timespec="seconds")
        click.echo(f"{sent}  {message.channel:5}  {message.kind:20}  {message.recipient}  {message.body}")


@click.command("export")
@with_appcontext
@sandbox_option
@click.argument("file", type=click.File("w", encoding="utf-8"))
def export_command(file):
    """Write the whole world (of the default world, or of --sandbox) as one JSON document to FILE (- for stdout)."""
    json.dump(world_export.export_world(), file, ensure_ascii=False, indent=1)
    file.write("\n")


@click.command("import")
@with_appcontext
@sandbox_option
@click.argument("file", type=click.File("r", encoding="utf-8"))
def import_command(file):
    """Replace the world (the default one, or --sandbox) with the JSON document in FILE."""
    try:
        document = json.load(file)
    except ValueError as error:
        raise click.ClickException(f"{file.name} is no JSON: {error}") from None
    try:
        imported = world_export.import_world(document)
    except ApiError as error:
        raise _failed(error) from None
    tables = imported["tables"]
    click.echo(f"Imported {sum(tables.values())} rows ({tables.get('customers', 0)} customers).")


def register_commands(app):
    """Register the CLI commands."""
    for command in (seed_command, clock_group, token_command, outbox_command, export_command, import_command):
        app.cli.add_command(command)
