"""One plant's answers: the per-sector questionnaire schema, reading and checking it, the blank form."""

from .read import Plant, load_plant, parse_plant, read_plant, validate_answers

__all__ = ["Plant", "load_plant", "parse_plant", "read_plant", "validate_answers"]
