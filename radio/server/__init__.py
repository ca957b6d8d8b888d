"""`radio serve`: the publish tree over HTTP and the play-report endpoint."""
