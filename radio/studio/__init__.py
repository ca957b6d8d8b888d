"""The Studio: the media centre's web app (Vietnamese by default) over the CLI's library functions.

A composition layer like radio.cli: it may import any stage and radio.config; no stage imports it.
`create_app(config_path)` gives the ASGI app; `radio studio` serves it with uvicorn.
"""

from radio.studio.app import create_app

__all__ = ["create_app"]
