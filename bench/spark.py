"""Spark benchmark: ``marsad spark annotate`` on local[1] and local[2] against the
single-process ``marsad annotate``, on the same ANT articles from ../shared/corpus.

    python bench/spark.py [--limit 300] [--masters local[1],local[2]] [--stages …]

Each run is a fresh process (a fresh JVM for Spark), timed from outside. Prints, per
run: wall seconds, documents/s over the whole run, documents/s after Spark's start-up
(``startup_seconds`` of the job's summary.json), the CPU seconds of the whole process
tree (driver, JVM, Python workers) and the documents per CPU second, and the tree's
peak resident memory, all sampled from /proc every 0.5 s. On a shared machine wall
time follows the other processes' load; CPU seconds do not, so both are printed. The
input is written to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "ant_multisource_v2.1.jsonl.gz"
SAMPLE_EVERY = 0.5
TICK = os.sysconf("SC_CLK_TCK")


def write_sample(path: Path, limit: int) -> int:
    """The first ``limit`` ANT records, as the JSON Lines both commands read."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, path.open("w", encoding="utf-8") as out:
        n = 0
        for line in itertools.islice(fh, limit):
            rec = json.loads(line)
            rec["id"] = rec.get("docno") or f"ant-{n}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children = _children()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def run(cmd: list[str], stdout: int | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``cmd`` and its process tree, run
    niced. CPU is each process's last sample, so a process's final half second is missed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(["nice", "-n", "10", *cmd], stdout=stdout, stderr=subprocess.DEVNULL)
    peak = 0
    cpu: dict[int, float] = {}

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            pids = tree(proc.pid)
            peak = max(peak, sum(_rss_kb(pid) for pid in pids))
            for pid in pids:
                cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {code}")
    return time.perf_counter() - t0, sum(cpu.values()), peak // 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=300, help="ANT articles")
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--stages", default="", help="comma-separated (default: the configured annotate stages)")
    args = ap.parse_args()

    marsad = [sys.executable, "-m", "marsad.cli"]
    stages = ["--stages", args.stages] if args.stages else []
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-spark-"))
    sample = work / "ant.jsonl"
    n = write_sample(sample, args.limit)
    print(f"{n} ANT articles · load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'run':<22}{'wall s':>8}{'docs/s':>9}{'docs/s after start':>20}{'CPU s':>8}{'docs/CPU s':>12}"
        f"{'peak MB':>9}{'load':>6}"
    )

    wall, cpu, peak = run([*marsad, "annotate", str(sample), *stages], stdout=subprocess.DEVNULL)
    load = os.getloadavg()[0]
    print(f"{'marsad annotate':<22}{wall:>8.1f}{n / wall:>9.2f}{'':>20}{cpu:>8.1f}{n / cpu:>12.2f}{peak:>9}{load:>6.1f}")
    for master in args.masters.split(","):
        out = work / f"out-{master.replace('[', '').replace(']', '').replace('*', 'all')}"
        cmd = [*marsad, "spark", "annotate", str(sample), "--out", str(out), "--master", master, *stages]
        wall, cpu, peak = run(cmd)
        load = os.getloadavg()[0]
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        annotated = summary["outcomes"].get("annotated", 0)
        after_start = summary["seconds"] - summary["startup_seconds"]
        print(
            f"{'spark ' + master:<22}{wall:>8.1f}{annotated / wall:>9.2f}{annotated / after_start:>20.2f}"
            f"{cpu:>8.1f}{annotated / cpu:>12.2f}{peak:>9}{load:>6.1f}"
        )
        if annotated != n:
            print(f"  outcomes: {summary['outcomes']}")


if __name__ == "__main__":
    main()
