"""The assessment pipeline: plain functions over explicit values, one module per stage; `run` orders them."""

from .facts import Facts, plant_facts
from .run import Explanation, Outcome, assess, explain

__all__ = ["Explanation", "Facts", "Outcome", "assess", "explain", "plant_facts"]
