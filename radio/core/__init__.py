"""Leaf helpers that import nothing of radio above them.

Errors, months, atomic files, TOML tables, ffmpeg, hashing, crash points, message catalogs.
"""
