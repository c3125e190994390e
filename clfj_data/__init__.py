"""Milestones of the Child Labour Free Jaipur programme: reading, checking and describing them.

This package holds all of the dashboard's logic and never imports streamlit.
"""

from .dates import format_date
from .load import LoadResult, load_milestones
from .problems import LoadError, Problem, UnreadableFile
from .programme import Programme, load_programme, shipped_milestones_path
from .read import Limits
from .schema import MILESTONE_COLUMNS

__all__ = [
    "MILESTONE_COLUMNS",
    "Limits",
    "LoadError",
    "LoadResult",
    "Problem",
    "Programme",
    "UnreadableFile",
    "format_date",
    "load_milestones",
    "load_programme",
    "shipped_milestones_path",
]
