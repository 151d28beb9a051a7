"""Commands: flask --app wsgi seed [--reset] [--customers N]."""
import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services import state
from seeds import synthetic


@click.command("seed")
@with_appcontext
@click.option("--reset", is_flag=True, help="Wipe every row and load the seed again.")
@click.option("--customers", type=click.IntRange(min=0), default=0,
              help="Also add N synthetic customers to the DEFAULT store (the same N gives the same customers).")
def seed_command(reset, customers):
    """Load the seed data into an empty database (or restore it with --reset)."""
    state.prepare_database()
    if reset:
        state.reset()
        db.session.commit()
        click.echo("Seed data restored.")
    elif not customers:
        click.echo("The database holds the seed or later changes; --reset restores the seed.")
    if customers:
        with click.progressbar(length=customers, label="Adding customers", show_pos=True) as bar:
            total = synthetic.add_customers(customers, progress=bar.update)
        click.echo(f"{customers} synthetic customers added; the database holds {total} customers.")


def register_commands(app):
    """Register the CLI commands."""
    app.cli.add_command(seed_command)
