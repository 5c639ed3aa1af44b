"""`make bench`: set up a throw-away database, run every benchmark module, print the comparisons."""

from __future__ import annotations

import os
import tempfile


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="multitrack-bench-") as data_dir:
        os.environ["MULTITRACK_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)

        from benchmarks import bench_registry

        print("Multitrack benchmarks (median of 5 runs, workload beside its baseline, same run)")
        for result in bench_registry.run():
            print(result.line())


if __name__ == "__main__":
    main()
