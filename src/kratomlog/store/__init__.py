"""Storage: the schema (the SQLModel models in `schema.py`), the connection (validation, pragmas,
migrations), and every query and write. The only package that knows SQL exists. Hot paths use
`sqlite3` directly with plain SQL on the models' tables; the models are imported only to create or
migrate a file and on cold paths."""
