#!/usr/bin/env python3
"""What this disk sustains for sequential writes with fsync: the limit issue 9 compares 10 MiB
relaying against. Writes `--total` MiB into one file in the gateway's data directory's file
system, in 64 KiB writes (as the spool writer does), with an fdatasync after every `--every` MiB
(one message of 10 MiB by default, as the gateway syncs each group of messages), and prints one
JSON line with MB/s. The file is removed afterwards; the page cache is dropped before each run
so that earlier runs do not help.

    python3 bench/spool/disk_limit.py [--dir /var/tmp] [--total 1024] [--every 10] [--reps 3]
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--dir", default="/var/tmp")
ap.add_argument("--total", type=int, default=1024, help="MiB written per run")
ap.add_argument("--every", type=int, default=10, help="MiB between fdatasyncs")
ap.add_argument("--reps", type=int, default=3)
a = ap.parse_args()
block = os.urandom(64 * 1024)
for rep in range(1, a.reps + 1):
    path = os.path.join(a.dir, "disk-limit-%d.tmp" % os.getpid())
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1\n")
    except OSError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    t0 = time.monotonic()
    written = 0
    try:
        while written < a.total * 1048576:
            for _ in range(a.every * 16):
                os.write(fd, block)
            written += a.every * 1048576
            os.fdatasync(fd)
        secs = time.monotonic() - t0
    finally:
        os.close(fd)
        os.unlink(path)
    print(json.dumps({"limit": "sequential-fdatasync", "dir": a.dir, "every_mib": a.every, "total_mib": a.total,
                      "rep": rep, "secs": round(secs, 3), "mb_s": round(written / 1e6 / secs, 1),
                      "mib_s": round(written / 1048576 / secs, 1)}), flush=True)
