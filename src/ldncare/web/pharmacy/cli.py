"""``ldncare recall LOT``: which patients received a batch lot, or which
batches (and patients) used an ingredient lot — across the whole database,
for the pharmacy's operator at the server.

Django is imported inside the command, so ``ldncare --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ldncare.clitools import fail, print_json

HELP = "Recall a lot: who received a batch lot, or which batches used an ingredient lot."


def register(app: typer.Typer) -> None:
    app.command(help=HELP)(recall)


def recall(
    lot: Annotated[str, typer.Argument(help="a batch lot (LDN-20261122-001) or a supplier's "
                                            "ingredient lot number")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    text = " ".join(lot.split())
    if not text or len(text) > 60:
        fail("give a lot number of 1 to 60 characters")
    from ldncare.web.bootstrap import setup_django

    setup_django()
    from ldncare.web.pharmacy.models import IngredientLot, Order
    from ldncare.web.pharmacy.queries import recall as find

    result = find(Order.objects.all(), IngredientLot.objects.all(), text)
    if as_json:
        print_json(result.as_dict())
        return
    _print(result)


def _print(result) -> None:  # type: ignore[no-untyped-def]
    if result.kind == "none":
        typer.echo(f"No batch or ingredient lot has the number {result.query}.")
        return
    for lot in result.ingredient_lots:
        typer.echo(f"Ingredient lot {lot['lot_number']}: {lot['material']} from "
                   f"{lot['supplier']}, expires {lot['expires_on']} ({lot['status']})")
    typer.echo(f"{len(result.batches)} batch(es), {len(result.patients)} patient(s):")
    for batch in result.batches:
        shipped = f"shipped {batch.shipped_on}" if batch.shipped_on else "not shipped"
        typer.echo(f"  {batch.lot} ({batch.description}, made {batch.prepared_on}) → "
                   f"{batch.patient} (patient {batch.patient_id}), order {batch.order_id} "
                   f"{batch.order_status_text.lower()}, {shipped}")
