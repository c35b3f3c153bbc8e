#!/usr/bin/env python3
"""Calendar bookings under contention, over the local gateway.

1. The release gateway starts on a fresh data folder with its demo accounts; the
   photographer offers a whole-day service ("Reportage journée") on the default rules.
2. C clients sign up and log in.
3. N booking attempts of that service over M working days (each attempt a random client and
   a random day) are sent by T threads at once, each on its own keep-alive connection. Every
   day must end with exactly one booking: M answers 201, the others 409 `date_taken`.
4. A month of that service's availability is read 1,000 times, one after the other.
Prints the winners, throughput, and p50/p99 of a booking attempt and of a month's availability.

usage: booking_bench.py GATEWAY_BINARY [ATTEMPTS [DAYS [THREADS]]]
"""
import collections
import datetime
import http.client
import json
import random
import statistics
import sys
import threading
import time

import local_gateway

PASSWORD = "estrade-demo-2026"
CLIENTS = 20



def call(connection, method, path, body=None, token=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)


def login(connection, email):
    status, body = call(connection, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})
    if status != 200:
        raise SystemExit(f"login {email}: {status} {body}")
    return body["access_token"], body["user"]["id"]


def working_days(count):
    """The first `count` Monday-to-Friday days from a week ahead."""
    day, days = datetime.date.today() + datetime.timedelta(days=7), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return days


def report(name, latencies, seconds, unit):
    values = sorted(latencies)
    q = statistics.quantiles(values, n=100)
    print(f"{name:>24}: p50 {q[49]:6.2f} ms, p99 {q[98]:6.2f} ms, worst {values[-1]:6.2f} ms, "
          f"{len(values) / seconds:7.0f} {unit}/s")


def main():
    gateway_bin = sys.argv[1]
    attempts = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    with local_gateway.running(gateway_bin) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        _, provider = login(connection, "photo@estrade.test")
        tokens = []
        for i in range(CLIENTS):
            email = f"bench{i}@example.fr"
            status, body = call(connection, "POST", "/api/auth/signup",
                                {"email": email, "password": PASSWORD, "role": "client", "name": f"Client {i}"})
            if status != 201:
                raise SystemExit(f"signup: {status} {body}")
            tokens.append(login(connection, email)[0])
        dates = working_days(days)
        rng = random.Random(7)
        plan = [(rng.choice(tokens), rng.choice(dates)) for _ in range(attempts)]
        outcomes, latencies, lock = [], [], threading.Lock()

        def worker(share):
            own = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for token, date in share:
                body = {"provider_id": provider, "service": "Reportage journée", "date": date}
                start = time.perf_counter()
                status, answer = call(own, "POST", "/api/bookings", body, token)
                elapsed = (time.perf_counter() - start) * 1000
                code = (answer or {}).get("error", {}).get("code")
                with lock:
                    latencies.append(elapsed)
                    outcomes.append((date, status, code))
            own.close()

        workers = [threading.Thread(target=worker, args=(plan[i::threads],)) for i in range(threads)]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        seconds = time.perf_counter() - start
        won = collections.Counter(date for date, status, _ in outcomes if status == 201)
        refused = collections.Counter(code for _, status, code in outcomes if status != 201)
        print(f"{attempts} attempts over {days} days by {threads} threads: "
              f"{sum(won.values())} bookings, refused {dict(refused)}")
        if sorted(won) != sorted(dates) or set(won.values()) != {1} or set(refused) != {"date_taken"}:
            raise SystemExit("FAILED: every day must end with exactly one booking")
        report("booking attempt", latencies, seconds, "attempts")

        month = dates[0][:7]
        path = f"/api/providers/{provider}/availability?service=Reportage%20journ%C3%A9e&month={month}"
        reads = []
        start = time.perf_counter()
        for _ in range(1000):
            t = time.perf_counter()
            status, _ = call(connection, "GET", path)
            reads.append((time.perf_counter() - t) * 1000)
            if status != 200:
                raise SystemExit(f"availability: {status}")
        report("month of availability", reads, time.perf_counter() - start, "reads")


if __name__ == "__main__":
    main()
