"""Admission screening of incoming enterprises (生态环境准入) against a cluster's criteria set.

Modules: :mod:`~eia.admission.schema` (applications, criteria sets), :mod:`~eia.admission.rules`
(one evaluator per rule kind, registry ``RULE_KINDS``), :mod:`~eia.admission.engine` (criteria
resolution, cluster environment, screening and cumulative batches), :mod:`~eia.admission.batch`
(CSV/XLSX), :mod:`~eia.admission.pipeline` (``run_admission(ctx, results)``),
:mod:`~eia.admission.note` (screening notes), :mod:`~eia.admission.cli` (``eia screen``).
See docs/criteria-reference.md.
"""
