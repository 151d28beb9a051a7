"""A whole world as one JSON document, and back: every stored row of every table (password hashes,
tokens and pending codes included), and the clock. The document names no sandbox, so it can be
imported into any; its format is versioned (FORMAT, VERSION) and described in the OpenAPI document
by `document_schema()`, which is made from the models."""
import base64
import json
from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, String, Text, TypeDecorator, select
from sqlalchemy.exc import IntegrityError

from openloyalty_standin.app import clock, derived
from openloyalty_standin.app.errors import BadRequest
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import CustomerCount, RequestLogEntry, WorldSetting
from openloyalty_standin.app.services import avatars

FORMAT, VERSION = "openloyalty-standin-world", 1
# Tables that are no rows of the document: the run-time settings (the clock has a key of its own,
# faults are no data) and the request log, which an import leaves, and the counts app/derived.py keeps.
KEPT = {WorldSetting.__tablename__, RequestLogEntry.__tablename__}
DERIVED = KEPT | {CustomerCount.__tablename__}


def _tables():
    return [table for table in db.metadata.sorted_tables if table.name not in DERIVED]


def _kind(column):
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    for name, types in (("boolean", (Boolean,)), ("integer", (Integer,)), ("number", (Float,)),
                        ("moment", (DateTime,)), ("bytes", (LargeBinary,)), ("json", (JSON,)),
                        ("text", (String, Text))):
        if isinstance(kind, types):
            return name
    return "json"


def _written(kind, value):
    if value is None:
        return None
    if kind == "moment":
        return value.astimezone(timezone.utc).isoformat()
    if kind == "bytes":
        return {"base64": base64.b64encode(value).decode()}
    return value


def export_world():
    """The current world as a document (rows in primary-key order)."""
    tables = {}
    for table in _tables():
        columns = list(table.columns)
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        tables[table.name] = [{column.name: _written(_kind(column), row._mapping[column]) for column in columns}
                              for row in rows]
    db.session.rollback()
    setting = clock.setting()
    return {"format": FORMAT, "version": VERSION,
            "clock": {"frozenAt": setting["frozenAt"], "offsetSeconds": setting["offsetSeconds"]}, "tables": tables}


# --- reading a document back


def _bad(where, what):
    return BadRequest(f"{where}: {what}", hint="The world is left as it was; GET /_dev/export shows the format.")


def _read(kind, value, where):
    checks = {
        "boolean": lambda: isinstance(value, bool),
        "integer": lambda: isinstance(value, int) and not isinstance(value, bool),
        "number": lambda: isinstance(value, (int, float)) and not isinstance(value, bool),
        "text": lambda: isinstance(value, str),
        "moment": lambda: isinstance(value, str),
        "bytes": lambda: isinstance(value, dict) and isinstance(value.get("base64"), str),
        "json": lambda: True,
    }
    if not checks[kind]():
        raise _bad(where, f"expected {kind}")
    try:
        if kind == "moment":
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        if kind == "bytes":
            return base64.b64decode(value["base64"], validate=True)
    except ValueError:
        raise _bad(where, f"not a valid {kind}") from None
    return value


def _required(column):
    """Whether a row must give the column: not null, no default, no number the database makes."""
    made = column.primary_key and isinstance(column.type, Integer)
    return not column.nullable and not made and (column.default is None or column.primary_key)


def _value(column, value, where):
    """A column's value of a row; a missing one is null, its default, or an error if it has neither."""
    if value is not None:
        return _read(_kind(column), value, where)
    if _required(column):
        raise _bad(where, "required")
    if column.default is not None and not column.nullable:
        default = column.default.arg
        return default(None) if callable(default) else default
    return None


def _rows(table, rows):
    if not isinstance(rows, list):
        raise _bad(f"tables.{table.name}", "expected a list of rows")
    columns = {column.name: column for column in table.columns}
    read = []
    for index, row in enumerate(rows):
        where = f"tables.{table.name}[{index}]"
        if not isinstance(row, dict):
            raise _bad(where, "expected an object")
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise _bad(f"{where}.{unknown[0]}", "no such column")
        read.append({name: _value(column, row.get(name), f"{where}.{name}") for name, column in columns.items()})
    return read


def _checked(document):
    if not isinstance(document, dict):
        raise _bad("document", "expected a JSON object")
    extra = sorted(set(document) - {"format", "version", "clock", "tables"})
    if extra:
        raise _bad(extra[0], "no such part of a world document")
    if document.get("format") != FORMAT:
        raise _bad("format", f"expected {FORMAT!r}")
    if document.get("version") != VERSION:
        raise _bad("version", f"expected {VERSION}")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _bad("tables", "expected an object of tables")
    known = {table.name: table for table in _tables()}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise _bad(f"tables.{unknown[0]}", "no such table")
    moment = document.get("clock", {})
    if not isinstance(moment, dict) or set(moment) - {"frozenAt", "offsetSeconds"}:
        raise _bad("clock", "expected {frozenAt, offsetSeconds}")
    offset = moment.get("offsetSeconds", 0)
    if not isinstance(offset, (int, float)) or isinstance(offset, bool):
        raise _bad("clock.offsetSeconds", "expected number")
    if moment.get("frozenAt") is not None:
        _read("moment", moment["frozenAt"], "clock.frozenAt")
    return {name: _rows(table, tables.get(name, [])) for name, table in known.items()}


def read_file(path):
    """The world document in the file at `path`; a file that is no JSON is a clear error."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise _bad(str(path), f"no world document ({error})") from None


def import_world(document):
    """Replace the current world's data and clock with the document's; a bad document changes nothing."""
    rows = _checked(document)
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in KEPT:  # the clock is set below, faults and the request log stay
            db.session.execute(table.delete())
    for table in _tables():
        if rows[table.name]:
            try:
                db.session.execute(table.insert(), rows[table.name])
            except IntegrityError as error:
                db.session.rollback()
                raise _bad(f"tables.{table.name}", f"rows that do not fit together ({error.orig})") from None
    derived.rebuild()
    db.session.commit()
    avatars.forget_all_files()
    setting = document.get("clock", {})
    clock.restore(setting.get("frozenAt"), setting.get("offsetSeconds", 0))
    return {"tables": {name: len(found) for name, found in rows.items()}}


def document_schema():
    """The JSON Schema of a world document, made from the models."""
    types = {"boolean": {"type": "boolean"}, "integer": {"type": "integer"}, "number": {"type": "number"},
             "text": {"type": "string"}, "moment": {"type": "string", "description": "ISO 8601"},
             "bytes": {"type": "object", "properties": {"base64": {"type": "string"}}, "required": ["base64"]},
             "json": {}}
    tables = {}
    for table in _tables():
        properties = {}
        for column in table.columns:
            described = dict(types[_kind(column)])
            # null (or left out) is the column's default, where it has one
            optional = column.nullable or not _required(column)
            properties[column.name] = {"anyOf": [described, {"type": "null"}]} if optional else described
        required = [column.name for column in table.columns if _required(column)]
        tables[table.name] = {"type": "array", "items": {"type": "object", "properties": properties,
                                                         "required": required, "additionalProperties": False}}
    return {
        "type": "object", "required": ["format", "version", "tables"],
        "properties": {
            "format": {"type": "string", "enum": [FORMAT]}, "version": {"type": "integer", "enum": [VERSION]},
            "clock": {"type": "object", "additionalProperties": False, "required": [],
                      "properties": {"frozenAt": {"type": ["string", "null"]}, "offsetSeconds": {"type": "number"}}},
            "tables": {"type": "object", "properties": tables, "additionalProperties": False, "required": []},
        },
        "additionalProperties": False,
    }
