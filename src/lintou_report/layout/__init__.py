"""Format-neutral layout: where lines break and blocks go, shared by every writer."""
