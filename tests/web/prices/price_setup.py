"""A price list for the world's pharmacy, set through the real services."""

from __future__ import annotations


def price_list(world, *, shipping="4.95", skip=()):  # type: ignore[no-untyped-def]
    """Northgate-like prices for 30 and 90 capsules of each usual strength, a
    100 mL bottle of 1 mg/mL liquid, and ``shipping`` ("" leaves it not set)."""
    from ldncare.web.pharmacy import pricing

    pharmacist = world.users["pharmacist"]
    for strength, thirty, ninety in (("1.5", "18.00", "45.00"), ("3", "20.00", "50.00"),
                                     ("4.5", "22.00", "55.00")):
        if strength in skip:
            continue
        pricing.set_price(by=pharmacist, form="capsule", strength=strength, quantity="30",
                          price=thirty)
        pricing.set_price(by=pharmacist, form="capsule", strength=strength, quantity="90",
                          price=ninety)
    pricing.set_price(by=pharmacist, form="liquid", strength="1", quantity="100", price="25.00")
    pricing.set_price_settings(by=pharmacist, currency="GBP", shipping=shipping)
