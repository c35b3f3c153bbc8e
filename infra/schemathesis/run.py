"""The API contract, fuzzed: schemathesis runs every operation of the OpenAPI document
(`shared/src/api/openapi.json`, served by the gateway at `/api/openapi.json`) against a local
gateway that this script starts on a free port of 127.0.0.1 with a fresh data folder (its
demo accounts), positive and negative data (`--mode all`), and checks every answer: no 5xx
(`not_a_server_error`), a declared status (`status_code_conformance`), a declared content type
(`content_type_conformance`), a body that matches the status's schema
(`response_schema_conformance`; every error answer is the one error shape through its schema).

    .venv/bin/python infra/schemathesis/run.py   # scripts/test.sh runs it after `cargo test`

The world. Before fuzzing, this script makes a small world through the API as a browser would:
a conversation, two events and a request, held and confirmed bookings, four projects (with a
draft, a sent and a signed contract, and its PDF), a template, a delivered gallery with a ready
photo and its archive, a draft gallery with a photo and two multipart uploads under way, an
imported calendar, the iCal feed. Its users: the demo client (camille@) and provider (photo@);
a second demo provider (dj@) for the provider's settings, so that fuzzing them (a new feed
secret, a profile without the booked service) leaves the world's provider as it was; throwaway
accounts signed up here (a second client, for what creates things; one for the auth routes'
log-ins and refresh cookies; an unconfirmed one; one with a reset link; four strangers).
Each operation is called by the side it serves (`AS`); routes without security ignore the
header. Then two passes:
  1. «world»: each operation's path parameters, and some body fields (an existing provider,
     the one-time tokens read from the outbox), are pinned to the world's things (`pinned`),
     and some fields are often drawn from `dictionaries` (bookable days, start times): the
     generated requests reach the handlers' rules instead of their 404s;
  2. «unknown»: nothing pinned, called by strangers to the world: unknown and malformed ids,
     a few cases an operation.
Operations run in schemathesis' order, so a fuzzed write may change a thing before another
operation reads it (a cancelled event, a deleted gallery): every answer is still checked. After
the first pass, every operation's answers are listed by status ("!": never 2xx), in place of
schemathesis' warnings (turned off: they call the pinned 404s and the refused bad data of a
fuzzing run "missing test data" and "schema mismatch").

Excluded, and why: nothing. No operation, and none of the four checks, is left out. Heavy
routes stay in with small inputs: uploads are declared, not sent (a signed URL or a multipart
upload is created; no bytes move but the two photos of the world), an archive holds one photo,
the PDF is the one signed contract's. The auth routes never touch the fuzzing users' sessions:
schemathesis never holds their refresh cookies (their log-ins are made here, with urllib);
`refresh` and `logout` get two sessions of a throwaway account, `password-reset/confirm` the
reset link of another, `verify-email` the link of an unconfirmed one; sign-ups create more.
Not used: the stateful phase (the document has no OpenAPI links; the world stands in for
them), and checks beyond the four and `unsupported_method` (`CHECKS` says why;
`ignored_auth` is `shared/tests/api/openapi.rs`' job).

Bounds (a 2-core CI machine): one worker (two are no faster against one gateway, and
Hypothesis, on Python 3.11, once died of "AST constructor recursion depth mismatch" describing
a strategy in two threads at once), `--max-examples` per operation and phase
(ESTRADE_FUZZ_EXAMPLES, default 25, a fifth of it in the second pass), a 10 s timeout per
request (a handler that hangs fails its case), and a deadline for the whole run
(ESTRADE_FUZZ_DEADLINE, default 480 s) past which schemathesis and the gateway are stopped and
the step fails (after printing where schemathesis is). Writes count against the per-user limit
(600 a minute, 429 `too_many_writes` with `Retry-After`): schemathesis waits them out
(`--rate-limit auto`), so each case gets its real answer; the users above share the writes, so
that a pass seldom waits (a minute at most). The log-in's and the signing code's own limits (5
attempts per 15 minutes, one code a minute) are not waited out (`NOT_WAITED`): their 429s are
answers to check. The gateway's calendar sync (the only part of it that reaches the internet:
the imported calendar's address) first runs 15 minutes after its start, never within the
deadline; the fuzzing runs offline (`offline.py` refuses every connection but the loopback).

Seed: random, printed; ESTRADE_FUZZ_SEED=<n> replays a run. ESTRADE_FUZZ_KEEP=1 keeps the
reports (HAR files of every request and answer) and the gateway's log, as a failure does.
"""
import base64
import datetime
import email
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GATEWAY = os.environ.get("ESTRADE_GATEWAY_BIN", os.path.join(ROOT, "target", "debug", "estrade-gateway"))
VENV_PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
PASSWORD = "estrade-demo-2026"  # infra/gateway/src/demo.rs
CLIENT, PROVIDER, PROVIDER2 = "camille@estrade.test", "photo@estrade.test", "dj@estrade.test"
EXAMPLES = int(os.environ.get("ESTRADE_FUZZ_EXAMPLES", "25"))
DEADLINE = int(os.environ.get("ESTRADE_FUZZ_DEADLINE", "480"))
# The four checks of the contract, and `unsupported_method` (a method a path does not take
# answers 405 with `Allow`). ESTRADE_FUZZ_CHECKS=<names> runs others by hand: notably
# `negative_data_rejection` (a request the schema refuses must be refused), which found a bug
# (a whole-day service took a session's fields) and two gaps of the document (an empty `when`
# and `state` are taken as none) but is not in the step: the API trims texts before it counts their length (Rust's
# `trim`, any Unicode whitespace), which a schema cannot say, so a generated 101-character name
# of which one is a leading U+0085 is accepted, and the check fails now and then.
CHECKS = os.environ.get("ESTRADE_FUZZ_CHECKS", ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_schema_conformance", "unsupported_method",
])).split(",")
ALL_CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
    "positive_data_acceptance", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "use_after_free", "ensure_resource_availability", "ignored_auth",
    "object_level_authorization",
]
# What refuses a request (`negative_data_rejection`): the statuses schemathesis expects, and 410
# (an expired gallery) and 413 (a body over 64 KiB, which a long text of multi-byte characters
# makes).
REFUSALS = [400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 428, 429]
# The refresh cookie comes with this script's config (a header), so that schemathesis' case
# "without the cookie" still carries it: no refusal to expect there.
NO_NEGATIVE_CHECK = ["POST /api/auth/refresh"]
# A 16 × 16 baseline JPEG (the gallery's one photo; 686 bytes).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAgAAAQABAAD/wAARCAAQABADAREAAhEBAxEB/9sAQwAIBgYHBgUIBwcHCQkICgwUDQwLCwwZEhMP"
    "FB0aHx4dGhwcICQuJyAiLCMcHCg3KSwwMTQ0NB8nOT04MjwuMzQy/9sAQwEJCQkMCwwYDQ0YMiEcITIyMjIyMjIyMjIy"
    "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDzuw0Lp8ld9XFk5fjttTprDQunyV5lXFn3GX47bU6Wx0Lp8leZVxZ+L5fjdtTprDQuny15lXFn3OX43bU//9k="
)

