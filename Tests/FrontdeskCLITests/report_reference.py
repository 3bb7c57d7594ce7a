#!/usr/bin/env python3
"""An independent computation of `frontdesk report`'s figures, from what the store exports.

Reads `export --format jsonl` (one record a line), the audit trails of the same records
(`show NUMBER --json`, one object a line: transfers, the last agent and the first accept are on
the trail, which a JSON Lines export leaves out) and the queues (QUEUES.json: per queue id its
wait target, and where it has business hours its zone, weekly hours and holidays), and prints
the report as JSON in the shape of `report --json` (rows by key, each figure by name), plus
`wall_clock_within_target`: how many would have met their target on the wall clock, so a test
can show business time made a difference. Standard library only (zoneinfo for the zones).

QUEUES.json: {"service-desk": {"target": 300, "zone": "Europe/London",
              "hours": {"mon": ["09:00-17:00"], ...}, "holidays": ["2026-12-25"]}, ...}
(no "hours": open around the clock).

usage: report_reference.py EXPORT.jsonl TRAILS.jsonl QUEUES.json FROM TO ZONE GROUPING
"""
import json
import math
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


def parse(at):
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def local_midnight(day, zone):
    # The first instant whose local date is `day` (clocks change at night, never across midnight here).
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


def nearest_rank(values, p):
    if not values:
        return None
    values = sorted(values)
    rank = max(1, math.ceil(p * len(values) / 100))
    return values[rank - 1]


def transfers(trail):
    count = 0
    for i, entry in enumerate(trail):
        if entry["field"] != "state":
            continue
        if entry.get("new") == "on_hold" and i + 1 < len(trail):
            nxt = trail[i + 1]
            if nxt["at"] == entry["at"] and nxt["field"] == "assigned_to" and nxt.get("new") and nxt.get("new") != nxt.get("old"):
                count += 1
        elif entry.get("new") == "queued" and entry.get("old") in ("work_in_progress", "on_hold", "wrap_up"):
            count += 1
    return count


def last_agent(record, trail):
    if record.get("assigned_to"):
        return record["assigned_to"]
    for entry in reversed(trail):
        if entry["field"] == "assigned_to" and entry.get("new"):
            return entry.get("new")
    return None


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def at_local(day, hhmm, zone):
    # A local wall-clock time on `day` as a UTC instant; 24:00 is the next day's midnight.
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day + timedelta(days=hours // 24), time(hours % 24, minutes), tzinfo=zone).astimezone(timezone.utc)


def business_seconds(start, end, queue):
    """Seconds of [start, end) inside the queue's open hours, each span on its own local date."""
    if end <= start:
        return 0
    if "hours" not in queue:
        return int((end - start).total_seconds())
    zone = ZoneInfo(queue["zone"])
    holidays = set(queue.get("holidays", []))
    total = 0
    day = (start - timedelta(days=1)).astimezone(zone).date()
    while day <= end.astimezone(zone).date():
        if day.isoformat() not in holidays:
            for span in queue["hours"].get(WEEKDAYS[day.weekday()], []):
                a, b = span.split("-")
                lo, hi = max(at_local(day, a, zone), start), min(at_local(day, b, zone), end)
                if lo < hi:
                    total += int((hi - lo).total_seconds())
        day += timedelta(days=1)
    return total


def service_wait(record, trail):
    """(when it last joined its queue before its first accept, that accept); None if never accepted."""
    states = [e for e in trail if e["field"] == "state"]
    answered = next((parse(e["at"]) for e in states if e.get("new") == "work_in_progress"), None)
    if answered is None:
        return None
    joined = [parse(e["at"]) for e in states if e.get("new") in ("queued", "new") and parse(e["at"]) <= answered]
    return (joined[-1] if joined else parse(record["opened_at"]), answered)


def main():
    export, trails_path, queues_path, first, last, zone_name, grouping = sys.argv[1:8]
    zone = ZoneInfo(zone_name)
    start = local_midnight(date.fromisoformat(first), zone)
    end = local_midnight(date.fromisoformat(last) + timedelta(days=1), zone)
    queues = json.load(open(queues_path))
    trails = {}
    for line in open(trails_path):
        if line.strip():
            shown = json.loads(line)
            trails[shown["number"]] = shown.get("audit_trail") or []
    groups = {}
    everything = []
    for line in open(export):
        if not line.strip():
            continue
        r = json.loads(line)
        opened = parse(r["opened_at"])
        if not (start <= opened < end):
            continue
        trail = trails[r["number"]]
        local = opened.astimezone(zone)
        key = {
            "queue": r.get("queue") or "",
            "agent": last_agent(r, trail) or "",
            "channel": r["type"],
            "reason": r.get("u_reason_for_visit") or "",
            "wrap-up": r.get("wrap_up_code") or "",
            "hour": "%02d:00" % local.hour,
            "day": local.date().isoformat(),
        }[grouping]
        groups.setdefault(key, []).append((r, trail))
        everything.append((r, trail))

    def figures(key, members):
        answered = [r for r, _ in members if r["state"] == "closed_complete"]
        abandoned = [r for r, _ in members if r["state"] == "closed_abandoned"]
        waits = [r["wait_time_seconds"] for r in answered]
        handles = [r["duration_seconds"] + r["wrap_up_seconds"] for r in answered]
        targeted = [(r, t) for r, t in members if r["state"] == "closed_complete"
                    and queues.get(r.get("queue") or "", {}).get("target", 0) > 0 and service_wait(r, t)]
        within = [r for r, t in targeted
                  if business_seconds(*service_wait(r, t), queues[r["queue"]]) <= queues[r["queue"]]["target"]]
        ratings = [int(r["u_satisfaction_rating"]) for r, _ in members if r.get("u_satisfaction_rating")]
        closed = len(answered) + len(abandoned)
        row = {
            "key": key,
            "contacts": len(members),
            "answered": len(answered),
            "abandoned": len(abandoned),
            "abandonment_rate": len(abandoned) / closed if closed else None,
            "wait_median_seconds": nearest_rank(waits, 50),
            "wait_p90_seconds": nearest_rank(waits, 90),
            "handle_median_seconds": nearest_rank(handles, 50),
            "handle_p90_seconds": nearest_rank(handles, 90),
            "hold_seconds": sum(r["hold_time_seconds"] for r, _ in members),
            "within_target": len(within),
            "with_target": len(targeted),
            "service_level": len(within) / len(targeted) if targeted else None,
            "transfers": sum(transfers(t) for _, t in members),
            # Public replies carry their outbox id; what the customer wrote (even typed in by an agent) has none.
            "replies": sum(sum(1 for m in r["conversation"] if m.get("id")) for r, _ in members),
            "satisfaction_count": len(ratings),
            "satisfaction_mean": sum(ratings) / len(ratings) if ratings else None,
        }
        for score in range(1, 6):
            row["rated_%d" % score] = ratings.count(score)
        return row

    def order(key):
        return (key == "", key)

    print(json.dumps({
        "group_by": grouping,
        "from": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "to": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rows": [figures(k, groups[k]) for k in sorted(groups, key=order)],
        "total": figures("Total", everything),
        "wall_clock_within_target": sum(
            1 for r, t in everything if r["state"] == "closed_complete" and service_wait(r, t)
            and queues.get(r.get("queue") or "", {}).get("target", 0) > 0
            and (service_wait(r, t)[1] - service_wait(r, t)[0]).total_seconds() <= queues[r["queue"]]["target"]),
    }, sort_keys=True, indent=1))


if __name__ == "__main__":
    main()
