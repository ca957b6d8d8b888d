"""Speak: Vietnamese text to audio through one engine interface."""
