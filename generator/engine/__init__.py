"""The site engine: the only package that knows MkDocs (another engine would be another module here)."""
