#!/usr/bin/env python3
"""Writes the ServiceNow fixtures: the same four interactions as a Table API export gives them
in each shape (raw with reference links, raw without, display values, display_value=all),
with the sys_user, sys_user_group, incident and related-record tables beside them.
Run it here to regenerate; the tests read the JSON files."""
import json

INSTANCE = "https://dev12345.service-now.com/api/now/table/"
BETH = "a8f98bb0eb32010045e1a5115206fe3a"
FRED = "5137153cc611227c000bbd1bd8cd2005"
GONE = "9ee1b13dc6112271007f9d0efdb69cd0"      # in no sys_user file
DESK = "d625dccec0a8016700a222a0f7900d06"
INC = "46f09e75a9fe198100f4ffd8d366d17b"
CASE = "f8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3"      # its table is not exported

people = {BETH: "Beth Anglin", FRED: "Fred Luddy"}
groups = {DESK: "Service Desk"}

# column: (raw value, display value); references: ("ref", table, sys_id)
rows = [
    {
        "sys_id": "1c741bd70b2322007518478d83673af3", "number": "IMS0010001", "sys_class_name": ("interaction", "Interaction"),
        "type": ("walkup", "Walk-up"), "state": ("closed_complete", "Closed Complete"), "state_reason": ("", ""),
        "active": ("false", "false"),
        "opened_for": ("ref", "sys_user", BETH), "assigned_to": ("ref", "sys_user", FRED),
        "assignment_group": ("ref", "sys_user_group", DESK), "channel_user_profile": ("", ""),
        "short_description": ("Password reset at the counter", "Password reset at the counter"),
        "opened_at": ("2024-03-04 09:00:00", "2024-03-04 09:00:00"), "closed_at": ("2024-03-04 09:10:00", "2024-03-04 09:10:00"),
        "wait_time": ("1970-01-01 00:03:12", "3 Minutes 12 Seconds"), "duration": ("1970-01-01 00:05:00", "5 Minutes"),
        "work_notes": ("", "2024-03-04 09:08:00 - Fred Luddy (Work notes)\nReset done; identity checked against the badge.\n\n"
                           "2024-03-04 09:04:00 - Fred Luddy (Work notes)\nCustomer locked out after holiday.\nTwo lines."),
        "sys_mod_count": ("4", "4"), "sys_updated_on": ("2024-03-04 09:10:00", "2024-03-04 09:10:00"),
        "sys_created_on": ("2024-03-04 09:00:00", "2024-03-04 09:00:00"), "sys_created_by": ("fred.luddy", "fred.luddy"),
        "sys_updated_by": ("fred.luddy", "fred.luddy"),
        "direction": ("inbound", "Inbound"), "sys_domain": ("ref", "sys_user_group", "global"),
    },
    {
        "sys_id": "2d852ce80b2322007518478d83673af4", "number": "IMS0010002", "sys_class_name": ("interaction", "Interaction"),
        "type": ("chat", "Chat"), "state": ("work_in_progress", "Work in Progress"), "state_reason": ("", ""),
        "active": ("true", "true"),
        "opened_for": ("ref", "sys_user", GONE), "assigned_to": ("ref", "sys_user", FRED),
        "assignment_group": ("ref", "sys_user_group", DESK), "channel_user_profile": ("", ""),
        "short_description": ("Cannot reach the VPN", "Cannot reach the VPN"),
        "opened_at": ("2026-11-27 08:00:00", "2026-11-27 08:00:00"), "closed_at": ("", ""),
        "wait_time": ("1970-01-01 00:00:30", "30 Seconds"), "duration": ("", ""),
        "work_notes": ("", ""), "sys_mod_count": ("2", "2"),
        "sys_updated_on": ("2026-11-27 08:00:30", "2026-11-27 08:00:30"),
        "sys_created_on": ("2026-11-27 08:00:00", "2026-11-27 08:00:00"), "sys_created_by": ("admin", "admin"),
        "sys_updated_by": ("fred.luddy", "fred.luddy"),
        "direction": ("inbound", "Inbound"), "sys_domain": ("ref", "sys_user_group", "global"),
    },
    {
        "sys_id": "3e963df90b2322007518478d83673af5", "number": "IMS0010003", "sys_class_name": ("interaction", "Interaction"),
        "type": ("phone", "Phone"), "state": ("closed_complete", "Closed Complete"), "state_reason": ("", ""),
        "active": ("false", "false"),
        "opened_for": ("ref", "sys_user", BETH), "assigned_to": ("ref", "sys_user", FRED),
        "assignment_group": ("ref", "sys_user_group", DESK), "channel_user_profile": ("", ""),
        "short_description": ("Outage follow-up over the weekend", "Outage follow-up over the weekend"),
        "opened_at": ("2024-05-10 17:00:00", "2024-05-10 17:00:00"), "closed_at": ("2024-05-12 18:00:45", "2024-05-12 18:00:45"),
        "wait_time": ("1970-01-01 00:00:45", "45 Seconds"), "duration": ("1970-01-03 01:00:00", "2 Days 1 Hour"),
        "work_notes": ("", ""), "sys_mod_count": ("7", "7"),
        "sys_updated_on": ("2024-05-12 18:00:45", "2024-05-12 18:00:45"),
        "sys_created_on": ("2024-05-10 17:00:00", "2024-05-10 17:00:00"), "sys_created_by": ("fred.luddy", "fred.luddy"),
        "sys_updated_by": ("fred.luddy", "fred.luddy"),
        "direction": ("outbound", "Outbound"), "sys_domain": ("ref", "sys_user_group", "global"),
    },
    {
        "sys_id": "4fa74e0a0b2322007518478d83673af6", "number": "IMS0010004", "sys_class_name": ("interaction", "Interaction"),
        "type": ("messaging", "Messaging"), "state": ("queued", "Queued"), "state_reason": ("", ""),
        "active": ("true", "true"),
        "opened_for": ("", ""), "assigned_to": ("", ""), "assignment_group": ("", ""), "channel_user_profile": ("", ""),
        "short_description": ("", ""),
        "opened_at": ("2026-11-27 08:30:00", "2026-11-27 08:30:00"), "closed_at": ("", ""),
        "wait_time": ("", ""), "duration": ("", ""), "work_notes": ("", ""), "sys_mod_count": ("0", "0"),
        "sys_updated_on": ("2026-11-27 08:30:00", "2026-11-27 08:30:00"),
        "sys_created_on": ("2026-11-27 08:30:00", "2026-11-27 08:30:00"), "sys_created_by": ("", ""),
        "sys_updated_by": ("", ""),
        "direction": ("", ""), "sys_domain": ("ref", "sys_user_group", "global"),
    },
]

