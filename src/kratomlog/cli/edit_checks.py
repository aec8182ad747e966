"""What `edit` accepts for each kind of entry, and its two refusals (an option that does not apply,
nothing to change) — shared by the modules that edit each kind (`entry_cmds`, `edit_more`,
`edit_products`), so none of them imports another's private names."""

from __future__ import annotations

from kratomlog.core.invalid import Invalid

EDIT_OPTIONS = {
    "dose": "--amount, --strain, --batch, --mitragynine, --at, --reason, --note",
    "stress": "--stress, --craving, --pain, --at, --note",
    "no-use": "--on, --note",
    "questionnaire": "--scores, --item, --at, --note",
    "other": "--substance, --amount, --at, --note",
    "purchase": "--amount, --strain, --batch, --price, --currency, --on, --vendor, --note",
    "batch": "--set code=|bought=|mitragynine=|7oh-mg-per-g=|7oh-mg-per-unit=, --vendor, --note",
    "certificate": "--set lab=|tested=|source=|mitragynine=|7oh-pct=|lead=|arsenic=|cadmium=|mercury=|"
                   "salmonella=|e-coli=|yeast-mould=, --note",
}


def not_for(kind: str, label: str, given: dict) -> None:
    """Refuse options given for an entry of a kind they do not apply to."""
    unused = [name for name, value in given.items() if value not in (None, [], False)]
    if unused:
        raise Invalid(f"{', '.join(unused)} does not apply to {label}; for this entry use {EDIT_OPTIONS[kind]}")


def nothing_to_change(label: str, kind: str) -> None:
    raise Invalid(f"nothing to change for {label}; give one of {EDIT_OPTIONS[kind]}")
