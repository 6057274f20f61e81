"""lintou-report: township party-committee briefings and reports typeset to GB/T 9704-2012."""

__version__ = "0.1.0"
