"""`python -m radio …` runs the radio command (what a service uses when no `radio` script is at hand)."""

from radio.cli import main

main()