def display_of(table, sid):
    return people.get(sid) or groups.get(sid) or ("Global" if sid == "global" else "")

def shaped(row, shape):
    out = {}
    for column, v in row.items():
        if column in ("sys_id", "number"):
            out[column] = {"value": v, "display_value": v} if shape == "all" else v
            continue
        if v[0] == "ref":
            _, table, sid = v
            link = INSTANCE + table + "/" + sid
            if shape == "raw": out[column] = {"link": link, "value": sid}
            elif shape == "raw-nolinks": out[column] = sid
            elif shape == "display": out[column] = {"display_value": display_of(table, sid), "link": link}
            else: out[column] = {"display_value": display_of(table, sid), "link": link, "value": sid}
        elif v == ("", "") and column in ("opened_for", "assigned_to", "assignment_group", "channel_user_profile"):
            out[column] = "" if shape != "all" else {"display_value": "", "value": ""}
        else:
            raw, disp = v
            if shape in ("raw", "raw-nolinks"): out[column] = raw
            elif shape == "display": out[column] = disp
            else: out[column] = {"display_value": disp, "value": raw}
    return out

def write(name, rows):
    with open(name, "w") as f:
        f.write('{"result":[' + ",".join("\n" + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]}\n")

for shape in ("raw", "raw-nolinks", "display", "all"):
    write(f"interaction-{shape}.json", [shaped(r, shape) for r in rows])

