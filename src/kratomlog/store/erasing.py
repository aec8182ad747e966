"""Freed content is overwritten, never left in free pages: the pragma every connection kratomlog
opens runs — `database._connect`'s, SQLCipher's (`cipher.prepare`) and a backup's target. A
database attached to such a connection (encrypt's converted copy) inherits the setting."""

from __future__ import annotations


def erase_freed(conn):
    conn.execute("PRAGMA secure_delete=ON")
    return conn
