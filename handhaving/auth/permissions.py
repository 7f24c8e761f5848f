from handhaving.security.rules import AUTHENTICATED, PUBLIC

POLICY = {
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.tweede_factor": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.logout": {"POST": AUTHENTICATED},
    "auth.account": {"GET": AUTHENTICATED, "POST": AUTHENTICATED},
    "auth.andere_sessies_beeindigen": {"POST": AUTHENTICATED},
}
