"""radio: the town's monthly CCHC radio programme, from script to loudspeaker."""

__version__ = "0.1.0"

import warnings

# pydub warns at import when ffmpeg is not on PATH; radio always uses the bundled one (radio.core.ffmpeg).
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)
