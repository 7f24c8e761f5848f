"""Controles with their team."""
from __future__ import annotations

import uuid

import factory

from handhaving.controles.models import Controle, ControleSoort, ControleStatus
from tests.factories.base import Factory


class ControleFactory(Factory):
    class Meta:
        model = Controle
        exclude = ("gemeente",)

    gemeente = None
    uuid = factory.LazyFunction(lambda: str(uuid.uuid4()))
    gemeente_id = factory.LazyAttribute(lambda o: o.gemeente.id)
    soort = ControleSoort.PROSTITUTIE_VERGUND
    status = ControleStatus.GEPLAND

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        for user in extracted or ():
            obj.toezichthouders.append(user)
