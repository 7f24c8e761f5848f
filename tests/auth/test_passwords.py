from argon2 import extract_parameters

from handhaving.auth.passwords import hash_password, password_problems, verify_password


def test_argon2id_parameters():
    params = extract_parameters(hash_password("een lange zin als wachtwoord"))
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2 and params.parallelism == 1


def test_verify():
    h = hash_password("een lange zin als wachtwoord")
    assert verify_password(h, "een lange zin als wachtwoord")
    assert not verify_password(h, "een lange zin als wachtwoorD")
    assert not verify_password(None, "wat dan ook")
    assert not verify_password("geen-hash", "wat dan ook")


def test_minimum_length_no_composition_rules():
    assert password_problems("kort", 12)
    assert password_problems("abcdefghijk", 12)  # 11
    assert password_problems("alleen kleine letters zonder cijfers", 12) == []


def test_long_passwords_allowed():
    assert password_problems("w" * 3 + "oord zin " * 10, 12) == []  # 93 characters
    assert password_problems("x" * 257, 12)


def test_common_passwords_refused():
    for pw in ("passwordpassword", "Wachtwoord123!", "welkomwelkom", "1234567890123", "qwertyuiopasdf"):
        assert password_problems(pw, 12), pw


def test_username_not_in_password():
    assert password_problems("jan.jansen is de baas", 12, username="jan.jansen")
