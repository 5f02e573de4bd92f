"""kambook: a publishing pipeline turning a Markdown manuscript and a CMS export into a book."""

__version__ = "0.1.0"
