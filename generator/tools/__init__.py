"""Commands beside the build: search, health report, CODEOWNERS, scaffolding, JSON Schemas, reference, preview."""
