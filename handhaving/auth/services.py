"""The auth domain's services, by responsibility:

* ``accounts``    – create, (de)activate, change the own password;
* ``inloggen``    – password, second factor, logout;
* ``sessies``     – server-side sessions, their end, housekeeping;
* ``throttle``    – the login throttle in the database;
* ``loginbeheer`` – Flask-Login wiring (the only web code; not a service).

This module names the public ones, so callers keep one import.
"""
from handhaving.auth.accounts import change_password, create_user, normalise_username, set_active  # noqa: F401
from handhaving.auth.inloggen import (  # noqa: F401
    LoginResult,
    LoginStatus,
    authenticate,
    logout,
    pending_mfa_session,
    requires_mfa,
    verify_second_factor,
)
from handhaving.auth.loginbeheer import client_ip, login_manager  # noqa: F401
from handhaving.auth.sessies import (  # noqa: F401
    FASE_MFA,
    FASE_VOLLEDIG,
    end_all_sessions,
    end_other_sessions,
    end_session,
    find_session,
    housekeeping,
    live_sessions,
    session_expired,
    start_session,
)
from handhaving.auth.throttle import Blokkade, Throttle, check_throttle, record_attempt  # noqa: F401
