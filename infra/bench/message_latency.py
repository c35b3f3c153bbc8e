#!/usr/bin/env python3
"""Send-to-receive latency of a message over the local gateway's WebSocket.

Starts the gateway (release build) on 127.0.0.1 with a fresh data folder and its demo
accounts. The client camille opens a conversation with the provider trio. trio opens
the live WebSocket with a ticket. camille then sends N messages through the HTTP API.
Each message's latency runs from just before its POST to the moment trio's socket
receives it: HTTP handler, SQLite transaction, change log, notifier (pushes and the
forwarding email: trio asked for message emails), hub, WebSocket frame.

Two runs: "latency" sends each message once the previous one was received (what a
person waiting for an answer sees); "burst" sends each as soon as the previous POST
answered, so the notifier falls behind once the sends outpace it (its throughput).
Prints p50, p90, p99 and the worst of each.

usage: message_latency.py GATEWAY_BINARY [N]
"""
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

PASSWORD = "estrade-demo-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def login(base, email):
    return call(base, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})


async def measure(base, count, wait_for_each):
    client = login(base, "camille@estrade.test")["access_token"]
    trio = login(base, "trio@estrade.test")
    provider_id = trio["user"]["id"]
    conversation = call(base, "POST", "/api/conversations", {"provider_id": provider_id}, client)["conversation"]
    ticket = call(base, "POST", "/api/ws/ticket", None, trio["access_token"])["ticket"]
    ws_url = base.replace("http://", "ws://") + f"/ws?ticket={ticket}"
    sent, answered, received = {}, {}, {}
    async with websockets.connect(ws_url) as socket_:
        arrived = asyncio.Event()

        async def listen():
            while len(received) < count:
                event = json.loads(await socket_.recv())
                if event.get("type") == "message":
                    received[event["message"]["text"]] = time.perf_counter()
                    arrived.set()

        listener = asyncio.create_task(listen())
        path = f"/api/conversations/{conversation['id']}/messages"
        for i in range(count):
            text = f"bench {i} {wait_for_each}"
            arrived.clear()
            sent[text] = time.perf_counter()
            await asyncio.to_thread(call, base, "POST", path, {"text": text}, client)
            answered[text] = time.perf_counter()
            if wait_for_each:
                await asyncio.wait_for(arrived.wait(), timeout=10)
        await asyncio.wait_for(listener, timeout=30)
    ms = lambda end: sorted((end[t] - sent[t]) * 1000 for t in sent)
    return ms(received), ms(answered)


def main():
    binary, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        gateway = subprocess.Popen([binary, "--addr", f"127.0.0.1:{port}", "--data", data, "--static", data, "--no-write-limit"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/api/providers", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            runs = [(mode, *asyncio.run(measure(base, count, mode == "latency"))) for mode in ("latency", "burst")]
        finally:
            gateway.kill()
            gateway.wait()
    print(f"messages per run: {count} (sent over HTTP, received on the WebSocket)")
    for mode, latencies, sends in runs:
        for name, values in [("send-to-receive", latencies), ("HTTP send alone", sends)]:
            q = statistics.quantiles(values, n=100)
            print(f"{mode:>7} {name:>16}: p50 {q[49]:6.2f} ms, p90 {q[89]:6.2f} ms, p99 {q[98]:6.2f} ms, worst {values[-1]:6.2f} ms")


if __name__ == "__main__":
    main()
