#!/usr/bin/env python3
"""The peer of Quorum's iCalendar export benchmark (src-tauri/core/benches/ical_export.rs).

Builds, with Python's `icalendar` library, the same VCALENDAR Quorum writes for a
council: the Europe/Paris VTIMEZONE, then one VEVENT per event with the same
properties (UID, DTSTAMP, CREATED, LAST-MODIFIED, SUMMARY, DTSTART/DTEND in
Europe/Paris or as dates, DURATION when there is no end time, RRULE, EXDATE,
LOCATION, URL, DESCRIPTION, CATEGORIES, the X-QUORUM-* properties), and serialises
it with `to_ical()`.

    python3 bench/ical_peer.py EVENTS.json REPORT.json   # warm-up + 5 timed runs
    python3 bench/ical_peer.py --once EVENTS.json OUT.ics

EVENTS.json holds the events as Quorum gives them (`Store::get_event`, serde JSON).
Only building and serialising are timed (`time.perf_counter`), not reading the JSON.
"""

import datetime as dt
import json
import statistics
import sys
import time
from zoneinfo import ZoneInfo

import icalendar
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc
UID_DOMAIN = "quorum.conseil-citoyen"
RUNS = 5

KIND_LABELS = {
    "reunion_publique": "Réunion publique",
    "atelier": "Atelier",
    "balade_urbaine": "Balade urbaine",
    "permanence": "Permanence",
    "comite_pilotage": "Comité de pilotage",
    "pleniere": "Plénière",
    "date_limite": "Date limite",
    "autre": "Autre",
}
HALF_DAYS = {"morning": ("09:00:00", "12:00:00", "MATIN"), "afternoon": ("14:00:00", "17:00:00", "APRES-MIDI")}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def paris_timezone():
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    tz.add("x-lic-location", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    tz.add_component(summer)
    winter = TimezoneStandard()
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(winter)
    return tz


def utc(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def vevent(e, demarches):
    ev = Event()
    ev.add("uid", e.get("source_uid") or f"{e['id']}@{UID_DOMAIN}")
    ev.add("dtstamp", utc(e["updated_at"]))
    ev.add("created", utc(e["created_at"]))
    ev.add("last-modified", utc(e["updated_at"]))
    ev.add("summary", e["title"])
    day = dt.date.fromisoformat(e["date"])
    timing = e["timing"]
    start = end = None
    half_day = None
    if timing in HALF_DAYS:
        s, f, half_day = HALF_DAYS[timing]
        start, end = dt.time.fromisoformat(s), dt.time.fromisoformat(f)
    elif timing == "timed" and e.get("start_time"):
        start = dt.time.fromisoformat(e["start_time"])
        end = dt.time.fromisoformat(e["end_time"]) if e.get("end_time") else None
    if start is None:
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
    else:
        ev.add("dtstart", dt.datetime.combine(day, start, tzinfo=PARIS))
        if end is not None:
            ev.add("dtend", dt.datetime.combine(day, end, tzinfo=PARIS))
        else:
            ev.add("duration", dt.timedelta(hours=1))
            ev.add("x-quorum-no-end-time", "TRUE")
    r = e.get("recurrence")
    if r:
        freq = r["frequency"]
        rule = {}
        if freq["freq"] == "weekly":
            rule["freq"] = "weekly"
            rule["byday"] = WEEKDAYS[day.weekday()]
        elif freq["freq"] == "monthly_by_day":
            rule["freq"] = "monthly"
            rule["bymonthday"] = day.day
        else:
            rule["freq"] = "monthly"
            rule["byday"] = f"{freq['week']}{WEEKDAYS[day.weekday()]}"
        if r["interval"] > 1:
            rule["interval"] = r["interval"]
        # RFC 5545 forbids COUNT with UNTIL: keep the count (Quorum keeps the limit
        # that ends first; the work is the same).
        if r.get("count"):
            rule["count"] = r["count"]
        elif r.get("until"):
            until = dt.date.fromisoformat(r["until"])
            if start is None:
                rule["until"] = until
            else:
                rule["until"] = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=PARIS).astimezone(UTC)
        ev.add("rrule", rule)
        if r["exceptions"]:
            dates = sorted(set(dt.date.fromisoformat(x) for x in r["exceptions"]))
            if start is None:
                ev.add("exdate", dates)
            else:
                ev.add("exdate", [dt.datetime.combine(x, start, tzinfo=PARIS) for x in dates])
    place, address, link = e["place"].strip(), e["address"].strip(), e["online_link"].strip()
    location = ", ".join(x for x in (place, address) if x) or link
    if location:
        ev.add("location", location)
    if link:
        ev.add("url", link)
    demarche = demarches.get(e.get("demarche_id") or "")
    description = e["description"]
    if demarche:
        description = (description.rstrip() + "\n\n" if description.strip() else "") + "Démarche : " + demarche
    if description.strip():
        ev.add("description", description.strip())
    categories = [KIND_LABELS[e["kind"]]] + ([demarche] if demarche else [])
    ev.add("categories", categories)
    if half_day:
        ev.add("x-quorum-half-day", half_day)
    if address and location:
        ev.add("x-quorum-address", address)
    return ev


def build(data):
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//Quorum//Conseil citoyen//FR")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", data["calendar_name"])
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add_component(paris_timezone())
    demarches = data["demarches"]
    for e in data["events"]:
        cal.add_component(vevent(e, demarches))
    return cal.to_ical()


def main(argv):
    once = "--once" in argv
    args = [a for a in argv if a != "--once"]
    with open(args[0], encoding="utf-8") as f:
        data = json.load(f)
    if once:
        with open(args[1], "wb") as f:
            f.write(build(data))
        return
    build(data)  # warm-up
    times = []
    out = b""
    for _ in range(RUNS):
        start = time.perf_counter()
        out = build(data)
        times.append((time.perf_counter() - start) * 1000.0)
    with open(args[1], "w", encoding="utf-8") as f:
        json.dump(
            {
                "median_ms": statistics.median(times),
                "min_ms": min(times),
                "max_ms": max(times),
                "runs": RUNS,
                "bytes": len(out),
                "vevents": out.count(b"BEGIN:VEVENT"),
                "icalendar": icalendar.__version__,
                "python": sys.version.split()[0],
            },
            f,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