write("sys_user.json", [
    {"sys_id": BETH, "user_name": "beth.anglin", "name": "Beth Anglin", "first_name": "Beth", "last_name": "Anglin",
     "email": "beth.anglin@example.com", "phone": "+1 555 0100", "mobile_phone": "", "company": {"link": INSTANCE + "core_company/81fd65ecac1d55eb42a426568fc87a63", "value": "81fd65ecac1d55eb42a426568fc87a63"},
     "vip": "true", "active": "true"},
    {"sys_id": FRED, "user_name": "fred.luddy", "name": "Fred Luddy", "first_name": "Fred", "last_name": "Luddy",
     "email": "fred.luddy@example.com", "phone": "", "mobile_phone": "+1 555 0199", "company": "", "vip": "false", "active": "true"},
    {"sys_id": "62826bf03710200044e0bfc8bcbe5df1", "user_name": "abel.tuter", "name": "Abel Tuter", "first_name": "Abel",
     "last_name": "Tuter", "email": "abel.tuter@example.com", "phone": "", "mobile_phone": "", "company": "", "vip": "false", "active": "true"},
])
write("sys_user_group.json", [{"sys_id": DESK, "name": "Service Desk", "description": "First line"}])
write("incident.json", [{"sys_id": INC, "number": "INC0000456", "state": "2", "short_description": "VPN concentrator down",
                         "opened_at": "2024-05-10 17:05:00", "caller_id": {"link": INSTANCE + "sys_user/" + BETH, "value": BETH},
                         "assigned_to": {"link": INSTANCE + "sys_user/" + FRED, "value": FRED}}])
write("interaction_related_record.json", [
    {"sys_id": "5a1b2c3d4e5f60718293a4b5c6d7e8f9", "interaction": {"link": INSTANCE + "interaction/3e963df90b2322007518478d83673af5", "value": "3e963df90b2322007518478d83673af5"},
     "document_table": "incident", "document_id": INC, "task": {"link": INSTANCE + "task/" + INC, "value": INC}, "type": "task"},
    {"sys_id": "6b2c3d4e5f60718293a4b5c6d7e8f9a0", "interaction": {"link": INSTANCE + "interaction/3e963df90b2322007518478d83673af5", "value": "3e963df90b2322007518478d83673af5"},
     "document_table": "sn_customerservice_case", "document_id": CASE, "task": {"link": INSTANCE + "task/" + CASE, "value": CASE}, "type": "task"},
])

# --- audit (issue 23: 8) ---
# Three closed rows from one export: two without their sys_audit (Frontdesk makes their trail
# up: one names only sys_created_by, one names nobody), one with it (audit-sys_audit.json,
# which a test copies in as sys_audit.json beside the interactions).
def audit_row(sys_id, number, kind, created_by, updated_by, short):
    return {"sys_id": sys_id, "number": number, "type": kind, "state": "closed_complete", "state_reason": "",
            "opened_for": "", "assigned_to": "", "assignment_group": "", "channel_user_profile": "",
            "short_description": short, "opened_at": "2026-11-27 08:00:00", "closed_at": "2026-11-27 08:10:00",
            "wait_time": "1970-01-01 00:01:00", "duration": "1970-01-01 00:05:00", "work_notes": "", "comments": "",
            "sys_mod_count": "3", "sys_updated_on": "2026-11-27 08:10:00", "sys_created_on": "2026-11-27 08:00:00",
            "sys_created_by": created_by, "sys_updated_by": updated_by}

AUDITED = "c3d4e5f60718293a4b5c6d7e8f9a0b1c"
write("audit-interaction.json", [
    audit_row("a1b2c3d4e5f60718293a4b5c6d7e8f9a", "IMS0020001", "walkup", "kiosk.lobby", "", "Badge printer jammed"),
    audit_row("b2c3d4e5f60718293a4b5c6d7e8f9a0b", "IMS0020002", "chat", "", "", "Where is my order"),
    audit_row(AUDITED, "IMS0020003", "phone", "kiosk.lobby", "beth.anglin", "Headset broken"),
])
write("audit-sys_audit.json", [
    {"sys_id": f"d{k}e5f60718293a4b5c6d7e8f9a0b1c2d", "tablename": "interaction", "documentkey": AUDITED, "fieldname": field,
     "oldvalue": old, "newvalue": new, "user": user, "sys_created_on": at, "record_checkpoint": str(k)}
    for k, (field, old, new, user, at) in enumerate([
        ("created", "", "new", "kiosk.lobby", "2026-11-27 08:00:00"),
        ("state", "new", "work_in_progress", "beth.anglin", "2026-11-27 08:01:00"),
        ("state", "work_in_progress", "closed_complete", "beth.anglin", "2026-11-27 08:10:00"),
    ])
])
# --- people (issue 23: 1, 2, 7, 11) ---
# sys_user rows with the columns a desk keeps (user_name, first/last name, active, mobile_phone,
# a company reference), raw and with display_value=all, and interactions that name their people
# by sys_id (raw, with links), by user name (the Table API docs' `glide.maint`) and by name
# (display values without links, one name in no file: "Somebody Unknown").
ACME = "81fd65ecac1d55eb42a426568fc87a63"
ABEL = "62826bf03710200044e0bfc8bcbe5df1"

