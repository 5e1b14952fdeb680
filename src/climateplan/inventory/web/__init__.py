"""Django app of the inventory: models, workflow services, pages, REST API.

The app never computes emissions itself: every result comes from
:func:`climateplan.inventory.analyse`, the same function the command line uses,
so a result is identical whichever door it came through.
"""
