"""The fixed vocabularies: strain forms, dose reasons, other substances, entry-kind prefixes.
Kept apart from the dataclasses so the fast logging path can import them cheaply. The database
does not repeat them as CHECK constraints: they are checked here, so a new word is one edit."""

from kratomlog.core.invalid import Invalid

FORMS = ("powder", "capsule", "extract", "tea", "7-oh", "other")


def parse_form(value: str) -> str:
    """A strain form as typed (any case, spaces around) → its stored word; anything else is Invalid."""
    form = value.strip().lower()
    if form not in FORMS:
        raise Invalid(f"unknown form {value!r}; forms are {', '.join(FORMS)}")
    return form


LEAF_FORMS = ("powder", "capsule", "tea")
CONCENTRATE_FORMS = ("extract", "7-oh")
# Counted units of a product with a label 7-OH content per unit (`strain add --unit`).
PRODUCT_UNITS = ("tablet", "shot")
REASONS = ("stress", "pain", "energy", "mood", "focus", "sleep", "social", "withdrawal", "habit", "other")
SUBSTANCES = (
    "alcohol",
    "benzodiazepine",
    "opioid",
    "gabapentinoid",
    "sleep-aid",
    "stimulant",
    "cannabis",
    "other",
)
# Substances the `combination` rule treats as risky beside kratom (EVIDENCE.md §5, §6).
DEPRESSANTS = ("opioid", "benzodiazepine", "alcohol", "gabapentinoid", "sleep-aid")

# The names people use (drinks, brand names, generic names, slang) → the category stored. Read by
# `other`, `edit --substance` and the PsychonautWiki import. Lower case, words joined by "-".
SUBSTANCE_SYNONYMS: dict[str, str] = {
    word: category
    for category, words in {
        "alcohol": ("beer", "wine", "spirits", "liquor", "vodka", "whisky", "whiskey", "gin", "rum",
                    "tequila", "cider", "booze", "drink", "drinks", "ethanol"),
        "benzodiazepine": ("benzo", "benzos", "xanax", "valium", "klonopin", "ativan", "restoril",
                           "alprazolam", "bromazepam", "bromazolam", "chlordiazepoxide", "clonazepam",
                           "clonazolam", "diazepam", "diclazepam", "etizolam", "flualprazolam",
                           "flubromazepam", "flubromazolam", "flunitrazepam", "lorazepam",
                           "lormetazepam", "midazolam", "nitrazepam", "oxazepam", "phenazepam",
                           "temazepam", "triazolam"),
        "opioid": ("oxy", "opiate", "opiates", "opioids", "percocet", "vicodin", "oxycontin", "suboxone",
                   "subutex", "buprenorphine", "codeine", "desomorphine", "dihydrocodeine", "fentanyl",
                   "heroin", "hydrocodone", "hydromorphone", "loperamide", "methadone", "morphine",
                   "o-desmethyltramadol", "oxycodone", "oxymorphone", "tapentadol", "tramadol",
                   "isotonitazene", "metonitazene", "protonitazene"),
        "gabapentinoid": ("gabapentin", "lyrica", "neurontin", "pregabalin", "phenibut", "gabas"),
        "sleep-aid": ("zolpidem", "ambien", "zopiclone", "eszopiclone", "lunesta", "zaleplon",
                      "diphenhydramine", "benadryl", "doxylamine", "sleeping-pill", "sleeping-pills"),
        "stimulant": ("adderall", "ritalin", "amphetamine", "methamphetamine", "cocaine", "modafinil"),
        "cannabis": ("weed", "marijuana", "thc", "pot", "hash"),
    }.items()
    for word in words
}  # fmt: skip

# Short-id prefixes of each entry kind, and the kind names used in JSON.
KIND_PREFIX = {"dose": "d", "stress": "s", "questionnaire": "q", "other": "o", "no-use": "n",
               "purchase": "p", "batch": "b", "certificate": "c"}

# `status --format` fields → what each holds (shown in --help and the README; empty when there is no value).
STATUS_FIELDS = {
    "since": "time since the last dose, e.g. 3h 16m",
    "since_min": "minutes since the last dose",
    "last_dose": "local time of the last dose, HH:MM",
    "last_strain": "strain of the last dose",
    "today_g": "grams today, e.g. 5.5",
    "today_doses": "doses today",
    "last_stress": "the latest stress rating",
    "last_craving": "the latest craving rating",
}

# Entry kinds that store the UTC offset and zone they were logged in.
ZONED_KINDS = ("dose", "stress", "questionnaire", "other")
