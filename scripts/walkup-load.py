#!/usr/bin/env python3
"""Load test of `frontdesk serve` (issue 26): 200 check-ins in a minute while 20 waiting-room
displays are open. Reports how late each display was (from a check-in's answer to every
display showing it), and the server's memory (RSS) and CPU. Standard library only.

    scripts/walkup-load.py --frontdesk .build/release/frontdesk [--store DIR-or-postgres://...]
        [--check-ins 200] [--seconds 60] [--displays 20]

A new store is made (a temporary folder unless --store names an empty one) with a walk-up
location open round the clock; the figures are printed as text and as one JSON line.
"""
import argparse, http.client, json, os, re, statistics, subprocess, sys, tempfile, threading, time


def frontdesk(binary, store, *args):
    env = dict(os.environ, FRONTDESK_STORE=store, FRONTDESK_AGENT="", NO_COLOR="1")
    done = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"frontdesk {' '.join(args)}: {done.stderr}{done.stdout}")


def set_up(binary, store):
    for args in [
        ["queue", "add", "walk-in", "--name", "Walk-in", "--channels", "walk-up"],
        ["config", "set", "queue.walk-in.walk_up", "on"],
        ["config", "set", "queue.walk-in.walk_up.time_zone", "UTC"],
        ["config", "set", "queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00"],
        ["config", "set", "queue.walk-in.walk_up.last_check_in", "0"],
        ["config", "set", "queue.walk-in.walk_up.guest_check_in", "on"],
        ["agent", "add", "bo", "--name", "Bo", "--queues", "walk-in"],
        ["presence", "available", "--agent", "bo"],
    ]:
        frontdesk(binary, store, *args)


class Display(threading.Thread):
    """One open display: reads its event stream and notes when each waiting count first arrived."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.seen, self.connected = port, {}, threading.Event()

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request("GET", "/events/display/walk-in")
        response = connection.getresponse()
        data = []
        while True:
            line = response.fp.readline()
            if not line:
                return
            line = line.decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and data:
                text = "\n".join(data)
                data = []
                found = re.search(r'data-waiting="(\d+)"', text)
                count = int(found.group(1)) if found else 0
                now = time.monotonic()
                for n in range(1, count + 1):
                    self.seen.setdefault(n, now)
                self.connected.set()


def sample(pid, samples, stop):
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
            samples.append(rss)
        except (OSError, AttributeError):
            return
        stop.wait(0.25)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frontdesk", default=".build/release/frontdesk")
    parser.add_argument("--store")
    parser.add_argument("--check-ins", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--displays", type=int, default=20)
    options = parser.parse_args()
    store = options.store or tempfile.mkdtemp(prefix="frontdesk-load-") + "/store"
    set_up(options.frontdesk, store)

    log = tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", delete=False)
    env = dict(os.environ, FRONTDESK_STORE=store, FRONTDESK_AGENT="")
    server = subprocess.Popen([options.frontdesk, "serve", "--port", "0", "--check-in-limit", "100000"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        deadline = time.monotonic() + 30
        while port is None and time.monotonic() < deadline:
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(log.name).read())
            port = int(found.group(1)) if found else None
            time.sleep(0.05)
        if port is None:
            sys.exit("serve did not start: " + open(log.name).read())
        rss_idle = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{server.pid}/status").read()).group(1))

        displays = [Display(port) for _ in range(options.displays)]
        for display in displays:
            display.start()
        for display in displays:
            display.connected.wait(10)

        samples, stop = [], threading.Event()
        sampler = threading.Thread(target=sample, args=(server.pid, samples, stop), daemon=True)
        sampler.start()
        cpu_before, wall_before = cpu_seconds(server.pid), time.monotonic()
        answered, statuses = {}, {}
        interval = options.seconds / options.check_ins
        for i in range(1, options.check_ins + 1):
            due = wall_before + (i - 1) * interval
            time.sleep(max(0, due - time.monotonic()))
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = f"name=Visitor+{i}+Load&contact=&reason=Laptop+repair"
            connection.request("POST", "/checkin/walk-in", body,
                               {"Content-Type": "application/x-www-form-urlencoded", "X-Real-IP": f"198.51.100.{i % 250}"})
            response = connection.getresponse()
            response.read()
            answered[i] = time.monotonic()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            connection.close()
        # Every display should show the last one within 1 s; wait up to 10 s to measure lateness.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(options.check_ins not in d.seen for d in displays):
            time.sleep(0.05)
        wall = time.monotonic() - wall_before
        cpu = cpu_seconds(server.pid) - cpu_before
        stop.set()

        lags = []
        missing = 0
        for i, at in answered.items():
            for display in displays:
                if i in display.seen:
                    lags.append(max(0.0, display.seen[i] - at))
                else:
                    missing += 1
        lags.sort()
        figures = {
            "check_ins": options.check_ins, "displays": options.displays, "seconds": round(wall, 1),
            "statuses": statuses, "display_updates_missing": missing,
            "lag_median_ms": round(statistics.median(lags) * 1000, 1) if lags else None,
            "lag_p99_ms": round(lags[int(len(lags) * 0.99) - 1] * 1000, 1) if lags else None,
            "lag_max_ms": round(lags[-1] * 1000, 1) if lags else None,
            "late_over_1s": sum(1 for lag in lags if lag > 1.0),
            "rss_idle_mib": round(rss_idle / 1024, 1), "rss_max_mib": round(max(samples) / 1024, 1) if samples else None,
            "cpu_seconds": round(cpu, 2), "cpu_percent_of_one_core": round(100 * cpu / wall, 1),
            "store": "postgres" if store.startswith("postgres") else "files",
        }
        print(f"{options.check_ins} check-ins in {wall:.1f} s, {options.displays} displays open ({figures['store']})")
        print(f"answers: {statuses}; display updates missing: {missing}")
        print(f"display lag after a check-in's answer: median {figures['lag_median_ms']} ms, p99 {figures['lag_p99_ms']} ms, "
              f"max {figures['lag_max_ms']} ms; over 1 s: {figures['late_over_1s']}")
        print(f"serve RSS: {figures['rss_idle_mib']} MiB idle, {figures['rss_max_mib']} MiB at most; "
              f"CPU {figures['cpu_seconds']} s ({figures['cpu_percent_of_one_core']} % of one core)")
        print(json.dumps(figures))
        return 0 if missing == 0 and figures["late_over_1s"] == 0 and statuses.get(303) == options.check_ins else 1
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
