"""Extensions, created unbound so that create_app() can bind them to any app."""

import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Pages render after the view has committed; expiring everything on commit would reload every row one by one.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

# The models' base class. mypy cannot follow `class X(Model)` (db.Model is made at run time), so models subclass
# this name: db.Model itself when running, its declarative base for the type checker.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def str_enum(enum_class: type[enum.Enum]) -> sa.Enum:
    """Stores an enum's lowercase values as a checked VARCHAR, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
mail = Mail()
