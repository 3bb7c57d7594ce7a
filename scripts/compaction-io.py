#!/usr/bin/env python3
# The longest journal-like save (a 600-byte append and fdatasync every 5 ms) while another
# process writes SIZE MiB as a compaction does, in each MODE: whole (written, then one fsync:
# compactions before issue 28), chunks (4 MiB chunks, each started with sync_file_range and the
# one before waited for), idle (whole, at idle I/O priority and nice 10), paced (chunks + idle:
# what `PacedWrites` does). Usage: scripts/compaction-io.py SIZE MODE... (in $TMPDIR's disk).
import ctypes, os, sys, time, multiprocessing as mp
libc = ctypes.CDLL(None, use_errno=True)
SIZE = int(sys.argv[1]) << 20
D = os.environ.get("TMPDIR", "/tmp")  # the disk to measure
def compactor(mode, go):
    if mode == "idle":
        libc.syscall(251, 1, 0, 3 << 13); os.nice(10)
    if mode == "paced":
        libc.syscall(251, 1, 0, 3 << 13); os.nice(10)
    go.wait()
    fd = os.open(f"{D}/big.tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    chunk = 4 << 20; buf = os.urandom(chunk); done = 0
    while done < SIZE:
        os.write(fd, buf)
        if mode in ("paced", "chunks"):
            libc.sync_file_range(fd, ctypes.c_int64(done), ctypes.c_int64(chunk), 2)
            if done: libc.sync_file_range(fd, ctypes.c_int64(done - chunk), ctypes.c_int64(chunk), 7)
        done += chunk
    os.fsync(fd); os.close(fd)
def run(mode):
    go = mp.Event(); p = mp.Process(target=compactor, args=(mode, go)); p.start()
    j = os.open(f"{D}/journal", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    line = b"x" * 600 + b"\n"; times = []
    go.set(); t_end = None
    while p.is_alive() or len(times) < 50:
        s = time.perf_counter(); os.write(j, line); os.fdatasync(j); times.append(time.perf_counter() - s)
        time.sleep(0.005)
        if not p.is_alive() and t_end is None: t_end = len(times)
        if t_end is not None and len(times) > t_end + 20: break
    p.join(); os.close(j)
    times.sort()
    print(f"{mode:6} {SIZE>>20} MB: saves {len(times)}, median {times[len(times)//2]*1000:.2f} ms, p99 {times[int(len(times)*.99)]*1000:.1f} ms, longest {times[-1]*1000:.1f} ms")
for m in sys.argv[2:]: run(m)
for f in ("big.tmp", "journal"):
    try: os.unlink(f"{D}/{f}")
    except FileNotFoundError: pass
