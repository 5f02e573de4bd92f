"""The symposium's flipbook: an event booklet PDF, its pages as images with a text layer, and a web viewer."""