# Who calls each operation (the world's client by default; `stranger_*` of the same side in
# the second pass).
AS = {
    "provider": [
        "GET /api/me/calendar", "DELETE /api/me/calendar/imports/{id}", "GET /api/me/dashboard",
        "GET /api/me/contract-templates", "PUT /api/me/contract-templates/{id}",
        "DELETE /api/me/contract-templates/{id}", "GET /api/requests",
        "POST /api/events/{id}/requests/{provider_id}/answer", "POST /api/bookings/{id}/answer",
        "GET /api/clients/{id}", "GET /api/projects/{id}", "POST /api/projects/{id}/status",
        "PUT /api/projects/{id}/notes", "POST /api/projects/{id}/contract", "PUT /api/projects/{id}/contract",
        "POST /api/projects/{id}/contract/send", "POST /api/projects/{id}/galleries", "GET /api/galleries/{id}",
        "PUT /api/galleries/{id}", "DELETE /api/galleries/{id}", "POST /api/galleries/{id}/files",
        "POST /api/galleries/{id}/files/{file_id}/parts/{number}", "GET /api/galleries/{id}/files/{file_id}/parts",
        "POST /api/galleries/{id}/files/{file_id}/complete", "DELETE /api/galleries/{id}/files/{file_id}",
        "POST /api/galleries/{id}/deliver", "POST /api/galleries/{id}/extend",
    ],
    "provider2": [
        "PUT /api/me/profile", "PUT /api/me/calendar/rules", "POST /api/me/calendar/feed",
        "POST /api/me/calendar/imports", "POST /api/me/contract-templates",
    ],
    "client2": [
        "POST /api/conversations", "POST /api/events", "POST /api/bookings", "POST /api/ws/ticket",
        "POST /api/conversations/{id}/messages", "POST /api/conversations/{id}/read",
        "POST /api/conversations/{id}/archive", "GET /api/conversations/{id}",
        "GET /api/conversations/{id}/messages",
    ],
}
# Routes whose 429 is their own rule under test, not the write limit: a log-in's 5 attempts per
# email and address per 15 minutes (a `Retry-After` of up to 900 s, which `--rate-limit auto`
# would sleep through) and one signing code a minute. Their 429s are checked as answers, not
# waited out.
NOT_WAITED = ["POST /api/auth/login", "POST /api/projects/{id}/contract/code"]


