"""Django's SQLite backend with writers queued by an operating-system lock.

SQLite lets one writer at a time; the others wait in its busy handler, which polls with
growing sleeps (up to 100 ms), so under load a waiting writer often sleeps long after the
lock was freed. Here every write transaction (BEGIN IMMEDIATE) first takes an exclusive
flock on `<database>.writer-lock`, which the kernel hands to the next waiter the moment it is
released: writers queue instead of polling. SQLite's own locking stays the guard of
correctness; the flock only orders the queue (other processes without it still work).
"""

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock_fd: int | None = None

    def _writer_lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            return None
        return f"{name}.writer-lock"

    def _start_transaction_under_autocommit(self):
        path = self._writer_lock_path()
        if path and self._writer_lock_fd is None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._writer_lock_fd = fd
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _release_writer_lock(self) -> None:
        fd, self._writer_lock_fd = self._writer_lock_fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()
