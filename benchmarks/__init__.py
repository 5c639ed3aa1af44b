"""Side-by-side benchmarks: each workload is timed beside its baseline in the same run."""
