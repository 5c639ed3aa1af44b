"""`make bench`: set up a throw-away database, run every benchmark module, print the comparisons.

`python -m benchmarks [registry] [network]` runs the named modules only. A module that fails is
reported under its heading and the others still run; the exit status is then 1.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable

_django_ready = False


def setup_django() -> None:
    """Django on the throw-away data folder, migrated once (only the registry benchmark needs it)."""
    global _django_ready
    if _django_ready:
        return
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    _django_ready = True


# (short name, heading, module in this package, set-up to run first)
BENCHMARKS: tuple[tuple[str, str, str, Callable[[], None] | None], ...] = (
    (
        "registry",
        "Registry queries (median of 5 runs, workload beside its baseline, same run)",
        "bench_registry",
        setup_django,
    ),
    (
        "network",
        "Network analysis (medians of 3 alternating runs, workload beside its baseline, same run)",
        "bench_network",
        None,
    ),
    (
        "screening",
        "Screening quality (name pairs at the default threshold, engine beside a fuzzy baseline)",
        "bench_screening_quality",
        None,
    ),
    (
        "screening_speed",
        "Screening speed (names against UN SC + OFAC SDN: candidate index beside all-pairs rapidfuzz)",
        "bench_screening_speed",
        None,
    ),
    (
        "tracing",
        "Transfer tracing (2,000 generated agreements, 1,000 queries: bm25s engine beside brute-force "
        "TF-IDF cosine, each in its own process; BM25 beside BM25 + embeddings)",
        "bench_tracing",
        None,
    ),
    ("consultation", "Consultations: opinion groups (each side in its own process)", "consultation", None),
    (
        "linkage",
        "Privacy-preserving linkage (name pairs: plaintext beside encoded matchers; 100,000 × 100,000 "
        "encodings: blocking beside all-pairs numpy Dice, each side in its own process)",
        "linkage",
        None,
    ),
    (
        "landscape",
        "Track One imports (a 10,000-row MEND-like file: checked import beside row-by-row saving, same run)",
        "bench_landscape",
        setup_django,
    ),
    (
        "consultation_load",
        "Consultation voting under load (locust, 200 users × 60 s against `multitrack serve`, SQLite and "
        "PostgreSQL: vote latency beside /healthz under the same load and 1 uncontended user, same run)",
        "bench_consultation_load",
        None,
    ),
    (
        "pages",
        "Every page of the demo, cold and warm (`multitrack serve`, owner, analyst and funder walking every "
        "link as the browser tour does: each page beside /healthz on the same server, same run)",
        "bench_pages",
        None,
    ),
)


def main(argv: list[str] | None = None) -> int:
    wanted = set(sys.argv[1:] if argv is None else argv)
    unknown = wanted - {name for name, *_ in BENCHMARKS}
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="multitrack-bench-") as data_dir:
        os.environ["MULTITRACK_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
        from multitrack.core.crypto import generate_key

        # Identifying fields are encrypted: a throw-away key for the throw-away database.
        os.environ.setdefault("MULTITRACK_KEY", generate_key())

        print("Multitrack benchmarks")
        for name, heading, module_name, setup in BENCHMARKS:
            if wanted and name not in wanted:
                continue
            print(f"\n{heading}", flush=True)
            try:
                if setup is not None:
                    setup()
                module = importlib.import_module(f"benchmarks.{module_name}")
                for result in module.run():
                    print(result.line(), flush=True)
            except Exception:
                failed.append(name)
                print(f"FAILED: the {name} benchmark stopped:", flush=True)
                traceback.print_exc(file=sys.stdout)
    if failed:
        print(f"\n{len(failed)} benchmark module(s) failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
