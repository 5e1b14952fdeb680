"""The plan on the platform: models, scoping, workflow, pages and API of plans."""
