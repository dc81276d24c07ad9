"""The content model and its one reading: schemas, YAML with positions, owner Markdown, loading."""
