"""`flask export-round ROUND_ID --out FILE.json`: the round as the engine's rotation-instance/1 file."""

from __future__ import annotations

import json

import click
from flask import Flask

from partnerhub.extensions import db
from partnerhub.matching import instance_to_dict
from partnerhub.planning.engine_adapter import build_instance
from partnerhub.planning.models import PlanningRound
from partnerhub.planning.services.rounds import participant_profiles


@click.command("export-round")
@click.argument("round_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the JSON file.")
def export_round_command(round_id: int, out: str) -> None:
    """Write a planning round as rotation-instance/1, so the engine's CLI and benchmark can replay it."""
    round_ = db.session.get(PlanningRound, round_id)
    if round_ is None:
        raise click.ClickException(f"Runde {round_id} findes ikke.")
    round_input = build_instance(round_, participant_profiles(round_))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(instance_to_dict(round_input.instance), handle, ensure_ascii=False, indent=1)
    click.echo(f"Runde {round_id}: {len(round_input.instance.youth)} unge, "
               f"{len(round_input.instance.companies)} virksomheder -> {out}")


def register(app: Flask) -> None:
    app.cli.add_command(export_round_command)
