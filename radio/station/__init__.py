"""The commune station: sync, verify, play at slots, queue play reports."""
