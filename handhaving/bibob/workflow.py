"""The Bibob lifecycle as data (domain brief §2).

aanleiding → vragenformulier opgevraagd → ontvangen → eigen onderzoek → conclusie
eigen onderzoek, or advies LBB aangevraagd → advies ontvangen → zienswijze → besluit → gearchiveerd.
A refused or incomplete form is itself an outcome (art. 4): straight to zienswijze.
One service per step checks it (``services.stap``); the deadlines are in ``termijnen``.
"""
from handhaving.bibob.models import BibobStatus as S
from handhaving.workflow import Overgang, Workflow

BIBOB_WORKFLOW = Workflow("Bibob-onderzoek", [
    Overgang(S.AANLEIDING, S.FORMULIER_OPGEVRAAGD, "Vragenformulier opvragen"),
    Overgang(S.FORMULIER_OPGEVRAAGD, S.FORMULIER_ONTVANGEN, "Vragenformulier ontvangen"),
    # Not (fully) returned: art. 4 treats that as a finding in itself.
    Overgang(S.FORMULIER_OPGEVRAAGD, S.ZIENSWIJZE, "Formulier niet of onvolledig ontvangen"),
    Overgang(S.FORMULIER_ONTVANGEN, S.EIGEN_ONDERZOEK, "Eigen onderzoek starten"),
    Overgang(S.EIGEN_ONDERZOEK, S.CONCLUSIE_EIGEN_ONDERZOEK, "Eigen onderzoek afronden"),
    Overgang(S.EIGEN_ONDERZOEK, S.ADVIES_LBB_AANGEVRAAGD, "Advies LBB aanvragen"),
    # An advice about the same betrokkene within the reuse period (art. 29) instead of a new request.
    Overgang(S.EIGEN_ONDERZOEK, S.ADVIES_ONTVANGEN, "Eerder advies hergebruiken"),
    Overgang(S.CONCLUSIE_EIGEN_ONDERZOEK, S.ADVIES_ONTVANGEN, "Eerder advies hergebruiken"),
    Overgang(S.CONCLUSIE_EIGEN_ONDERZOEK, S.ADVIES_LBB_AANGEVRAAGD, "Alsnog advies LBB aanvragen"),
    Overgang(S.CONCLUSIE_EIGEN_ONDERZOEK, S.ZIENSWIJZE, "Zienswijze vragen"),
    Overgang(S.CONCLUSIE_EIGEN_ONDERZOEK, S.BESLUIT, "Besluiten (geen gevaar)"),
    Overgang(S.ADVIES_LBB_AANGEVRAAGD, S.ADVIES_ONTVANGEN, "Advies LBB ontvangen"),
    Overgang(S.ADVIES_ONTVANGEN, S.ZIENSWIJZE, "Zienswijze vragen"),
    Overgang(S.ADVIES_ONTVANGEN, S.BESLUIT, "Besluiten (geen gevaar)"),
    Overgang(S.ZIENSWIJZE, S.BESLUIT, "Besluiten"),
    Overgang(S.BESLUIT, S.GEARCHIVEERD, "Archiveren"),
])
