"""The wire formats shared by the centre and the stations: one module per format, encode and decode.

`manifest` (what a station must hold and air), `report` (what a station tells the centre),
`minisign` (how the centre signs and a station verifies). Imports only radio.core, so the centre's
publisher, the server and the station agent all use the same definitions.
"""
