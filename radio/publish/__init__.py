"""Publish: the static tree stations pull from (content-addressed audio, signed manifests, RSS)."""
