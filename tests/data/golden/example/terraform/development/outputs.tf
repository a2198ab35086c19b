# No outputs yet.
