"""The RSA key pair that signs the tokens: the files the configuration names, or the pair kept in
the default world's database (sandboxes share it), so that every worker, and every server on that
database, signs and verifies with the same one. Each process reads it once and keeps it."""
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app, has_app_context
from sqlalchemy import event, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from openloyalty_standin.app import instance_files, worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import WorldSetting

SETTING = "jwt-keys"  # the world_settings row of the stored pair
FILES = ("jwt-private.pem", "jwt-public.pem")  # the pair versions before 0005 kept in the world's folder
KEPT = "jwt_keys"  # the app.extensions entry of the pair this process uses


def key_pair(app=None):
    """The (private, public) PEM pair of the tokens, made on first use."""
    return _pair(app or current_app._get_current_object())


def signing_pair():
    """The pair a new token is signed with, checked against the stored one: a snapshot restored
    since may have dropped it (it is stored again) or another server may have made another."""
    return _pair(current_app._get_current_object(), check=True)


def verifying_pair(again=False):
    """The pair tokens are verified with, or None while none is stored; `again` reads the stored
    one anew (for a signature that failed: another server may have made it after a restore)."""
    return _pair(current_app._get_current_object(), make=False, check=again)


def _pair(app, make=True, check=False):
    kept = app.extensions.get(KEPT)
    if kept is not None and not check:
        return kept
    paths = _key_paths(app)
    if paths:
        if kept is None:
            kept = app.extensions[KEPT] = _file_pair(*paths)
        return kept
    found = _stored_pair(app, kept, make)
    if found is not None:
        app.extensions[KEPT] = found
    return found


# --- configured files ----------------------------------------------------------------------------


def _key_paths(app):
    """The configured key files (one not configured is the world folder's), or None for the stored pair."""
    private_path, public_path = app.config.get("JWT_PRIVATE_KEY_PATH"), app.config.get("JWT_PUBLIC_KEY_PATH")
    if not private_path and not public_path:
        return None
    home = worlds.worlds(app).home
    return private_path or os.path.join(home, FILES[0]), public_path or os.path.join(home, FILES[1])


def _write_atomically(path, data, mode):
    temporary = f"{path}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _file_pair(private_path, public_path):
    """The pair of the configured files, made when they do not exist yet (by one process of several)."""
    if not os.path.exists(private_path):  # written last: once it is there, both are
        with instance_files.lock(os.path.dirname(private_path), ".keys.lock"):
            if not os.path.exists(private_path):
                private, public = _new_pair()
                _write_atomically(public_path, public, 0o644)
                _write_atomically(private_path, private, 0o600)
    return _read_file(private_path), _read_file(public_path)


def _new_pair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return private, public


# --- the stored pair -----------------------------------------------------------------------------


def _stored_pair(app, kept, make):
    """The default world's stored pair. When none is stored and `make` is true, one is stored: the
    pair this process kept (a restored snapshot may have dropped it), the pair an earlier version
    left in the world's folder, or a new one; of two processes storing one, the first wins. Without
    `make`, nothing is stored: the kept pair or the earlier version's, if any, verifies meanwhile."""
    if not has_app_context() or current_app._get_current_object() is not app:
        with app.app_context():
            return _stored_pair(app, kept, make)
    engine = worlds.worlds(app).default().engine
    session = db.session()
    if session.in_transaction() and session.get_bind() is engine:
        # The request's own transaction may hold the database's write lock (SQLite): work inside it.
        return _stored_in_session(app, session, engine, kept, make)
    with engine.begin() as connection:
        found = _read(connection)
    if found is None and not make:
        return kept or _legacy_pair(app)
    if found is None:
        found = _store(engine, kept or _legacy_pair(app) or _new_pair())
    _forget_legacy_files(app, found)
    return found


def _stored_in_session(app, session, engine, kept, make):
    found = _read(session.connection())
    if found is not None:
        return found
    if not make:
        return kept or _legacy_pair(app)
    pair = kept or _legacy_pair(app) or _new_pair()
    try:
        with session.begin_nested():
            session.connection().execute(insert(WorldSetting).values(name=SETTING, value=_value(pair)))
    except IntegrityError:
        return _read(session.connection())
    _store_when_ended(app, session, engine, pair)
    return pair


def _store_when_ended(app, session, engine, pair):
    """Once the session's transaction has ended, committed or not, make sure a pair is stored, and
    use that one: a command that never commits must not sign with a pair nobody else knows."""
    pending = [pair]

    def ended(_session, transaction):
        if transaction.parent is None and pending:
            made = pending.pop()
            try:
                stored = _store(engine, made)
            except SQLAlchemyError:
                app.logger.warning("The key pair of the tokens could not be stored.", exc_info=True)
                return
            app.extensions[KEPT] = stored
            _forget_legacy_files(app, stored)

    event.listen(session, "after_transaction_end", ended)


def _value(pair):
    return {"private": pair[0].decode("ascii"), "public": pair[1].decode("ascii")}


def _read(connection):
    value = connection.execute(select(WorldSetting.value).where(WorldSetting.name == SETTING)).scalar()
    return None if value is None else (value["private"].encode("ascii"), value["public"].encode("ascii"))


def _store(engine, pair):
    """Store `pair` unless a pair is stored; return the stored one."""
    try:
        with engine.begin() as connection:
            connection.execute(insert(WorldSetting).values(name=SETTING, value=_value(pair)))
        return pair
    except IntegrityError:
        with engine.begin() as connection:
            return _read(connection)


def _legacy_paths(app):
    home = worlds.worlds(app).home
    return [os.path.join(home, name) for name in FILES]


def _read_file(path):
    with open(path, "rb") as file:
        return file.read()


def _legacy_pair(app):
    """The pair an earlier version generated in the default world's folder, or None."""
    try:
        return tuple(_read_file(path) for path in _legacy_paths(app))
    except OSError:
        return None


def _forget_legacy_files(app, stored):
    """Remove the pair an earlier version left in the world's folder once the database holds it."""
    if _legacy_pair(app) == stored:
        for path in _legacy_paths(app):
            try:
                os.remove(path)
            except OSError:
                pass
