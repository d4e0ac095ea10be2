"""A synthetic province on PostgreSQL, for the reporting benchmark of issue 5.

At `scale` 1.0: one province of 100 communes and 1,500 villages under the country unit, 1.5 M
residents, ~6 M practice attempts over 12 skills, ~3 M masteries and the certificates they earn,
3,000 village classes with ~200 k attendance records, 4,000 help requests, six conferences of cadres
with their cascade links, and the approved village reports of the last six months and two quarters.
Every count scales with `scale`.

The rows are those the app's services would have written: attempts numbered 1, 2, 3… per person and
skill, each practice mastery linked to the first passed attempt, a mentor's mastery behind a "did it
alone" skill check, a certificate issued at the mastery that completes its set, attendance only of
enrolled residents, every fact carrying its resident's village, commune and province. They are drawn
from one seed by Python generators and streamed into PostgreSQL with COPY, in one transaction: the big
tables' secondary indexes and constraints are set aside during the load and rebuilt after it (which
checks every row against them), the sequences then continue after the loaded ids, and VACUUM ANALYZE
leaves the tables as a running database keeps them.

Times run from 2025-01-01 to 2026-11-20, local time; ages count in 2026. The province is "Lâm Sơn",
code 99 (no real province has it), its communes 99001…, its villages 99001-001… as `create_village`
numbers them. Everything is invented and describes no real person or place.

The derived tables (milestones, roll-up tallies) stay empty: `manage.py rebuild_rollups` computes them
from these facts, which is the benchmark's first measurement.

Modules: `shape` (sizes and the figures the people are drawn from), `rows` (COPY text, ids, times),
`catalog` (what the province builds on), `names`, then a writer per area (`places`, `people`,
`learning`, `training`, `reports`), `schema` (the tables, their indexes set aside and restored) and
`build` (the transaction and its timings).
"""

from _province.build import BuildFigures, TableFigure, build_province
from _province.rows import ProvinceError
from _province.shape import Size

__all__ = ["BuildFigures", "ProvinceError", "Size", "TableFigure", "build_province"]
