"""marsad (مرصد): Arabic-first news intelligence, offline on a laptop."""

__version__ = "0.1.0"
