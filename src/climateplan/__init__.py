"""ClimatePlan TH: provincial climate change planning for Thailand.

The calculation core (``climateplan.inventory``, ``climateplan.risk``, ...) runs
without a web server; the command line (``climateplan.cli``) and, later, the web
site call the same public functions.
"""

__version__ = "0.1.0"
