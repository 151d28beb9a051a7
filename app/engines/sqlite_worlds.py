"""Sandboxes and snapshots of a SQLite world as files: a sandbox is a folder under the sandboxes'
root holding its database file (and markers of when it was made and last used), a snapshot a
database file in its world's folder; every copy goes through SQLite's backup API, consistent
while others write. New sandboxes copy a prepared, seeded template file."""
import atexit
import fcntl
import os
import shutil
import sqlite3
import tempfile
import threading
from contextlib import closing
from datetime import datetime, timezone

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from openloyalty_standin.app import schema
from openloyalty_standin.app.config import ConfigurationError
from openloyalty_standin.app.engines.sqlite import files_folder

FOLDER = "sandboxes"
MODES = ("disk", "memory")
DATABASE = "openloyalty.db"
TEMPLATE = ".template.db"
CREATED, USED = ".created", ".used"  # marker files: when a sandbox was made, and last used
SNAPSHOTS, SUFFIX = "snapshots", ".db"
CREATED_PATHS_KEPT = 1024  # names asked for are many more than the sandboxes a server may hold


class Store:
    """The sandboxes of one SQLite world, as folders under `root` (beside the database, or in a
    temporary folder with SANDBOXES=memory), and the snapshots of every world."""

    def __init__(self, app, home):
        self.app, self.home = app, home
        self.root = self._root(app.config.get("SANDBOXES") or "disk")
        self._template_checked = None  # the template file last found at the newest revision
        self._created = {}  # name -> the path of its CREATED file

    def _root(self, mode):
        if mode not in MODES:
            raise ConfigurationError(f"SANDBOXES={mode}: it is disk (the default) or memory")
        if mode == "disk":
            return os.path.join(self.home, FOLDER)
        shared_memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        root = tempfile.mkdtemp(prefix="openloyalty-sandboxes-", dir=shared_memory)
        atexit.register(_remove_when_done, root, os.getpid())  # the server's workers share it
        return root

    # --- sandboxes --------------------------------------------------------------------------

    def folder(self, name):
        return os.path.join(self.root, name)

    def exists(self, name):
        return os.path.exists(os.path.join(self.folder(name), DATABASE))

    def names(self):
        try:
            return sorted(os.listdir(self.root))
        except FileNotFoundError:
            return []

    def generation(self, name):
        """What tells this sandbox from one made later under the same name, or None (asked by
        every request to a sandbox: its path is joined once)."""
        path = self._created.get(name)
        if path is None:
            if len(self._created) >= CREATED_PATHS_KEPT:
                self._created.clear()
            path = self._created[name] = os.path.join(self.folder(name), CREATED)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def engine(self, name):
        options = dict(self.app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        return create_engine(f"sqlite:///{os.path.join(self.folder(name), DATABASE)}", **options)

    def release(self, engine):
        engine.dispose()

    def mark_used(self, name, at=None):
        """Note that sandbox `name` was used now (or `at`, a time stamp)."""
        path = os.path.join(self.folder(name), USED)
        try:
            with open(path, "w"):
                pass
            if at is not None:
                os.utime(path, (at, at))
        except FileNotFoundError:  # deleted by another request meanwhile
            pass

    def last_used(self, name):
        path = os.path.join(self.folder(name), USED)
        return os.stat(path).st_mtime if os.path.exists(path) else self.created(name)

    def created(self, name):
        return os.stat(os.path.join(self.folder(name), CREATED)).st_mtime

    def make(self, name, source):
        """Make sandbox `name` a copy of `source` (a database file, None for the template)."""
        folder = self.folder(name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, CREATED), "w"):
            pass
        target = os.path.join(folder, DATABASE)
        partial = f"{target}.{os.getpid()}.{threading.get_ident()}.partial"
        copy_database(source or self.template(), partial)
        os.replace(partial, target)

    def replace(self, name, source):
        """Put a copy of `source` into the existing sandbox `name`, whose file other workers keep
        open: they read the new rows from their next transaction."""
        source = source or self.template()
        if source.startswith(self.root + os.sep) and os.path.basename(source) == DATABASE:
            with tempfile.TemporaryDirectory(dir=self.root) as folder:  # a live file: copy it first
                copy = os.path.join(folder, "copy.db")
                copy_database(source, copy)
                self._copy_into(copy, os.path.join(self.folder(name), DATABASE))
        else:
            self._copy_into(source, os.path.join(self.folder(name), DATABASE))

    def _copy_into(self, source, target):
        timeout = self.app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader, \
                closing(sqlite3.connect(target, timeout=timeout)) as writer:
            reader.backup(writer)

    def delete(self, name):
        shutil.rmtree(self.folder(name), ignore_errors=True)

    def source_of(self, world):
        """What a copy of `world` is made from: its database file."""
        return world.engine.url.database

    # --- the template ---------------------------------------------------------------------

    def template(self):
        """The prepared, seeded database every new sandbox starts as (made once per folder)."""
        path = os.path.join(self.root, TEMPLATE)
        if not self._is_current_template(path):
            os.makedirs(self.root, exist_ok=True)
            with open(os.path.join(self.root, ".template.lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds it, the others wait and use it
                if not self._is_current_template(path):  # none yet, or one an earlier version made
                    self._build_template(path)
        return path

    def _is_current_template(self, path):
        """Tell whether the template file is at the newest revision, read once per file made."""
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return False
        identity = (stat.st_ino, stat.st_mtime_ns)  # a template made again is a new file
        if self._template_checked != identity:
            engine = create_engine(f"sqlite:///{path}")
            try:
                if not schema.is_current(engine):
                    return False
            finally:
                engine.dispose()
            self._template_checked = identity
        return True

    def _build_template(self, path):
        """Seed a new database file with the app's own settings, as `flask seed` would."""
        from openloyalty_standin.app.worlds import seeded_copy_of_app

        partial = f"{path}.{os.getpid()}.partial"
        scratch = f"{path}.{os.getpid()}.folder"
        seeded_copy_of_app(self.app, SQLALCHEMY_DATABASE_URI=f"sqlite:///{partial}", INSTANCE_PATH=scratch,
                           SANDBOXES="disk")
        with closing(sqlite3.connect(partial)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(partial, path)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(files_folder(make_url(f"sqlite:///{partial}")), ignore_errors=True)

    # --- snapshots --------------------------------------------------------------------------

    def _snapshot_path(self, world, name):
        return os.path.join(world.folder, SNAPSHOTS, name + SUFFIX)

    def _described(self, name, path):
        stat = os.stat(path)
        return {"name": name, "createdAt": datetime.fromtimestamp(stat.st_mtime, timezone.utc), "size": stat.st_size}

    def snapshot_source(self, world, name):
        """The file of `world`'s snapshot `name`, or None."""
        path = self._snapshot_path(world, name)
        return path if os.path.exists(path) else None

    def take_snapshot(self, world, name):
        path = self._snapshot_path(world, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}.partial"
        with closing(self._live(world)) as source, closing(sqlite3.connect(partial)) as target:
            source.backup(target)
        os.replace(partial, path)
        return self._described(name, path)

    def restore_snapshot(self, world, name):
        """Put the snapshot back as the world's database (None when there is none): every worker
        reads it from its next transaction."""
        path = self.snapshot_source(world, name)
        if path is None:
            return None
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source, \
                closing(self._live(world)) as target:
            source.backup(target)
        return self._described(name, path)

    def _live(self, world):
        timeout = self.app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
        return sqlite3.connect(world.engine.url.database, timeout=timeout)

    def snapshots(self, world, is_name):
        folder = os.path.join(world.folder, SNAPSHOTS)
        if not os.path.isdir(folder):
            return []
        return [self._described(entry.name[: -len(SUFFIX)], entry.path) for entry in os.scandir(folder)
                if entry.name.endswith(SUFFIX) and is_name(entry.name[: -len(SUFFIX)])]

    def delete_snapshot(self, world, name):
        """Forget the snapshot; False when there is none."""
        path = self.snapshot_source(world, name)
        if path is None:
            return False
        os.remove(path)
        return True


def copy_database(source, target):
    """Copy a SQLite database file with the backup API (consistent while others write to it)."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader, \
            closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode=WAL")


def _remove_when_done(folder, owner):
    if os.getpid() == owner:  # not when a forked worker exits
        shutil.rmtree(folder, ignore_errors=True)
