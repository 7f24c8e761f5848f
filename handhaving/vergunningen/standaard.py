"""The permit kinds every gemeente starts with, and the article that usually grounds them.

Model-APV numbering differs per gemeente (domain brief §9.3): the beheerder corrects the
grondslag per gemeente; these are only the starting values.
"""
from handhaving.vergunningen.models import VergunningSoort as S

# soort: (grondslag, usual term in months or None)
STANDAARD_TYPEN = {
    S.SEKSINRICHTING: ("APV art. 3:3 (exploitatievergunning seksinrichting)", 36),
    S.ESCORTBEDRIJF: ("APV art. 3:3 (exploitatievergunning escortbedrijf)", 36),
    S.RAAMPROSTITUTIE: ("APV art. 3:3 (exploitatievergunning raamprostitutiebedrijf)", 36),
    S.MASSAGESALON: ("APV art. 3:3a (exploitatievergunning massagesalon)", 36),
    S.HORECA: ("APV art. 2:28 (exploitatievergunning horecabedrijf)", None),
    S.ALCOHOLWET: ("Alcoholwet art. 3", None),
    S.HUISVESTING: ("Huisvestingswet 2014 art. 8 en 21; huisvestingsverordening", None),
    S.HUISVESTING_ARBEIDSMIGRANTEN: ("APV / huisvestingsverordening (huisvesting arbeidsmigranten)", 60),
}
