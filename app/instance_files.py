"""Small run-time settings kept as JSON files in the current world's folder (the one beside its
database), so that every worker of a server reads the same ones: read cheaply (kept until the file
changes), replaced atomically."""
import fcntl
import json
import os
from contextlib import contextmanager

from openloyalty_standin.app import worlds

_cache = {}  # path -> (file identity, value)


def _path(name):
    return os.path.join(worlds.current().folder, name)


def read(name, default):
    """The value stored under `name`, or `default` when there is none."""
    path = _path(name)
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return default
    identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # a replaced file is a new inode
    cached = _cache.get(path)
    if cached and cached[0] == identity:
        return cached[1]
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle)
    _cache[path] = (identity, value)
    return value


def write(name, value):
    """Store `value` under `name`: readers see the old value or the new one, never half of one."""
    path = _path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(value, handle)
    os.replace(temporary, path)
    _cache.pop(path, None)


def remove(name):
    """Forget the value stored under `name`."""
    try:
        os.remove(_path(name))
    except FileNotFoundError:
        pass
    _cache.pop(_path(name), None)


@contextmanager
def lock(folder, name):
    """Hold an exclusive lock on the file `name` of `folder` (between processes too)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
