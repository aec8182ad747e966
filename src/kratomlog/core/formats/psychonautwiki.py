"""PsychonautWiki Journal (Android and iOS) exports, parsed by `core.psychonautwiki` (kratom
ingestions become doses, the depressants the combination signal watches become other substances)
and turned into `Entries`."""

from __future__ import annotations

from kratomlog.core.formats.base import Entries, EntryDose, Head, ImportFormat


def entries(parsed) -> Entries:
    """A `core.psychonautwiki.ParsedJournal` as `Entries` (strain names made clean)."""
    from kratomlog.core.herbal import Skipped
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.names import clean_name

    skipped = list(parsed.skipped)
    forms = dict(parsed.strains)
    doses = []
    for dose in parsed.doses:
        try:
            name = clean_name(dose.strain)
        except Invalid as error:
            skipped.append(Skipped(dose.row, f"strain name: {error}"))
            continue
        doses.append(EntryDose(dose.row, dose.at, dose.grams, name, form=forms.get(dose.strain, dose.form),
                               amount=dose.amount, unit=dose.unit, note=dose.note, source_id=dose.source_id,
                               uuid=dose.uuid))
    return Entries(parsed.format, tuple(doses), parsed.others, tuple(skipped), parsed.notes)


class PsychonautWikiJournal(ImportFormat):
    name = "psychonautwiki"
    aliases = ("pwj",)
    title = "PsychonautWiki Journal export"
    described = "PsychonautWiki Journal exports"
    tz_note = "PsychonautWiki Journal times are UTC instants"
    notes_explain_empty = True

    def detect(self, path: str, head: Head) -> bool:
        from kratomlog.core.psychonautwiki import detect

        return head.looks_like_json and detect(head.json)

    def parse(self, head, *, tz, now):
        from kratomlog.core.psychonautwiki import parse

        return entries(parse(head.text, now))
