#!/usr/bin/env python3
"""moto_server that handles one request at a time.

DynamoDB makes every single-item write atomic (a conditional put has one winner,
concurrent ADDs all count). moto_server's threaded werkzeug server does not lock
around a write, so races tested against it fail now and then for moto's sake, not
ours. Serving requests one at a time gives moto DynamoDB's per-item atomicity; the
races themselves still happen in the client, which is what the tests exercise.

It also names moto's ListParts answer as S3 does (list_parts_named_as_s3_does), and keeps
/moto-api/data.json answering once multipart uploads exist (data_json_survives_orphan_parts).

usage: serve.py HOST PORT
"""
import os
import sys

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def roll_back_items_not_tables() -> None:
    """Makes TransactWriteItems save and restore the items it writes, not whole tables.

    To undo a cancelled transaction, moto 5.2 deep-copies each table the transaction
    names, once per operation: a transaction costs time in proportion to the table's
    size (about 130 ms for 5 operations at 1,000 items), so a test that writes many
    items slows down quadratically. Requests are served one at a time here, so saving
    the few items a transaction writes and putting them back when it fails restores the
    same state (moto computes its indexes from the items at query time). Moto's own
    rollback leaves the stream records of the operations applied before the one that
    failed; they are cut off too, since a cancelled transaction writes nothing, and
    DynamoDB streams nothing of it.
    """
    import copy

    import moto.dynamodb.models as models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    original = models.DynamoDBBackend.transact_write_items

    class TablesNotCopied:
        """`copy` as moto's backend module sees it during a transaction."""

        @staticmethod
        def deepcopy(value, memo=None):
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    def saved_items(backend, transact_items):
        """(table, hash key, range key, copy of the item or None) of each written item."""
        saved = []
        for entry in transact_items:
            for op in entry.values():
                table = backend.tables.get(op.get("TableName"))
                attrs = op.get("Item") or op.get("Key") or {}
                if table is None or table.hash_key_attr not in attrs:
                    continue
                hash_key = DynamoType(attrs[table.hash_key_attr])
                range_key = None
                if table.range_key_attr is not None:
                    if table.range_key_attr not in attrs:
                        continue
                    range_key = DynamoType(attrs[table.range_key_attr])
                item = copy.deepcopy(table.get_item(hash_key, range_key))
                saved.append((table, hash_key, range_key, item))
        return saved

    def restore(table, hash_key, range_key, item):
        if range_key is None:
            if item is None:
                table.items.pop(hash_key, None)
            else:
                table.items[hash_key] = item
        elif item is None:
            if hash_key in table.items:
                table.items[hash_key].pop(range_key, None)
        else:
            table.items[hash_key][range_key] = item

    def stream_lengths(saved):
        """Each written table's stream, with how many records it held before."""
        streams = {}
        for table, *_ in saved:
            shard = getattr(table, "stream_shard", None)
            if shard is not None:
                streams[id(shard)] = (shard, len(shard.items))
        return streams.values()

    def transact_write_items(self, transact_items):
        saved = saved_items(self, transact_items)
        streams = stream_lengths(saved)
        models.copy = TablesNotCopied
        try:
            return original(self, transact_items)
        except Exception:
            for entry in reversed(saved):
                restore(*entry)
            # A cancelled transaction wrote nothing: its stream records go too.
            for shard, length in streams:
                del shard.items[length:]
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_write_items


def list_parts_named_as_s3_does() -> None:
    """moto 5.2.5 answers ListParts under <ListPartsResponse>; S3 (and the Rust SDK, which
    refuses anything else) use <ListPartsResult>."""
    import moto.s3.responses as responses

    original = responses.S3Response.list_parts

    def list_parts(self):
        status, headers, body = original(self)
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        body = body.replace("<ListPartsResponse", "<ListPartsResult").replace(
            "</ListPartsResponse>", "</ListPartsResult>"
        )
        return status, headers, body

    responses.S3Response.list_parts = list_parts


def data_json_survives_orphan_parts() -> None:
    """moto's /moto-api/data.json reads every object's `status`, which looks up the object's
    bucket: for the parts of a multipart upload (completed or aborted) that lookup raises, and
    the whole dump answers 500. Such a status reads as none."""
    import moto.s3.models as s3

    original = s3.FakeKey.status

    def status(self):
        try:
            return original.fget(self)
        except Exception:
            return None

    s3.FakeKey.status = property(status, original.fset)


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    roll_back_items_not_tables()
    list_parts_named_as_s3_does()
    data_json_survives_orphan_parts()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