def people_users():
    company = {"link": INSTANCE + "core_company/" + ACME, "value": ACME}
    return [
        {"sys_id": BETH, "user_name": "beth.anglin", "name": "Beth Anglin", "first_name": "Beth", "last_name": "Anglin",
         "email": "beth.anglin@example.com", "phone": "+1 555 0100", "mobile_phone": "+1 555 0101", "company": company,
         "vip": "true", "active": "true"},
        {"sys_id": FRED, "user_name": "fred.luddy", "name": "Fred Luddy", "first_name": "Fred", "last_name": "Luddy",
         "email": "fred.luddy@example.com", "phone": "", "mobile_phone": "+1 555 0199", "company": "", "vip": "false", "active": "true"},
        {"sys_id": ABEL, "user_name": "abel.tuter", "first_name": "Abel", "last_name": "Tuter",
         "email": "abel.tuter@example.com", "phone": "", "mobile_phone": "", "company": "", "vip": "1", "active": "false"},
    ]

def people_all(row):
    out = {}
    for column, v in row.items():
        if isinstance(v, dict):
            out[column] = dict(v, display_value="ACME North America")
        else:
            out[column] = {"display_value": v, "value": v}
    return out

def people_interactions(shape):
    def ref(sid, name):
        return {"link": INSTANCE + "sys_user/" + sid, "value": sid} if shape == "raw" else name
    def by_user_name(user_name, name):
        return {"link": INSTANCE + "sys_user/" + user_name, "value": user_name} if shape == "raw" else name
    def state(raw, shown):
        return raw if shape == "raw" else shown
    return [
        {"sys_id": "7a1b2c3d4e5f60718293a4b5c6d70001", "number": "IMS0020001", "type": state("walkup", "Walk-up"),
         "state": state("closed_complete", "Closed Complete"), "opened_for": ref(BETH, "Beth Anglin"),
         "assigned_to": ref(FRED, "Fred Luddy"), "short_description": "Badge does not open the door",
         "opened_at": "2026-11-26 10:00:00", "closed_at": "2026-11-26 10:05:00", "sys_updated_on": "2026-11-26 10:05:00"},
        {"sys_id": "7a1b2c3d4e5f60718293a4b5c6d70002", "number": "IMS0020002", "type": state("chat", "Chat"),
         "state": state("work_in_progress", "Work in Progress"), "opened_for": by_user_name("glide.maint", "Somebody Unknown"),
         "assigned_to": by_user_name("abel.tuter", "Abel Tuter"), "short_description": "Printer offline",
         "opened_at": "2026-11-27 08:00:00", "sys_updated_on": "2026-11-27 08:01:00"},
    ]

def people_fixtures():
    write("people-sys_user.json", people_users())
    write("people-sys_user-all.json", [people_all(r) for r in people_users()])
    write("people-interaction-raw.json", people_interactions("raw"))
    write("people-interaction-display.json", people_interactions("display"))

people_fixtures()
# --- timers (issue 23: 9, 10) ---
# Open records as ServiceNow exports them: wait_time and duration "" until it has measured them.
# An export must give back what came ("" stays ""); routing must not act on them (the phone
# record in Wrap Up, with wrap-up off for phone, is never closed by a wrap-up time here); the
# messaging row On Hold with no wait has no acceptance to show. The walk-up is worked here.
def timers_row(number, sys_id, type_, state, opened, updated, wait="", duration="", assigned=FRED, group=DESK,
               short="", created_by="fred.luddy", updated_by="fred.luddy"):
    return {
        "sys_id": sys_id, "number": number, "sys_class_name": "interaction", "type": type_, "state": state,
        "state_reason": "", "active": "true",
        "opened_for": {"link": INSTANCE + "sys_user/" + BETH, "value": BETH},
        "assigned_to": {"link": INSTANCE + "sys_user/" + assigned, "value": assigned} if assigned else "",
        "assignment_group": {"link": INSTANCE + "sys_user_group/" + group, "value": group} if group else "",
        "channel_user_profile": "", "short_description": short, "opened_at": opened, "closed_at": "",
        "wait_time": wait, "duration": duration, "work_notes": "", "sys_mod_count": "3", "sys_updated_on": updated,
        "sys_created_on": opened, "sys_created_by": created_by, "sys_updated_by": updated_by,
    }

