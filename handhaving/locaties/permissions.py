from handhaving.security.rules import ALLE_ROLLEN

# BAG addresses are public data, but each user sees only their own gemeenten.
POLICY = {
    "locaties.index": {"GET": ALLE_ROLLEN},
    "locaties.zoek": {"GET": ALLE_ROLLEN},
    "locaties.adres": {"GET": ALLE_ROLLEN},
}
