"""Locks between the processes of a server, as files of a folder."""
import fcntl
import os
from contextlib import contextmanager


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
