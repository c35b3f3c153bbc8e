"""Reads iCalendar data for the browser tests (calendar.test.mjs) with a real parser, PyPI's
`icalendar` (pinned in scripts/setup.sh, installed in ../.venv), and prints what it found as JSON.

    python ics.py feed < feed.ics      the events of an iCal feed
    python ics.py eml FILE.eml         the text/calendar attachments of an email, and their events

An event is {uid, status, summary, sequence, start, end, all_day}; a parse error exits non-zero.
"""

import email
import email.policy
import json
import sys

from icalendar import Calendar


def events(data: bytes) -> list[dict]:
    calendar = Calendar.from_ical(data)
    out = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else None
        out.append(
            {
                "uid": str(event.get("UID")),
                "status": str(event.get("STATUS", "")),
                "summary": str(event.get("SUMMARY", "")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "start": start.isoformat(),
                "end": end.isoformat() if end is not None else None,
                "all_day": not hasattr(start, "hour"),
            }
        )
    return out


def attachments(path: str) -> list[dict]:
    with open(path, "rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    found = []
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        data = part.get_payload(decode=True)
        found.append(
            {
                "filename": part.get_filename(),
                "content_type": part.get("Content-Type"),
                "disposition": part.get_content_disposition(),
                "events": events(data),
            }
        )
    return found


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "feed":
        print(json.dumps(events(sys.stdin.buffer.read())))
    elif mode == "eml" and len(sys.argv) == 3:
        print(json.dumps(attachments(sys.argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
