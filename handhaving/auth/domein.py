from handhaving.auth.acties import AuthActie
from handhaving.auth.permissions import POLICY
from handhaving.auth.views import bp
from handhaving.domein import Domein

DOMEIN = Domein(naam="auth", blueprint=bp, url_prefix=None, policy=POLICY, audit_acties=AuthActie,
                modellen="handhaving.auth.models")
