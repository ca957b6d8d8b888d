"""Leaf helpers that import nothing of radio above them: errors, months, atomic files, TOML tables, ffmpeg, hashing, kinds."""
