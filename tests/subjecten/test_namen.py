"""KvK numbers, BSNs and Dutch surnames: normalising and checking, no database."""
import pytest

from handhaving.errors import OngeldigeInvoer
from handhaving.subjecten.namen import (
    elfproef,
    normaliseer_bsn,
    normaliseer_kvk,
    splits_achternaam,
    zoektekst,
)


@pytest.mark.parametrize("invoer, verwacht", [
    ("12345678", "12345678"),
    ("0123 45.67", "01234567"),
    ("  01234567 ", "01234567"),
    ("1234567", "01234567"),  # 7 digits: the leading zero was lost (a spreadsheet), put back
    ("00000001", "00000001"),  # leading zeros count
])
def test_kvk_is_normalised_to_eight_digits(invoer, verwacht):
    assert normaliseer_kvk(invoer) == verwacht


def test_a_vestigingsnummer_is_not_a_kvk_number():
    with pytest.raises(OngeldigeInvoer) as e:
        normaliseer_kvk("000012345678")
    assert "vestigingsnummer" in e.value.message


@pytest.mark.parametrize("invoer", ["123456789", "12345", "1234567890", "1234ABCD", "KvK 12345678", "１２３４５６７８", ""])
def test_anything_else_is_refused_in_dutch(invoer):
    with pytest.raises(OngeldigeInvoer) as e:
        normaliseer_kvk(invoer)
    assert "KvK-nummer" in e.value.message


def test_nine_digits_are_named_for_what_they_probably_are():
    with pytest.raises(OngeldigeInvoer) as e:
        normaliseer_kvk("123456789")
    assert "RSIN" in e.value.message


@pytest.mark.parametrize("nummer, geldig", [
    ("123456782", True), ("111222333", True), ("123456789", False), ("000000000", False),
    ("12345678", False), ("12345678a", False),
])
def test_elfproef(nummer, geldig):
    assert elfproef(nummer) is geldig


def test_bsn_normalised_and_checked():
    assert normaliseer_bsn("1234.56.782") == "123456782"
    assert normaliseer_bsn("10000008") == "010000008"  # 8 digits: the leading zero is put back
    with pytest.raises(OngeldigeInvoer) as e:
        normaliseer_bsn("123456789")
    assert "elfproef" in e.value.message


@pytest.mark.parametrize("achternaam, verwacht", [
    ("van der Berg", ("van der", "Berg")),
    ("Van der Berg", ("van der", "Berg")),
    ("de Vries", ("de", "Vries")),
    ("Vries, de", ("de", "Vries")),
    ("in 't Veld", ("in 't", "Veld")),
    ("Jansen", ("", "Jansen")),
    ("  van   Dijk ", ("van", "Dijk")),
    ("Vandijk", ("", "Vandijk")),
    ("van", ("", "van")),
    ("", ("", "")),
])
def test_splits_achternaam(achternaam, verwacht):
    assert splits_achternaam(achternaam) == verwacht


def test_zoektekst_drops_diacritics_and_case():
    assert zoektekst("Café  Ölçek B.V.") == "cafe olcek b v"
