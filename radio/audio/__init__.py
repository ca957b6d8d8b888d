"""Assemble: join spoken segments and jingles, level loudness, export a tagged MP3."""
