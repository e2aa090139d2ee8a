"""tma-check: check a .docx assignment against its word limits and marking rubric."""

__version__ = "0.1.0"
