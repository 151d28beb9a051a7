"""Commands: flask --app wsgi seed [--reset]."""
import click

from app.extensions import db
from app.services import state


@click.command("seed")
@click.option("--reset", is_flag=True, help="Wipe every row and load the seed again.")
def seed_command(reset):
    """Load the seed data into an empty database (or restore it with --reset)."""
    state.prepare_database()
    if reset:
        state.reset()
        db.session.commit()
        click.echo("Seed data restored.")
    else:
        click.echo("The database holds the seed or later changes; --reset restores the seed.")


def register_commands(app):
    """Register the CLI commands."""
    app.cli.add_command(seed_command)
