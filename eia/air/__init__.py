"""Air assessment by HJ 2.2-2018 (大气环境影响评价技术导则).

Modules: :mod:`~eia.air.schema` (scenario section ``air``), :mod:`~eia.air.meteorology` (hourly data
checks and summaries), :mod:`~eia.air.limits` (ambient limits from :mod:`eia.standards`),
:mod:`~eia.air.estimation` (screening, Pmax, D10%, grade and range), :mod:`~eia.air.receptors`,
:mod:`~eia.air.predictions` (hourly runs, HJ 663-2013 percentiles, superposition),
:mod:`~eia.air.protection` (大气环境防护距离) and :mod:`~eia.air.pipeline` (``run_air(ctx)``).
Physics lives in :mod:`models.air`.
"""
