"""The domains of the app, in the order of registration, menu and start page.

One explicit list (no discovery): a new domain is one ``domein.py`` in its own
package and one line here.
"""
from handhaving.auth.domein import DOMEIN as AUTH
from handhaving.beheer.domein import DOMEIN as BEHEER
from handhaving.bibob.domein import DOMEIN as BIBOB
from handhaving.controles.domein import DOMEIN as CONTROLES
from handhaving.historie.domein import DOMEIN as HISTORIE
from handhaving.kaart.domein import DOMEIN as KAART
from handhaving.locaties.domein import DOMEIN as LOCATIES
from handhaving.overbewoning.domein import DOMEIN as OVERBEWONING
from handhaving.subjecten.domein import DOMEIN as SUBJECTEN
from handhaving.vergunningen.domein import DOMEIN as VERGUNNINGEN
from handhaving.web import KERN

DOMEINEN = (KERN, AUTH, CONTROLES, VERGUNNINGEN, SUBJECTEN, HISTORIE, BIBOB, LOCATIES, OVERBEWONING, KAART, BEHEER)
