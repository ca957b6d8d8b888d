"""Compile: the month's script from topic templates, the month's input and the year plan."""
