"""The ClimatePlan TH Django project: settings, URLs, accounts and roles, base templates.

Run it with ``climateplan serve`` (docs/web.md); deploy it as docs/deploy.md shows.
"""
