"""The month's lifecycle, shared by the CLI, the Studio and the tests (both faces only parse and render).

- `months`: the month's state (`MonthState`, from files and the database) and what to do next.
- `review`: submit, return with a reason, approve; each one transaction with its audit entry.
- `emergency`: the signing key's one rule and `send_emergency`.
- `stations`: station health, one definition (online, last seen, behind, clock, disk) for
  `radio stations` and the Studio's stations page.
"""
