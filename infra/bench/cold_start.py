#!/usr/bin/env python3
"""Cold start of one Lambda function binary, measured on this machine.

Serves the Lambda Runtime API on 127.0.0.1 (the interface AWS's runtime uses),
starts the function's `bootstrap` as Lambda would, hands it one API Gateway HTTP
event, and times:
  init:  process start -> first GET /runtime/invocation/next (the function's init)
  first: process start -> the first response posted (init + first request, including
         the SDK's first DynamoDB call to a moto_server on 127.0.0.1).
Repeats the cold start RUNS times and prints the median and worst of each.

usage: cold_start.py BOOTSTRAP [RUNS]
"""
import json
import os
import socket
import statistics
import tempfile
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

EVENT = {
    "version": "2.0", "routeKey": "$default", "rawPath": "/api/providers", "rawQueryString": "",
    "headers": {"host": "bench.execute-api.eu-west-3.amazonaws.com"},
    "requestContext": {
        "accountId": "123456789012", "apiId": "bench", "domainName": "bench.execute-api.eu-west-3.amazonaws.com",
        "domainPrefix": "bench", "http": {"method": "GET", "path": "/api/providers", "protocol": "HTTP/1.1",
                                          "sourceIp": "127.0.0.1", "userAgent": "bench"},
        "requestId": "bench", "routeKey": "$default", "stage": "$default",
        "time": "21/Nov/2026:12:00:00 +0000", "timeEpoch": 1795267200000},
    "isBase64Encoded": False,
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Runtime(BaseHTTPRequestHandler):
    """The two Runtime API calls a function makes for one invocation."""
    marks = {}
    served = threading.Event()
    answer = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/invocation/next"):
            if "init" in Runtime.marks:  # later polls wait: one invocation per process
                time.sleep(30)
                return
            Runtime.marks["init"] = time.perf_counter()
            body = json.dumps(EVENT).encode()
            self.send_response(200)
            for name, value in [("Lambda-Runtime-Aws-Request-Id", "req-1"),
                                ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 10_000)),
                                ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-3:123456789012:function:bench"),
                                ("Lambda-Runtime-Trace-Id", "Root=1-0-0"),
                                ("Content-Length", str(len(body)))]:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Runtime.answer = self.rfile.read(length)
        Runtime.marks["first"] = time.perf_counter()
        self.send_response(202)
        self.end_headers()
        Runtime.served.set()


def main():
    bootstrap, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    moto_port = free_port()
    moto = subprocess.Popen([os.path.join(root, ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{moto_port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        dynamodb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="eu-west-3",
                                aws_access_key_id="bench", aws_secret_access_key="bench")
        dynamodb.create_table(
            TableName="bench", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "gsi1pk", "gsi1sk")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "gsi1", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"},
                                                   {"AttributeName": "gsi1sk", "KeyType": "RANGE"}]}])
        env = dict(os.environ, AWS_LAMBDA_FUNCTION_NAME="bench",
                   AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256", AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
                   AWS_LAMBDA_LOG_GROUP_NAME="bench", AWS_LAMBDA_LOG_STREAM_NAME="bench",
                   AWS_REGION="eu-west-3", AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                   AWS_ENDPOINT_URL=endpoint, TABLE_NAME="bench", BUCKET_NAME="bench",
                   SENDER_EMAIL="no-reply@example.com", JWT_SECRET="bench-secret", PUBLIC_BASE_URL="https://example.com",
                   WS_ENDPOINT="https://bench.execute-api.eu-west-3.amazonaws.com/live")
        init, first = [], []
        log = tempfile.TemporaryFile(mode="w+")
        for _ in range(runs):
            # A fresh Runtime API per cold start: a poll of the previous process can
            # never take this one's invocation.
            Runtime.marks, Runtime.answer = {}, None
            Runtime.served.clear()
            server = ThreadingHTTPServer(("127.0.0.1", 0), Runtime)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{server.server_address[1]}"
            start = time.perf_counter()
            log.seek(0)
            log.truncate()
            process = subprocess.Popen([bootstrap], env=env, stdout=log, stderr=subprocess.STDOUT)
            if not Runtime.served.wait(10):
                process.kill()
                log.seek(0)
                sys.exit("the function did not answer within 10 s; its output:\n" + log.read()[-2000:])
            process.kill()
            process.wait()
            server.shutdown()
            server.server_close()
            answer = json.loads(Runtime.answer)
            assert answer.get("statusCode") == 200, answer
            init.append((Runtime.marks["init"] - start) * 1000)
            first.append((Runtime.marks["first"] - start) * 1000)
        size = os.path.getsize(bootstrap)
        print(f"binary: {bootstrap} ({size / 1e6:.2f} MB)")
        print(f"cold starts: {runs}")
        print(f"init (start -> ready):            median {statistics.median(init):6.1f} ms, worst {max(init):6.1f} ms")
        print(f"first request (incl. DynamoDB):   median {statistics.median(first):6.1f} ms, worst {max(first):6.1f} ms")
    finally:
        moto.kill()


if __name__ == "__main__":
    main()
