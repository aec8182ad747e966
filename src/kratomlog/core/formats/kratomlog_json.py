"""kratomlog's own JSON export (`core.export_format`), read back losslessly. Its spreadsheet CSV is
recognised too, and refused: it is not an import format."""

from __future__ import annotations

from kratomlog.core.formats.base import Head, ImportFormat


class KratomlogJson(ImportFormat):
    name = "kratomlog"
    aliases = ("kratomlog-json",)
    title = "kratomlog export"
    described = "kratomlog JSON exports"
    tz_note = "kratomlog exports carry their UTC offsets"

    def refusal(self, head: Head) -> str | None:
        from kratomlog.core.export_format import is_kratomlog_csv

        if is_kratomlog_csv(head.text):
            return ("kratomlog CSV is for spreadsheets and cannot be imported; "
                    "import the JSON export (kratomlog export --format json)")
        return None

    def detect(self, path: str, head: Head) -> bool:
        from kratomlog.core.export_format import is_kratomlog_document
        from kratomlog.core.formats.own_layout import PREFIX

        if head.body.startswith(PREFIX):  # as kratomlog writes it: told without parsing the file
            return True
        return head.looks_like_json and is_kratomlog_document(head.json)

    def parse(self, head, *, tz, now):
        from kratomlog.core.export_format import read_document
        from kratomlog.core.formats.own_layout import NotOwnLayout, StreamedDocument
        from kratomlog.core.invalid import Invalid

        if not head.parsed:
            try:  # row by row, never the whole tree beside the text
                streamed = StreamedDocument(head.body)
                document = read_document(streamed, consume=True)
                streamed.finish()
                head.release()
                return document
            except NotOwnLayout:
                pass  # not the layout kratomlog writes: read it whole
        try:
            data = head.take_json()
        except ValueError as error:
            raise Invalid(f"not a kratomlog export: invalid JSON ({error})") from None
        except RecursionError:
            raise Invalid("not a kratomlog export: its JSON is nested too deeply") from None
        return read_document(data, consume=True)
