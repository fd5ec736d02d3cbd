"""What a worker process builds from data that changes slowly, kept for a while instead of rebuilt per request.

The fair's search indexes (public texts) and the results dashboard's counts (figures, no person's data) cost tens of
milliseconds to build and are asked for on most views of their pages. Each worker process keeps its own copy for a
number of seconds set in the config. A write in this process to a model the copy was built from makes it stale at
once (session listeners count such flushes and bulk statements), so a person sees their own change on their next
page; other worker processes pick it up when their copy expires.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import ORMExecuteState, Session

from partnerhub.timeutil import utcnow

Built = TypeVar("Built")
MAX_ENTRIES = 64  # per cache and process: the dashboard's free-form date filters must not grow it without limit
EXTENSION = "partnerhub_worker_cache"  # app.extensions[EXTENSION][cache name][key] = (monotonic, generation, at, value)


class WorkerCache:
    """One named cache of built values per worker process, keyed, kept for `config[seconds_setting]` seconds."""

    def __init__(self, name: str, watched: Mapping[type, frozenset[str] | None], seconds_setting: str) -> None:
        """`watched`: the models the values are built from, each with the attributes they read (None: any). A row
        added or deleted always counts; a changed row only if one of those attributes changed, so a young person
        editing their interests does not make the results dashboard count again."""
        self.name = name
        self.watched = dict(watched)
        self.seconds_setting = seconds_setting
        self.generation = 0  # bumped by every flush in this process that writes what a value is built from

    def note_changes(self, session: Session, flush_context: object) -> None:
        if any(self._matters(obj, changed=False) for obj in (*session.new, *session.deleted)) or any(
                self._matters(obj, changed=True) for obj in session.dirty):
            self.generation += 1

    def note_statement(self, state: ORMExecuteState) -> None:
        """A bulk INSERT, UPDATE or DELETE through the session (no objects, so no flush to see) on a watched model."""
        if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None and any(
                issubclass(state.bind_mapper.class_, model) for model in self.watched):
            self.generation += 1

    def _matters(self, obj: object, *, changed: bool) -> bool:
        for model, attributes in self.watched.items():
            if isinstance(obj, model):
                if not changed or attributes is None:
                    return True
                state = sa_inspect(obj)  # after_flush still holds the flush's history
                return any(state.attrs[name].history.has_changes() for name in attributes)
        return False

    def register_listeners(self) -> None:
        """Called by create_app; idempotent, since the listener is on every ORM session and tests build many apps."""
        if not event.contains(Session, "after_flush", self.note_changes):
            event.listen(Session, "after_flush", self.note_changes)
        if not event.contains(Session, "do_orm_execute", self.note_statement):
            event.listen(Session, "do_orm_execute", self.note_statement)

    def get(self, key: Hashable, build: Callable[[], Built]) -> tuple[datetime, Built]:
        """The value built for `key` and when it was built (UTC): the kept one while it is fresh, else a new one."""
        entries: dict[Hashable, tuple[float, int, datetime, Any]] = (
            current_app.extensions.setdefault(EXTENSION, {}).setdefault(self.name, {}))
        now = time.monotonic()
        kept = entries.get(key)
        if (kept is None or kept[1] != self.generation
                or now - kept[0] > current_app.config[self.seconds_setting]):
            generation = self.generation  # read before building: a change made meanwhile still rebuilds next time
            kept = (now, generation, utcnow(), build())
            entries[key] = kept
            if len(entries) > MAX_ENTRIES:  # a snapshot: another thread of the worker may be adding one
                oldest = min(list(entries.items()), key=lambda item: item[1][0])[0]
                entries.pop(oldest, None)
        return kept[2], kept[3]


def forget_everything(app: Flask) -> None:
    """Drops every kept value of the app: for tests, whose rows are rolled back without any flush to see."""
    app.extensions.pop(EXTENSION, None)
