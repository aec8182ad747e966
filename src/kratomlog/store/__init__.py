"""Storage: the schema, the connection (validation, pragmas, migrations) and every query and write.
The only package that knows SQL exists. Hot paths use `sqlite3` directly; `schema.py` mirrors the
same tables as SQLModel models for code that wants the ORM."""
