"""spip's domain: plans, workshops, analysis and storage. Never imports textual."""

__version__ = "0.1.0"
