#!/usr/bin/env python3
"""Gallery uploads through the local gateway, as a browser sends them.

1. The release gateway starts on a fresh data folder with its demo accounts; the demo client
   books the photographer's "Reportage journée" and the photographer confirms it: a project.
2. The photographer makes a gallery and uploads one file of SIZE MiB in 8 MiB parts (S3
   multipart, signed part URLs), T parts at a time, each thread on its own connection; then
   completes it. Then FILES photos of 6 MB each, one signed PUT each, T at a time.
Prints the throughput of each (MB/s, from the first request to the completion).

usage: upload_bench.py GATEWAY_BINARY [SIZE_MIB [THREADS [FILES]]]
"""
import datetime
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

import local_gateway

PASSWORD = "estrade-demo-2026"



def call(connection, method, path, body=None, token=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]}")
    return json.loads(data) if data else None


def login(connection, email):
    body = call(connection, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})
    return body["access_token"], body["user"]["id"]


def put(port, url, body, headers):
    """PUTs to a signed URL of the gateway; returns the ETag."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("PUT", f"{parsed.path}?{parsed.query}", body, headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"PUT {parsed.path}: {response.status}")
    connection.close()
    return response.getheader("etag")


def in_threads(jobs, threads):
    results, lock = {}, threading.Lock()

    def worker(share):
        for key, job in share:
            value = job()
            with lock:
                results[key] = value

    workers = [threading.Thread(target=worker, args=(jobs[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def main():
    gateway_bin = sys.argv[1]
    size_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    photos = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    with local_gateway.running(gateway_bin) as port:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        provider_token, provider = login(c, "photo@estrade.test")
        client_token, _ = login(c, "camille@estrade.test")
        day = datetime.date.today() + datetime.timedelta(days=14)
        while day.weekday() != 1:
            day += datetime.timedelta(days=1)
        booking = call(c, "POST", "/api/bookings",
                       {"provider_id": provider, "service": "Reportage journée", "date": day.isoformat()},
                       client_token)["booking"]
        confirmed = call(c, "POST", f"/api/bookings/{booking['id']}/answer", {"action": "confirm"},
                         provider_token)["booking"]
        gallery = call(c, "POST", f"/api/projects/{confirmed['project_id']}/galleries",
                       {"name": "Bench"}, provider_token)["gallery"]["id"]
        base = f"/api/galleries/{gallery}/files"

        # One large file in parts.
        size = size_mib * 1024 * 1024
        chunk = os.urandom(8 * 1024 * 1024)
        start = time.perf_counter()
        created = call(c, "POST", base, {"name": "film.mp4", "type": "video/mp4", "size": size}, provider_token)
        file_id, plan = created["file"]["id"], created["upload"]
        part_size, count = plan["part_size"], plan["part_count"]

        def part(n):
            def job():
                own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                url = call(own, "POST", f"{base}/{file_id}/parts/{n}", None, provider_token)["url"]
                own.close()
                body = (b"\x00\x00\x00\x18ftypmp42" + chunk[12:]) if n == 1 else chunk
                body = body[: min(part_size, size - (n - 1) * part_size)]
                return put(port, url, body, {})
            return job

        etags = in_threads([(n, part(n)) for n in range(1, count + 1)], threads)
        parts = [{"number": n, "etag": etags[n]} for n in range(1, count + 1)]
        call(c, "POST", f"{base}/{file_id}/complete", {"parts": parts}, provider_token)
        seconds = time.perf_counter() - start
        print(f"multipart: {size_mib} MiB in {count} parts, {threads} at a time: "
              f"{seconds:.1f} s, {size / 1e6 / seconds:.0f} MB/s")

        # Many photos, one signed PUT each.
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(6_000_000)

        def single(i):
            def job():
                own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                made = call(own, "POST", base, {"name": f"IMG_{i}.jpg", "type": "image/jpeg",
                                               "size": len(photo)}, provider_token)
                put(port, made["upload"]["url"], photo, made["upload"]["headers"])
                call(own, "POST", f"{base}/{made['file']['id']}/complete", {}, provider_token)
                own.close()
            return job

        start = time.perf_counter()
        in_threads([(i, single(i)) for i in range(photos)], threads)
        seconds = time.perf_counter() - start
        total = photos * len(photo)
        print(f"single PUTs: {photos} photos of {len(photo) / 1e6:.0f} MB, {threads} at a time: "
              f"{seconds:.1f} s, {total / 1e6 / seconds:.0f} MB/s, {photos / seconds:.1f} files/s")


if __name__ == "__main__":
    main()
