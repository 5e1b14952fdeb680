"""From plan to action: the calculation core of monitoring (no Django).

- :mod:`.periods`: reporting periods of Thai fiscal years (1 October - 30 September);
- :mod:`.reports`: the checks of a progress report (status, reason, percent, budget
  disbursed, KPI value in the action's unit);
- :mod:`.achieved`: KPI values turned into estimated achieved reductions with the
  reduction engine and the measure's own parameters;
- :mod:`.summary`: the figures of the monitoring dashboards (status, agency, sector,
  budget, KPI, reductions against the plan path, actual emissions against BAU);
- :mod:`.devplan`: the provincial development plan's structure read from its XLSX layout;
- :mod:`.progress_table`: a meeting's progress report (every action's status for a
  period, by agency and by sector);
- :mod:`.exports`: the development-plan annex and the Environment Fund proposal as
  files; :mod:`.exports_meeting`: the meeting's progress report as a workbook.

The web layer (:mod:`climateplan.monitoring.web`) and the command line call these.
"""
