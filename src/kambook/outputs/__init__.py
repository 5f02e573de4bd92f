"""Writers: one per artifact, each writing to a temporary file that replaces the target atomically."""
