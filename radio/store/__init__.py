"""Records: SQLAlchemy models and sessions (SQLite by default, any SQLAlchemy URL via RADIO_DB)."""
