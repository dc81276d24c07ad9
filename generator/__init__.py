"""Static self-service knowledge portal generator: content/ in, an intranet help centre out."""
