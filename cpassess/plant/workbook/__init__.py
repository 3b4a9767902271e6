"""The questionnaire as an Excel workbook: a blank one per sector to fill on a tablet or laptop, and a
filled one read back into the same answers the YAML questionnaire gives.

The workbook has a first sheet for the plant (the YAML file's top-level keys, `previous_visit` among
them, and the `plant` section), one sheet per questionnaire section in the order of the YAML
questionnaire, a sheet of investment quotes, a sheet of actions (a follow-up visit's `actions`, a row
per measure) and a hidden sheet (`cpassess`) with the workbook's language and the drop-down lists. Each
question is a row; a hidden column headed `id` holds its field id, so the workbook reads back
unambiguously whatever its labels say. Reading builds the dict a YAML plant parses to and validates
it through the same path (plant/read.py), so units, ranges, plausibility and error wording are
shared; each answer's path maps to its sheet and cell, which the errors name.

openpyxl is imported only in this package, and only when a workbook is written or read.
"""

from .reader import read_workbook
from .words import META, WORDS, sheet_names, words
from .writer import blank_workbook

__all__ = ["META", "WORDS", "blank_workbook", "read_workbook", "sheet_names", "words"]
