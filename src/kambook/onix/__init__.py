"""The ONIX for Books 3.0 feed: the book's metadata as French distributors, booksellers and the BnF's legal
deposit take it, written beside the printer's files (``dist/publisher/<slug>.onix.xml``).

The build hands ``feed_inputs`` the book model, the print interior's pages and the cover sheet;
``write_feed`` writes the message and the cover image it links to. ``kambook check`` validates it
(``preflight/onix.py``), products never importing one another.
"""

from .feed import Feed, feed_names, onix_message, write_feed
from .inputs import FeedInputs, PrintedPages, Price, feed_inputs

__all__ = ["Feed", "FeedInputs", "PrintedPages", "Price", "feed_inputs", "feed_names", "onix_message",
           "write_feed"]
