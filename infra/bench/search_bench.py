#!/usr/bin/env python3
"""Search latency over the local gateway, on 100,000 providers.

1. `seed_providers` (infra/gateway/examples, release) writes N listed providers and their
   search entries into a fresh data folder, with the library's own functions, and a mix
   of searches (a kind word or a whole kind; near a typed city, near a commune code, with
   no place; a place with no kind). It also runs each search once in-process against a
   table store that counts calls: the table reads per search.
2. The release gateway starts on that folder (no demo accounts); 100 searches warm it up.
3. The mix is timed over HTTP, one search after the other on one keep-alive connection
   (closed loop: each latency is what one user waits), then again with 4 clients at once.
Prints p50, p90, p99 and the worst, and the reads per search.

usage: search_bench.py GATEWAY_BINARY SEED_BINARY [PROVIDERS [SEARCHES]]
"""
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(port, queries, latencies):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for query in queries:
        start = time.perf_counter()
        connection.request("GET", "/api/search?" + query)
        response = connection.getresponse()
        body = response.read()
        latencies.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{query}: {response.status} {body[:200]!r}")
    connection.close()


def report(name, latencies, seconds):
    values = sorted(latencies)
    q = statistics.quantiles(values, n=100)
    print(f"{name:>22}: p50 {q[49]:6.2f} ms, p90 {q[89]:6.2f} ms, p99 {q[98]:6.2f} ms, "
          f"worst {values[-1]:6.2f} ms, {len(values) / seconds:7.0f} searches/s")


def main():
    gateway_bin, seed_bin = sys.argv[1], sys.argv[2]
    providers = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    searches = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    with tempfile.TemporaryDirectory() as data:
        mix_file = f"{data}/queries.txt"
        seeded = json.loads(subprocess.run(
            [seed_bin, f"{data}/db", str(providers), mix_file, str(searches)],
            check=True, capture_output=True, text=True).stdout)
        mix = open(mix_file).read().split()
        port = free_port()
        gateway = subprocess.Popen(
            [gateway_bin, "--addr", f"127.0.0.1:{port}", "--data", f"{data}/db", "--static", data, "--no-demo"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/places?q=a", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            timed(port, mix[:100], [])
            single = []
            start = time.perf_counter()
            timed(port, mix, single)
            single_seconds = time.perf_counter() - start
            parallel, threads = [], []
            start = time.perf_counter()
            for i in range(4):
                part = mix[i::4]
                threads.append(threading.Thread(target=timed, args=(port, part, parallel)))
                threads[-1].start()
            for thread in threads:
                thread.join()
            parallel_seconds = time.perf_counter() - start
        finally:
            gateway.kill()
            gateway.wait()
    print(f"providers: {seeded['providers']:,} ({seeded['search_entries']:,} search entries, "
          f"seeded in {seeded['seconds_to_seed']:.1f} s); searches: {len(mix):,}")
    print(f"table reads per search: {seeded['query_calls_mean']:.2f} Query calls on average "
          f"(p50 {seeded['query_calls_p50']}, max {seeded['query_calls_max']}), "
          f"{seeded['get_calls']} GetItem; {seeded['entries_read_mean']:.1f} entries read, "
          f"{seeded['results_mean']:.1f} results per search")
    report("1 client", single, single_seconds)
    report("4 clients at once", parallel, parallel_seconds)


if __name__ == "__main__":
    main()
