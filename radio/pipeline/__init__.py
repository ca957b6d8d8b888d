"""One month end to end: script → spoken segments → programme → episode files and record."""
