"""Use cases that wire the pure core to the storage adapter; the CLI and web call these."""
