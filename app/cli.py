"""Commands: flask --app wsgi seed [--reset]."""
import click

from app.extensions import db
from app.services import state


@click.command("seed")
@click.option("--reset", is_flag=True, help="Wipe every row and load the seed again.")
def seed_command(reset):
    """Load the seed data into an empty database (or restore it with --reset)."""
    db.create_all()
    if reset:
        state.reset()
        db.session.commit()
        click.echo("Seed data restored.")
    elif state.is_seeded():
        click.echo("The database already holds data; use --reset to restore the seed.")
    else:
        state.load_seed()
        click.echo("Seed data loaded.")


def register_commands(app):
    """Register the CLI commands."""
    app.cli.add_command(seed_command)