write("timers-interaction.json", [
    timers_row("IMS0020001", "a1000000000000000000000000000001", "phone", "wrap_up", "2026-10-01 10:00:00",
               "2026-10-01 10:20:00", wait="1970-01-01 00:00:45", short="Line dropped mid-call"),
    timers_row("IMS0020002", "a1000000000000000000000000000002", "messaging", "on_hold", "2026-10-02 11:00:00",
               "2026-10-02 11:30:00", created_by="", updated_by="system"),
    timers_row("IMS0020003", "a1000000000000000000000000000003", "chat", "work_in_progress", "2026-09-30 08:00:00",
               "2026-09-30 08:05:00", short="VPN drops every hour"),
    timers_row("IMS0020004", "a1000000000000000000000000000004", "chat", "queued", "2026-10-04 09:00:00",
               "2026-10-04 09:00:00", assigned=None, short="Printer queue stuck"),
    timers_row("IMS0020005", "a1000000000000000000000000000005", "walkup", "work_in_progress", "2026-10-05 09:00:00",
               "2026-10-05 09:06:00", wait="1970-01-01 00:00:20", duration="1970-01-01 00:05:00", short="Badge does not open door"),
])
# --- rows (issue 23: 4, 12, 13, 14) ---
# Paged exports (the Table API gives sysparm_limit rows a request; people save each page), and
# bad rows a migration must not stop on. Everything under rows-*/.
import os