def say(*args):
    print("schemathesis step:", *args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, token=None, expect=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        answer = json.loads(text) if text.strip().startswith(("{", "[")) else text
        if expect is not None and status != expect:
            raise RuntimeError(f"fixtures: {method} {path} answered {status} {text[:500]}")
        return answer

    def login(self, email_address, password=PASSWORD, cookie=False):
        """(access token, user id); with `cookie`, the refresh cookie's value instead."""
        body = json.dumps({"email": email_address, "password": password}).encode()
        request = urllib.request.Request(self.base + "/api/auth/login", data=body, method="POST",
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            granted = json.loads(response.read())
            if cookie:
                found = re.search(r"estrade_refresh=([^;]+)", response.headers.get("set-cookie", ""))
                return found.group(1)
        return granted["access_token"], granted["user"]["id"]

    def eventually(self, what, probe, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = probe()
            if value:
                return value
            time.sleep(0.2)
        raise RuntimeError(f"fixtures: timed out waiting for {what}")


def workdays(count, start_in_days=20):
    """`count` distinct Tuesdays to Fridays from `start_in_days` on (the provider works Monday
    to Saturday, 2 days' notice, 365 days ahead)."""
    day = datetime.date.today() + datetime.timedelta(days=start_in_days)
    found = []
    while len(found) < count:
        if day.weekday() in (1, 2, 3, 4):
            found.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return found


def mails(outbox, to, after):
    """The plain texts of the emails to `to` written after `after` (epoch seconds), oldest first."""
    texts = []
    for name in sorted(os.listdir(outbox)):
        path = os.path.join(outbox, name)
        if os.path.getmtime(path) < after:
            continue
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read())
        if to in (message.get("To") or ""):
            texts += [part.get_payload(decode=True).decode() for part in message.walk()
                      if part.get_content_type() == "text/plain"]
    return texts


def mailed(outbox, to, after, pattern):
    """The first group of `pattern` in the newest email to `to` that has it."""
    for text in reversed(mails(outbox, to, after)):
        found = re.search(pattern, text)
        if found:
            return found.group(1)
    return None


def sign(api, outbox, project, token, email_address, name):
    contract = api.call("GET", f"/api/projects/{project}/contract", token=token, expect=200)["contract"]
    asked = time.time() - 1
    api.call("POST", f"/api/projects/{project}/contract/code", token=token, expect=202)
    code = api.eventually("the signing code's email", lambda: mailed(outbox, email_address, asked, r"\b(\d{6})\b"))
    body = {"name": name, "consent": True, "consent_version": contract["consent"]["version"],
            "sha256": contract["sha256"], "code": code}
    api.call("POST", f"/api/projects/{project}/contract/sign", body, token=token, expect=200)


def fixtures(api, outbox):
    """The small world of the fuzzing: its users' tokens, and what path parameters name."""
    f = {}
    f["client"], f["client_id"] = client, client_id = api.login(CLIENT)
    f["provider"], f["provider_id"] = provider, provider_id = api.login(PROVIDER)
    f["provider2"], f["provider2_id"] = api.login(PROVIDER2)
    # Throwaway accounts, signed up as a person would: a second client, whose token creates
    # things; one whose credentials and refresh cookie the auth routes use (a refresh, a
    # log-out end only its sessions); one left unconfirmed, whose link `verify-email` gets;
    # one whose reset link `password-reset/confirm` gets.
    def sign_up(name, confirm=True, role="client"):
        account = {"email": f"{name}@example.org", "password": f"{name}-password-1", "role": role, "name": name}
        since = time.time() - 1
        api.call("POST", "/api/auth/signup", account, expect=201)
        link = api.eventually("a confirmation email", lambda: mailed(outbox, account["email"], since, r"token=([\w-]+)"))
        if confirm:
            api.call("POST", "/api/auth/verify-email", {"token": link}, expect=200)
        return account, link

    second, _ = sign_up("fuzz-client")
    f["client2"], f["client2_id"] = client2, _ = api.login(second["email"], second["password"])
    # Strangers to the fixtures' world, who call every operation in the pass of unknown ids
    # (with writes of their own to count against the per-user limit).
    for who in ("client", "client2", "provider", "provider2"):
        stranger, _ = sign_up(f"fuzz-stranger-{who}", role=who.rstrip("2"))
        f[f"stranger_{who}"], _ = api.login(stranger["email"], stranger["password"])
    f["session"], _ = sign_up("fuzz-session")
    # Two of its sessions: one refreshed, one logged out (in whatever order they run).
    for route in ("refresh", "logout"):
        f[f"{route}_cookie"] = api.login(f["session"]["email"], f["session"]["password"], cookie=True)
    _, f["verify_token"] = sign_up("fuzz-unconfirmed", confirm=False)
    forgetful, _ = sign_up("fuzz-reset")
    since = time.time() - 1
    api.call("POST", "/api/auth/password-reset", {"email": forgetful["email"]}, expect=202)
    f["reset_token"] = api.eventually("the reset email", lambda: mailed(
        outbox, forgetful["email"], since, r"reinitialiser\?token=([\w-]+)"))
    conversation = api.call("POST", "/api/conversations", {"provider_id": provider_id}, client, expect=201)
    api.call("POST", f"/api/conversations/{conversation['conversation']['id']}/messages", {"text": "Bonjour !"}, client, expect=201)
    conversation = api.call("POST", "/api/conversations", {"provider_id": provider_id}, client2, expect=201)
    f["conversation"] = conversation["conversation"]["id"]
    api.call("POST", f"/api/conversations/{f['conversation']}/messages", {"text": "Bonjour !"}, client2, expect=201)
    f["days"] = day = workdays(16)
    event = {"name": "Mariage", "date": day[6], "city": "Nantes", "needs": ["photo", "musique"]}
    f["event"] = api.call("POST", "/api/events", event, client, expect=201)["event"]["id"]
    f["event_to_cancel"] = api.call("POST", "/api/events", dict(event, name="Fête"), client, expect=201)["event"]["id"]
    invite = {"provider_id": provider_id, "need": "photo", "message": "Êtes-vous libre ?"}
    api.call("POST", f"/api/events/{f['event']}/requests", invite, client, expect=201)

    def book(date):
        body = {"provider_id": provider_id, "service": "Reportage journée", "date": date}
        return api.call("POST", "/api/bookings", body, client, expect=201)["booking"]["id"]

    def project(date):
        booking = book(date)
        answered = api.call("POST", f"/api/bookings/{booking}/answer", {"action": "confirm"}, provider, expect=200)
        return answered["booking"]["project_id"]

    f["held_booking"], f["booking_to_cancel"] = book(day[0]), book(day[1])
    f["project"], f["project_sent"], f["project_signed"] = project(day[2]), project(day[3]), project(day[4])
    f["project_draft"] = project(day[5])
    template = {"name": "Mon contrat", "body": "Contrat entre {{client.name}} et {{provider.name}}, le {{date}}."}
    f["template"] = api.call("POST", "/api/me/contract-templates", template, provider, expect=201)["template"]["id"]
    for project_id in (f["project"], f["project_draft"], f["project_sent"], f["project_signed"]):
        api.call("POST", f"/api/projects/{project_id}/contract", {"template_id": f["template"]}, provider, expect=201)
    for project_id in (f["project_sent"], f["project_signed"]):
        api.call("POST", f"/api/projects/{project_id}/contract/send", {"revision": 1}, provider, expect=200)
    sign(api, outbox, f["project_signed"], client, CLIENT, "Camille Roux")
    sign(api, outbox, f["project_signed"], provider, PROVIDER, "Claire Dubois")
    f["pdf_sha256"] = api.eventually("the signed contract's PDF", lambda: api.call(
        "GET", f"/api/projects/{f['project_signed']}/contract", token=provider, expect=200)["contract"]["pdf"].get("sha256"))
    # A delivered gallery with a ready photo and its archive.
    gallery = api.call("POST", f"/api/projects/{f['project']}/galleries", {"name": "Photos"}, provider, expect=201)
    f["gallery"] = gallery["gallery"]["id"]
    started = api.call("POST", f"/api/galleries/{f['gallery']}/files",
                       {"name": "photo.jpg", "type": "image/jpeg", "size": len(JPEG)}, provider, expect=201)
    f["file"] = started["file"]["id"]
    upload = started["upload"]
    put = urllib.request.Request(upload["url"], data=JPEG, method="PUT", headers=upload["headers"])
    urllib.request.urlopen(put, timeout=30).read()
    api.call("POST", f"/api/galleries/{f['gallery']}/files/{f['file']}/complete", {}, provider, expect=200)
    api.eventually("the photo to be ready", lambda: api.call(
        "GET", f"/api/galleries/{f['gallery']}", token=provider, expect=200)["gallery"]["ready_count"] == 1)
    api.call("POST", f"/api/galleries/{f['gallery']}/deliver", token=provider, expect=200)
    ask = {"selection": "all"}
    f["archive"] = api.call("POST", f"/api/galleries/{f['gallery']}/archives", ask, client)["archive"]["id"]
    api.eventually("the archive", lambda: api.call(
        "POST", f"/api/galleries/{f['gallery']}/archives", ask, client)["archive"]["status"] == "ready")
    # A draft gallery with two multipart uploads under way (declared: no part is sent), and
    # another draft gallery, to delete.
    for name in ("draft_gallery", "gallery_to_delete"):
        created = api.call("POST", f"/api/projects/{f['project']}/galleries", {"name": name}, provider, expect=201)
        f[name] = created["gallery"]["id"]
    big = {"name": "film.mp4", "type": "video/mp4", "size": 100 * 1024 * 1024}
    for name in ("upload", "upload_to_delete"):
        started = api.call("POST", f"/api/galleries/{f['draft_gallery']}/files", big, provider, expect=201)
        f[name] = started["file"]["id"]
    # The provider's calendar: an imported one (never fetched within the run) and the feed.
    imported = {"url": "https://calendar.invalid/private/basic.ics"}
    f["import"] = api.call("POST", "/api/me/calendar/imports", imported, provider, expect=201)["import"]["id"]
    feed = api.call("POST", "/api/me/calendar/feed", token=provider, expect=200)["url"]
    f["feed"] = feed.rsplit("/", 1)[1]
    # A ready photo in the draft gallery too, so that delivering it can succeed (once).
    started = api.call("POST", f"/api/galleries/{f['draft_gallery']}/files",
                       {"name": "photo.jpg", "type": "image/jpeg", "size": len(JPEG)}, provider, expect=201)
    upload = started["upload"]
    put = urllib.request.Request(upload["url"], data=JPEG, method="PUT", headers=upload["headers"])
    urllib.request.urlopen(put, timeout=30).read()
    api.call("POST", f"/api/galleries/{f['draft_gallery']}/files/{started['file']['id']}/complete", {}, provider, expect=200)
    api.eventually("the second photo to be ready", lambda: api.call(
        "GET", f"/api/galleries/{f['draft_gallery']}", token=provider, expect=200)["gallery"]["ready_count"] == 1)
    # The unsubscribe link of a notification email to the client.
    f["unsubscribe_token"] = api.eventually("an unsubscribe link", lambda: mailed(
        outbox, CLIENT, 0, r"desabonnement\?token=([\w.-]+)"))
    return f


def often(dictionary, probability=0.8):
    """A value drawn from `dictionary` (`dictionaries(f)`) that often, else generated."""
    return {"dictionary": dictionary, "probability": probability}


def dictionaries(f):
    return {
        "workdays": f["days"][8:],
        "starts": ["09:00", "10:30", "14:00", "17:00"],
        "calendars": ["https://calendar.invalid/a.ics", "https://calendar.invalid/b.ics"],
        "revisions": [1, 2, 3, 4, 5],
        "statuses": ["contract_signed", "in_preparation", "done"],
        "needs": ["photo", "musique"],
        "session_email": [f["session"]["email"]],
        "session_password": [f["session"]["password"]],
    }


def pinned(f):
    """Each operation's fixed path parameters (`path.*`) and body fields (`body.*`): the
    fixtures' things, so that generated requests reach the rules behind the lookups; and
    fields drawn often from `dictionaries` (valid dates, start times…), else generated."""
    gallery, draft, upload = f["gallery"], f["draft_gallery"], f["upload"]
    conversation = {"path.id": f["conversation"]}
    event = {"path.id": f["event"]}
    request = {"path.id": f["event"], "path.provider_id": f["provider_id"]}
    new_event = {"body.city": "Nantes", "body.date": often("workdays")}
    return {
        "POST /api/auth/login": {"body.email": often("session_email"), "body.password": often("session_password", 0.5)},
        "POST /api/auth/verify-email": {"body.token": f["verify_token"]},
        "POST /api/auth/password-reset/confirm": {"body.token": f["reset_token"]},
        "POST /api/email/unsubscribe": {"body.token": f["unsubscribe_token"]},
        "GET /api/providers/{id}": {"path.id": f["provider_id"]},
        "GET /api/clients/{id}": {"path.id": f["client2_id"]},
        "POST /api/conversations": {"body.provider_id": f["provider_id"]},
        "GET /api/conversations/{id}": conversation,
        "GET /api/conversations/{id}/messages": conversation,
        "POST /api/conversations/{id}/messages": conversation,
        "POST /api/conversations/{id}/read": conversation,
        "POST /api/conversations/{id}/archive": conversation,
        "POST /api/events": new_event,
        "GET /api/events/{id}": event,
        "PUT /api/events/{id}": dict(event, **new_event),
        "POST /api/events/{id}/cancel": {"path.id": f["event_to_cancel"]},
        "POST /api/events/{id}/requests": dict(event, **{"body.provider_id": f["provider2_id"], "body.need": often("needs")}),
        "POST /api/events/{id}/requests/{provider_id}/answer": request,
        "POST /api/events/{id}/requests/{provider_id}/book": request,
        "POST /api/bookings": {"body.provider_id": f["provider_id"], "body.service": "Séance portrait",
                               "body.date": often("workdays"), "body.start": often("starts")},
        "GET /api/bookings/{id}": {"path.id": f["held_booking"]},
        "POST /api/bookings/{id}/answer": {"path.id": f["held_booking"]},
        "POST /api/bookings/{id}/cancel": {"path.id": f["booking_to_cancel"]},
        "GET /api/providers/{id}/availability": {"path.id": f["provider_id"]},
        "GET /api/calendar/{token}": {"path.token": f["feed"]},
        "POST /api/me/calendar/imports": {"body.url": often("calendars", 0.5)},
        "DELETE /api/me/calendar/imports/{id}": {"path.id": f["import"]},
        # The signed contract: both signatures, its PDF, every kind of audit entry.
        "GET /api/projects/{id}": {"path.id": f["project_signed"]},
        "POST /api/projects/{id}/status": {"path.id": f["project_signed"], "body.from": often("statuses"),
                                          "body.to": often("statuses")},
        "PUT /api/projects/{id}/notes": {"path.id": f["project"]},
        "PUT /api/me/contract-templates/{id}": {"path.id": f["template"]},
        "DELETE /api/me/contract-templates/{id}": {"path.id": f["template"]},
        "POST /api/projects/{id}/contract": {"path.id": f["project"], "body.template_id": "model"},
        "PUT /api/projects/{id}/contract": {"path.id": f["project_draft"], "body.revision": often("revisions")},
        "GET /api/projects/{id}/contract": {"path.id": f["project_signed"]},
        "POST /api/projects/{id}/contract/send": {"path.id": f["project_draft"], "body.revision": often("revisions")},
        "POST /api/projects/{id}/contract/code": {"path.id": f["project_sent"]},
        "POST /api/projects/{id}/contract/sign": {"path.id": f["project_sent"]},
        "POST /api/projects/{id}/contract/pdf": {"path.id": f["project_signed"]},
        "GET /api/verify/{sha256}": {"path.sha256": f["pdf_sha256"]},
        "GET /api/projects/{id}/galleries": {"path.id": f["project"]},
        "POST /api/projects/{id}/galleries": {"path.id": f["project"]},
        "PUT /api/galleries/{id}": {"path.id": gallery},
        "DELETE /api/galleries/{id}": {"path.id": f["gallery_to_delete"]},
        "GET /api/galleries/{id}": {"path.id": gallery},
        "POST /api/galleries/{id}/files": {"path.id": draft},
        "POST /api/galleries/{id}/files/{file_id}/parts/{number}": {"path.id": draft, "path.file_id": upload, "path.number": 1},
        "GET /api/galleries/{id}/files/{file_id}/parts": {"path.id": draft, "path.file_id": upload},
        "POST /api/galleries/{id}/files/{file_id}/complete": {"path.id": draft, "path.file_id": upload},
        "DELETE /api/galleries/{id}/files/{file_id}": {"path.id": draft, "path.file_id": f["upload_to_delete"]},
        "POST /api/galleries/{id}/deliver": {"path.id": draft},
        "POST /api/galleries/{id}/extend": {"path.id": gallery},
        "PUT /api/galleries/{id}/files/{file_id}/favourite": {"path.id": gallery, "path.file_id": f["file"]},
        "POST /api/galleries/{id}/files/{file_id}/download": {"path.id": gallery, "path.file_id": f["file"]},
        "POST /api/galleries/{id}/archives": {"path.id": gallery},
        "POST /api/galleries/{id}/archives/{archive_id}/parts/{number}/download":
            {"path.id": gallery, "path.archive_id": f["archive"], "path.number": 1},
    }


def toml_value(value):
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value) if isinstance(value, (str, int, float)) else json.dumps(str(value))


def config(f, operations, pin=True):
    """schemathesis.toml: each operation's caller (`AS`, the fixtures' client by default; without
    `pin`, a stranger of its side) and its pinned values (with `pin`); a throwaway account's
    refresh cookies for `refresh` and `logout`."""
    pins = pinned(f) if pin else {}
    callers = {label: who for who, labels in AS.items() for label in labels}
    unknown = (set(pinned(f)) | set(callers) | set(NOT_WAITED) | set(NO_NEGATIVE_CHECK)) - set(operations)
    if unknown:
        raise RuntimeError(f"run.py names operations the document does not have: {sorted(unknown)}")
    cookies = {"POST /api/auth/refresh": f["refresh_cookie"], "POST /api/auth/logout": f["logout_cookie"]}
    named = dictionaries(f)
    # Not schemathesis' own sign-up and log-in through the schema's operations: the users are
    # these.
    lines = ["[auth]", "auto-signup = false", "", "[checks]"]
    unknown_checks = set(CHECKS) - set(ALL_CHECKS)
    if unknown_checks:
        raise RuntimeError(f"unknown checks: {sorted(unknown_checks)}")
    for check in ALL_CHECKS:
        settings = {"enabled": check in CHECKS}
        if check == "negative_data_rejection":
            settings["expected-statuses"] = REFUSALS
        lines.append(f"{check} = {toml_value(settings)}")
    lines.append("")
    for name, values in named.items():
        lines += [f"[dictionaries.{name}]", f"values = {toml_value(values)}", ""]
    for label in operations:
        who = callers.get(label, "client")
        if not pin:
            who = f"stranger_{who}"
        headers = {"Authorization": "Bearer " + f[who]}
        if label in cookies:
            headers["Cookie"] = "estrade_refresh=" + cookies[label]
        lines += ["[[operations]]", f"include-name = {toml_value(label)}", f"headers = {toml_value(headers)}"]
        if label in pins:
            lines.append(f"parameters = {toml_value(pins[label])}")
        if label in NOT_WAITED:
            lines.append('rate-limit = "1000/s"')
        if label in NO_NEGATIVE_CHECK:
            lines.append("checks = { negative_data_rejection = { enabled = false } }")
        lines.append("")
    return "\n".join(lines)


def schemathesis(work, base, name, toml, examples, deadline):
    """One schemathesis run with the config `toml`; (exit code, report path, seconds)."""
    config_path = os.path.join(work, f"{name}.toml")
    with open(config_path, "w") as c:
        c.write(toml)
    report = os.path.join(work, f"{name}.json")
    args = [
        VENV_PYTHON, os.path.join(os.path.dirname(__file__), "offline.py"), "--config-file", config_path,
        "run", f"{base}/api/openapi.json", "--url", base,
        "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(examples), "--request-timeout", "10", "--rate-limit", "auto",
        "--workers", "1", "--generation-database", "none", "--no-color", "--warnings", "off",
        "--report", "json,har", "--report-json-path", report, "--report-har-path", report + ".har",
    ]
    seed = os.environ.get("ESTRADE_FUZZ_SEED") or str(random.getrandbits(64))
    args += ["--seed", seed]
    say(f"pass «{name}»: seed {seed} (ESTRADE_FUZZ_SEED={seed} replays it)")
    env = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(proxy, None)
    started = time.monotonic()
    run = subprocess.Popen(args, cwd=work, env=env)
    try:
        code = run.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        say("past the deadline: where schemathesis is")
        run.send_signal(signal.SIGUSR1)
        time.sleep(2)
        run.send_signal(signal.SIGINT)
        try:
            run.wait(timeout=10)
        except subprocess.TimeoutExpired:
            run.kill()
        say(f"FAILED: past the deadline of {DEADLINE} s (ESTRADE_FUZZ_DEADLINE)")
        code = 1
    return code, report, time.monotonic() - started


def main():
    if not os.path.exists(GATEWAY):
        sys.exit(f"no gateway binary at {GATEWAY}: cargo build -p estrade-gateway (or set ESTRADE_GATEWAY_BIN)")
    work = tempfile.mkdtemp(prefix="estrade-fuzz-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = os.path.join(work, "data")
    log = open(os.path.join(work, "gateway.log"), "w")
    started = time.monotonic()
    deadline = started + DEADLINE
    gateway = subprocess.Popen(
        [GATEWAY, "--addr", f"127.0.0.1:{port}", "--data", data, "--static", work],
        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, RUST_LOG="warn"))
    code = 1
    try:
        api = Api(base)
        api.eventually("the gateway", lambda: gateway.poll() is None and _answers(base), 60)
        f = fixtures(api, os.path.join(data, "outbox"))
        document = json.loads(_get(base + "/api/openapi.json"))
        operations = [f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item]
        say(f"gateway on {base}, fixtures made in {time.monotonic() - started:.1f} s; "
            f"fuzzing {len(operations)} operations")
        # Two passes: the fixtures' world (pinned values, ESTRADE_FUZZ_EXAMPLES cases an
        # operation and phase), then the unknown (every path parameter and field generated, a
        # few cases an operation: unknown and malformed ids, which the first pass pins).
        totals = []
        for name, pins, examples in (("world", True, EXAMPLES), ("unknown", False, max(2, EXAMPLES // 5))):
            say(f"pass «{name}»: {examples} examples an operation and phase")
            code, report, took = schemathesis(work, base, name, config(f, operations, pins), examples, deadline)
            totals.append(summary(name, report, took, operations))
            if code != 0:
                break
        if code == 0:
            cases, requests, took = (sum(t[i] for t in totals) for i in range(3))
            say(f"{len(operations)} operations, {cases} test cases, {requests} requests, "
                f"fuzzed in {took:.0f} s")
        if gateway.poll() is not None:
            say(f"FAILED: the gateway stopped ({gateway.returncode})")
            code = 1
    except Exception as error:  # the fixtures or the gateway: show why
        say(f"FAILED: {error}")
        code = 1
    finally:
        gateway.terminate()
        try:
            gateway.wait(timeout=10)
        except subprocess.TimeoutExpired:
            gateway.kill()
        log.close()
        with open(os.path.join(work, "gateway.log")) as gateway_log:
            internal = [line for line in gateway_log if "internal error" in line or "panicked" in line]
        if internal:
            say("the gateway logged:")
            sys.stdout.writelines(internal[-20:])
        if code != 0:
            say(f"reports and the gateway's log kept in {work}")
        elif not os.environ.get("ESTRADE_FUZZ_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    say(f"{'passed' if code == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return code


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _answers(base):
    try:
        return json.loads(_get(base + "/api/openapi.json"))["openapi"].startswith("3.1")
    except OSError:
        return False


def summary(name, report, took, operations):
    """What ran: operations and test cases (schemathesis' report), and each operation's answers
    by status (its HAR file), so that a log shows which rules the fuzzing reached."""
    try:
        with open(report) as f:
            data = json.load(f)
        with open(report + ".har") as f:
            entries = json.load(f)["log"]["entries"]
    except (OSError, ValueError) as error:
        say(f"no report ({error}); the fuzzing ran {took:.0f} s")
        return 0, 0, took
    templates = sorted(((label.split(" ", 1)[0], label.split(" ", 1)[1]) for label in operations),
                       key=lambda op: op[1].count("{"))
    matchers = [(method, path, re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]*", re.escape(path)) + "$"))
                for method, path in templates]
    answers = {label: {} for label in operations}
    other = {}
    for entry in entries:
        method = entry["request"]["method"]
        path = "/" + entry["request"]["url"].split("?")[0].split("/", 3)[3]
        status = entry["response"]["status"]
        label = next((f"{m} {p}" for m, p, rx in matchers if m == method and rx.match(path)), None)
        counts = answers[label] if label else other
        counts[status] = counts.get(status, 0) + 1
    cases = data["test_cases"]
    say(f"pass «{name}»: {data['operations']['tested']} of {data['operations']['total']} operations, "
        f"{cases['generated']} test cases, {len(entries)} requests, "
        f"{cases['unique_failures']} failures, in {took:.0f} s (seed {data.get('seed')})")
    if name != "world":
        # Unknown ids: 404s mostly; the answers of all operations together.
        total = {}
        for counts in [*answers.values(), other]:
            for status, n in counts.items():
                total[status] = total.get(status, 0) + n
        print("    answers: " + " ".join(f"{status}×{n}" for status, n in sorted(total.items())))
        return cases["generated"], len(entries), took
    for label in sorted(answers, key=lambda l: (l.split(" ", 1)[1], l)):
        counts = answers[label]
        shown = " ".join(f"{status}×{n}" for status, n in sorted(counts.items()))
        mark = " " if any(200 <= status < 300 for status in counts) else "!"
        print(f"  {mark} {label:<72} {shown}")
    if other:
        shown = " ".join(f"{status}×{n}" for status, n in sorted(other.items()))
        print(f"    (other methods on the API's paths, as schemathesis tries them) {shown}")
    print("  (! marks an operation that never answered 2xx in this pass)")
    return cases["generated"], len(entries), took


if __name__ == "__main__":
    sys.exit(main())
