"""Checks across the loaded content, owner HTML's safety, links, audiences, the published site."""
