"""Which taper plans may cover a day, as SQL: shared by `taper_today` (the dose line's cheap
question) and `taper_store` (the schedule), so neither imports the other for it."""

# A plan may cover `day` if it started by then and had not ended before it (an active plan whose
# floor day has passed is ruled out by `taper_store.allowance_on`).
MAY_COVER = "started_on <= :day AND (ended_on IS NULL OR ended_on > :day)"
