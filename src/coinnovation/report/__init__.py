"""Reports of a model file: the analysis (:mod:`.analysis`) and the document it fills (:mod:`.document`)."""

from .analysis import MAX_SUPPORT_PROFILES, analyze, regime_grid
from .document import FORMATS, Report, ReportWriteError, write_report

__all__ = ["FORMATS", "MAX_SUPPORT_PROFILES", "Report", "ReportWriteError", "analyze", "regime_grid",
           "write_report"]
