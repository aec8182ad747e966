"""Builders for PsychonautWiki Journal export files, to the format of the app's JournalExport."""

from __future__ import annotations

import json


def ingestion(substance="Kratom", time_ms=1_764_000_000_000, dose=3.0, units="g", **extra) -> dict:
    value = {
        "substanceName": substance,
        "time": time_ms,
        "endTime": None,
        "creationDate": time_ms + 5_000,
        "administrationRoute": "ORAL",
        "dose": dose,
        "isDoseAnEstimate": False,
        "estimatedDoseStandardDeviation": None,
        "units": units,
        "notes": None,
        "stomachFullness": None,
        "consumerName": None,
        "customUnitId": None,
    }
    value.update(extra)
    return value


def experience(*ingestions, title="Evening", sort_ms=1_764_000_000_000) -> dict:
    return {
        "title": title,
        "text": "",
        "creationDate": sort_ms,
        "sortDate": sort_ms,
        "isFavorite": False,
        "ingestions": list(ingestions),
        "location": None,
        "ratings": [],
        "timedNotes": [],
    }


def export(*experiences, custom_units=(), **extra) -> dict:
    value = {
        "experiences": list(experiences),
        "substanceCompanions": [{"substanceName": "Kratom", "color": "GREEN"}],
        "customSubstances": [],
        "customUnits": list(custom_units),
    }
    value.update(extra)
    return value


def custom_unit(unit_id=1, name="Red Bali capsule", dose=0.5, unit="g", **extra) -> dict:
    value = {
        "id": unit_id,
        "substanceName": "Kratom",
        "name": name,
        "creationDate": 1_700_000_000_000,
        "administrationRoute": "ORAL",
        "dose": dose,
        "unit": unit,
        "unitPlural": "capsules",
        "originalUnit": unit,
        "isEstimate": False,
        "estimatedDoseStandardDeviation": None,
        "isArchived": False,
        "note": "",
    }
    value.update(extra)
    return value


def text(document: dict) -> str:
    return json.dumps(document)
