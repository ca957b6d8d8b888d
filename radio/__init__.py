"""radio: the town's monthly CCHC radio programme, from script to loudspeaker."""

__version__ = "0.1.0"
