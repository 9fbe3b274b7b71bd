"""The ledger: where analyses are stored and queried (SQLite, embedded)."""

from whosaid.ledger.store import Ledger, LedgerError

__all__ = ["Ledger", "LedgerError"]
