"""The enums people see: each member carries its translated label, so no page, export or log shows a raw code."""

from __future__ import annotations

import enum
import sys
from typing import Any

from flask_babel import LazyString


class LabelledEnum(enum.StrEnum):
    """A StrEnum whose members are declared with their label: ``APPROVED = "approved", _l("Godkendt")``.

    The value is what is stored; the label is what is shown, translated into the reader's language when rendered.
    """

    _lazy_label: LazyString | None

    def __new__(cls, value: str, lazy_label: LazyString | None = None) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._lazy_label = lazy_label
        return member

    @property
    def lazy_label(self) -> Any:  # a LazyString, for choices built at import time
        if self._lazy_label is not None:
            return self._lazy_label
        # A module may instead list its labels in a LABELS table keyed by (class name, value), as planning/models.py
        # does; keyed by class too, since StrEnum members of different enums with the same value compare equal.
        table = getattr(sys.modules[type(self).__module__], "LABELS", {})
        return table.get((type(self).__name__, self.value), self.value)

    @property
    def label(self) -> str:
        return str(self.lazy_label)

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        """(value, lazy label) pairs for a select field."""
        return [(member.value, member.lazy_label) for member in cls]


def label_of(enum_class: type[LabelledEnum], code: str | None) -> str:
    """A code's label; a code no enum lists any more (an old row) is shown as it was stored."""
    if not code:
        return ""
    try:
        return enum_class(code).label
    except ValueError:
        return code