def rows_write(path, table_rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write(path, table_rows)

def rows_raw(r):
    return shaped(r, "raw")

def rows_users():
    with open("sys_user.json") as f:
        return json.load(f)["result"]

def rows_tables(folder, user_pages):
    """The small tables beside the interactions; sys_user in the pages given (file names)."""
    users = rows_users()
    for k, name in enumerate(user_pages):
        rows_write(f"{folder}/{name}", users[k::len(user_pages)])
    for name in ("sys_user_group.json", "incident.json", "interaction_related_record.json"):
        with open(name) as f:
            rows_write(f"{folder}/{name}", json.load(f)["result"])

raw_rows = [rows_raw(r) for r in rows]

# 4. Pages as files beside the other tables: interaction_0001.json, interaction_0002.json; and
# sys_user saved as curl numbers repeated downloads (sys_user.json, sys_user.json.2).
rows_write("rows-paged/interaction_0001.json", raw_rows[:2])
rows_write("rows-paged/interaction_0002.json", raw_rows[2:])
rows_tables("rows-paged", ["sys_user.json", "sys_user.json.2"])

# 4. Pages in a folder named after the table; page10 comes after page2.
rows_write("rows-paged-folder/interaction/page1.json", raw_rows[:1])
rows_write("rows-paged-folder/interaction/page2.json", raw_rows[1:3])
rows_write("rows-paged-folder/interaction/page10.json", raw_rows[3:])
rows_tables("rows-paged-folder", ["sys_user.json"])

# 4. Files that look like exports but are no table's: refused, named (page2.json, a browser's copy).
rows_write("rows-unread/interaction.json", raw_rows[:2])
rows_write("rows-unread/page2.json", raw_rows[2:])
rows_write("rows-unread/interaction (1).json", raw_rows[2:])
rows_tables("rows-unread", ["sys_user.json"])

# 13, 14. Good rows with bad ones among them: an email (a channel Frontdesk lacks), a state no
# one knows, an opened_at that is not a date-time, a number twice, and a walk-up ServiceNow
# closed without a short description; an incident without opened_at.
def rows_variant(base, **changes):
    r = dict(base)
    r.update(changes)
    return r

BAD_INC = "7b0c1d2e3f405162738495a6b7c8d9e0"
bad_rows = [
    raw_rows[0],
    rows_variant(raw_rows[1], sys_id="aa000000000000000000000000000001", number="IMS0020001", type="email",
                 short_description="Invoice question by email"),
    rows_variant(raw_rows[1], sys_id="aa000000000000000000000000000002", number="IMS0020002", state="escalated"),
    rows_variant(raw_rows[1], sys_id="aa000000000000000000000000000003", number="IMS0020003", opened_at="yesterday"),
    rows_variant(raw_rows[1], sys_id="aa000000000000000000000000000004", number="IMS0010001"),
    rows_variant(raw_rows[0], sys_id="aa000000000000000000000000000005", number="IMS0020005", short_description=""),
    raw_rows[2],
]
rows_write("rows-bad/interaction.json", bad_rows)
rows_tables("rows-bad", ["sys_user.json"])
with open("incident.json") as f:
    incidents = json.load(f)["result"]
rows_write("rows-bad/incident.json", incidents + [
    {"sys_id": BAD_INC, "number": "INC0000457", "state": "1", "short_description": "No opened_at", "opened_at": ""}])
# --- tables (issue 23: 3, 5, 6) ---
# tables-export/: a directory export in display_value=all shape whose interactions carry
# reference columns Frontdesk has no field for (account, location, u_reason_for_visit), link
# a knowledge article and a requested item beside an incident, and whose comments and work
# notes come as sys_journal_field rows. tables-raw.json and tables-display.json are the same
# interactions in the other shapes; tables-orphans/ holds journal rows of no interaction.
import os

ACME = "0c441abbc6112275000025157c651c89"
LONDON = "25ab8e460a0a0bb300857304a1da2e2f"
KB = "3b0fccee0a0a0b9b00f9b8d09c4e6f42"
RITM = "aeed229047801200e0ef563dbb9a71c2"
INC2 = "57af7aec73d423002728660c4cf6a7c0"
IMS21 = "7a1c2e3f4b5d6e7f8091a2b3c4d5e6f7"
IMS22 = "8b2d3f4a5c6e7f8091a2b3c4d5e6f7a8"
ORPHAN = "9c3e4a5b6d7f8091a2b3c4d5e6f7a8b9"   # an interaction in no file

extra_refs = {ACME: ("customer_account", "Acme Corporation"), LONDON: ("cmn_location", "London HQ")}

def tables_row(number, sid, type_, when, closed, short, reason):
    return {
        "sys_id": sid, "number": number, "sys_class_name": ("interaction", "Interaction"),
        "type": type_, "state": ("closed_complete", "Closed Complete"), "state_reason": ("", ""),
        "active": ("false", "false"), "opened_for": ("ref", "sys_user", BETH), "assigned_to": ("ref", "sys_user", FRED),
        "assignment_group": ("ref", "sys_user_group", DESK), "channel_user_profile": ("", ""),
        "short_description": (short, short), "opened_at": (when, when), "closed_at": (closed, closed),
        "wait_time": ("1970-01-01 00:01:00", "1 Minute"), "duration": ("1970-01-01 00:09:00", "9 Minutes"),
        "work_notes": ("", ""), "comments": ("", ""), "sys_mod_count": ("3", "3"),
        "sys_updated_on": (closed, closed), "sys_created_on": (when, when), "sys_created_by": ("fred.luddy", "fred.luddy"),
        "sys_updated_by": ("fred.luddy", "fred.luddy"),
        "account": ("ref", "customer_account", ACME), "location": ("ref", "cmn_location", LONDON),
        "u_reason_for_visit": reason, "direction": ("inbound", "Inbound"),
    }

tables_rows = [
    tables_row("IMS0020001", IMS21, ("walkup", "Walk-up"), "2026-11-20 10:00:00", "2026-11-20 10:10:00",
               "Laptop will not boot", ("laptop_repair", "Laptop repair")),
    tables_row("IMS0020002", IMS22, ("phone", "Phone"), "2026-11-21 14:00:00", "2026-11-21 14:10:00",
               "Which article explains VPN setup?", ("", "")),
]
_display_of = display_of
def display_of(table, sid):
    return extra_refs.get(sid, ("", ""))[1] or _display_of(table, sid)

def ref(table, sid, shape):
    return shaped({"x": ("ref", table, sid)}, shape)["x"]

os.makedirs("tables-export", exist_ok=True)
os.makedirs("tables-orphans", exist_ok=True)
write("tables-export/interaction.json", [shaped(r, "all") for r in tables_rows])
write("tables-raw.json", [shaped(r, "raw") for r in tables_rows])
write("tables-display.json", [shaped(r, "display") for r in tables_rows])

def related(sid, interaction, table, doc, number, task):
    row = {"sys_id": {"display_value": sid, "value": sid},
           "interaction": {"display_value": "IMS0020001" if interaction == IMS21 else "IMS0020002",
                           "link": INSTANCE + "interaction/" + interaction, "value": interaction},
           "document_table": {"display_value": table, "value": table},
           "document_id": {"display_value": number, "value": doc},
           "type": {"display_value": "Task" if task else "Knowledge", "value": "task" if task else "knowledge"}}
    row["task"] = ({"display_value": number, "link": INSTANCE + "task/" + doc, "value": doc} if task
                   else {"display_value": "", "value": ""})
    return row

write("tables-export/interaction_related_record.json", [
    related("b1c2d3e4f5a60718293a4b5c6d7e8f90", IMS21, "incident", INC2, "INC0010007", True),
    related("c2d3e4f5a60718293a4b5c6d7e8f90a1", IMS21, "sc_req_item", RITM, "RITM0010001", True),
    related("d3e4f5a60718293a4b5c6d7e8f90a1b2", IMS22, "kb_knowledge", KB, "KB0000012", False),
])
write("tables-export/incident.json", [{"sys_id": INC2, "number": "INC0010007", "state": "6",
                                        "short_description": "Laptop motherboard replaced", "opened_at": "2026-11-20 10:08:00",
                                        "caller_id": BETH, "assigned_to": FRED}])

def journal(sid, element, record, at, by, text, table="interaction"):
    return {"sys_id": sid, "element": element, "element_id": record, "name": table, "value": text,
            "sys_created_on": at, "sys_created_by": by}

write("tables-export/sys_journal_field.json", [
    journal("e1000000000000000000000000000001", "comments", IMS21, "2026-11-20 10:01:00", "beth.anglin",
            "It shows a black screen after the logo."),
    journal("e1000000000000000000000000000002", "work_notes", IMS21, "2026-11-20 10:05:00", "fred.luddy",
            "Board fault; raised INC0010007.\nLoan laptop issued."),
    journal("e1000000000000000000000000000003", "comments", IMS21, "2026-11-20 10:09:00", "fred.luddy",
            "Your laptop will be back on Monday."),
    journal("e1000000000000000000000000000004", "work_notes", IMS22, "2026-11-21 14:08:00", "fred.luddy",
            "Sent KB0000012."),
])
write("tables-orphans/sys_journal_field.json", [
    journal("e2000000000000000000000000000001", "comments", IMS21, "2026-11-20 10:02:00", "beth.anglin", "Is it under warranty?"),
    journal("e2000000000000000000000000000002", "work_notes", ORPHAN, "2026-11-22 09:00:00", "fred.luddy", "Called back, no answer."),
    journal("e2000000000000000000000000000003", "work_notes", INC2, "2026-11-20 10:08:00", "fred.luddy", "Parts ordered.", table="incident"),
])
# The people, so that journal authors resolve: Beth (the customer) and Fred (the agent).
with open("sys_user.json") as f:
    write("tables-export/sys_user.json", [u for u in json.load(f)["result"] if u["sys_id"] in (BETH, FRED)])
# --- round trip (issue 23: done when) ---
# ServiceNowRoundTripTests imports each fixture and compares its export with it. The audit
# case needs its sys_audit rows as a directory's sys_audit.json: the same rows, copied here.
with open("audit-sys_audit.json") as f:
    rows_write("roundtrip-audit/sys_audit.json", json.load(f)["result"])
# The timers case: only the people and the group its rows name (the tasks and links beside
# interaction-raw.json are of records it does not hold).
for table in ("sys_user", "sys_user_group"):
    with open(table + ".json") as f:
        rows_write(f"roundtrip-timers/{table}.json", json.load(f)["result"])
