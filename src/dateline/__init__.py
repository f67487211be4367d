"""dateline: dated news reports in, a sourced event record out."""
__version__ = "0.1.0"
