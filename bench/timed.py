"""Runs one command and prints "elapsed_s max_rss_kb": the wall time from just before it is
started to its exit (time.perf_counter around fork, exec and wait) and its peak resident
memory (wait4's rusage, of the command and the children it waited for — what /usr/bin/time -v
reports as the maximum resident set size). Its output goes to the files given.

    python3 bench/timed.py OUT ERR COMMAND [ARG…]

Used by bench/cli.sh instead of /usr/bin/time, whose wall time has a resolution of 10 ms (too
coarse for jixiao's ~30 ms), and without timing a second process around the command.
"""
import os
import subprocess
import sys
import time

out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, "wb") as o, open(err, "wb") as e:
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=o, stderr=e)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.stderr.write(open(err, encoding="utf-8", errors="replace").read())
    sys.exit(1)
print(f"{elapsed:.4f} {usage.ru_maxrss}")
