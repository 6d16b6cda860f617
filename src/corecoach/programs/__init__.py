"""Program generation and progression: pure functions over the catalogue, assessment and log."""
