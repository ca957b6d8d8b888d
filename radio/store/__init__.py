"""The centre's database: tables (tables.py), every query (one repository module per area:
episodes, airings, approvals, publications, plays), sessions and errors (db.py, errors.py) and
schema migrations (migrate.py, migrations/). SQLite by default, any SQLAlchemy URL via RADIO_DB."""
