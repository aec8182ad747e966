"""Herbal Tracker+ (formerly KratomTracker, Android): its CSV export and its JSON backup, parsed by
`core.herbal` and turned into `Entries` — strain names made clean, dosage ids prefixed `herbal:`
(a repeated id within the file is skipped), and a row without an id matched by strain, instant and
grams."""

from __future__ import annotations

from kratomlog.core.formats.base import Entries, EntryDose, Head, ImportFormat

SOURCE_PREFIX = "herbal:"


def entries(parsed) -> Entries:
    """A `core.herbal.ParsedImport` as `Entries`."""
    from kratomlog.core.herbal import Skipped
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.names import clean_name

    skipped = list(parsed.skipped)
    seen: dict[str, str] = {}
    doses = []
    for dose in parsed.doses:
        try:
            name = clean_name(dose.strain)
        except Invalid as error:
            skipped.append(Skipped(dose.row, f"strain name: {error}"))
            continue
        source_id = None if dose.source_id is None else SOURCE_PREFIX + dose.source_id
        if source_id is not None:
            if source_id in seen:
                skipped.append(Skipped(dose.row, f"repeats the dosage id of {seen[source_id]}"))
                continue
            seen[source_id] = dose.row
        doses.append(EntryDose(dose.row, dose.at, dose.grams, name, note=dose.note, source_id=source_id))
    return Entries(parsed.format, tuple(doses), skipped=tuple(skipped), notes=parsed.notes, match_by_instant=True)


class HerbalCsv(ImportFormat):
    name = "herbal-csv"
    aliases = ("kratomtracker-csv",)
    title = "Herbal Tracker+ CSV export"
    described = "Herbal Tracker+ CSV exports"

    def detect(self, path: str, head: Head) -> bool:
        from kratomlog.core.herbal import CSV_HEADER

        return not head.looks_like_json and tuple(name.strip() for name in head.first_line.split(",")) == CSV_HEADER

    def parse(self, head, *, tz, now):
        from kratomlog.core.herbal import parse_herbal_csv

        return entries(parse_herbal_csv(head.text, tz))


class HerbalJson(ImportFormat):
    name = "herbal-json"
    aliases = ("kratomtracker-json",)
    title = "Herbal Tracker+ JSON backup"
    described = "Herbal Tracker+ JSON backups"

    def detect(self, path: str, head: Head) -> bool:
        if not head.looks_like_json:
            return False
        data = head.json
        if isinstance(data, dict):
            return isinstance(data.get("dosages"), list)
        return isinstance(data, list) and all(isinstance(d, dict) and "timestamp" in d for d in data)

    def parse(self, head, *, tz, now):
        from kratomlog.core.herbal import parse_herbal_json

        return entries(parse_herbal_json(head.text, tz))
