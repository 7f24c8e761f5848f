"""Each domain is declared once, in its own package, and the policy imports none.

A new domain is a package with a ``domein.py`` plus one line in
``handhaving/domeinen.py``; these tests fail when something of a domain is
named anywhere else, or when an import cycle appears.
"""
import ast
from pathlib import Path

import pytest
from flask import Blueprint

from handhaving.domein import Domein
from handhaving.domeinen import DOMEINEN
from handhaving.security.policy import PolicyError, build_policy

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "handhaving"
DOMAIN_PACKAGES = {d.naam for d in DOMEINEN if (PKG / d.naam).is_dir()}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported at module level (not inside functions)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("handhaving")}


def _all_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m.startswith("handhaving")}


def _sources():
    return [p for p in PKG.rglob("*.py")]


def test_policy_and_rules_import_no_domain():
    for name in ("policy.py", "rules.py"):
        imports = _all_imports(PKG / "security" / name)
        domains = {m for m in imports if m.split(".")[1] in DOMAIN_PACKAGES}
        assert not domains, f"security/{name} importeert domeinen: {sorted(domains)}"
    # The vocabulary imports nothing of the app at all.
    assert not _all_imports(PKG / "security" / "rules.py")


def test_every_declaration_lives_in_its_own_package(app):
    for d in DOMEINEN:
        package = f"handhaving.{d.naam}" if d.naam in DOMAIN_PACKAGES else "handhaving.web"
        assert d.blueprint.import_name.startswith(package), d.naam
        assert d.audit_acties is None or d.audit_acties.__module__.startswith(
            (package, "handhaving.security")), d.naam
        assert d.modellen is None or d.modellen.startswith(package), d.naam
        for entry in (*d.menus, *d.startkaarten):
            assert entry.endpoint.startswith(d.blueprint.name + "."), (d.naam, entry)
    # Every blueprint of the app is one of the declared domains.
    assert set(app.blueprints) == {d.blueprint.name for d in DOMEINEN}


def test_domains_are_registered_only_from_the_list():
    register_calls, domein_imports = [], []
    for path in _sources():
        text = path.read_text()
        if "register_blueprint(" in text:
            register_calls.append(_module_name(path))
        for module in _all_imports(path):
            if module.endswith(".domein") and module != "handhaving.domein":
                domein_imports.append(_module_name(path))
    assert register_calls == ["handhaving"]
    assert set(domein_imports) == {"handhaving.domeinen"}


def test_no_endpoint_of_a_domain_is_listed_elsewhere():
    """Menus, start-page texts and policy entries belong to the domain's own package."""
    problems = []
    for path in _sources():
        module = _module_name(path)
        owner = module.split(".")[1] if module.count(".") >= 1 else ""
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and "." in key.value:
                        domain = key.value.split(".")[0]
                        if domain in DOMAIN_PACKAGES and domain != owner:
                            problems.append(f"{module}: {key.value}")
    assert not problems, problems


def test_audit_actions_are_named_constants():
    """No audit action as a free string: record()/record_security_event() get a domain's constant."""
    problems = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in (
                    "record", "record_security_event"):
                args = [a for a in node.args if not (isinstance(a, ast.Name) and a.id == "session")]
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    problems.append(f"{_module_name(path)}:{node.lineno} {args[0].value}")
    assert not problems, problems
    values = [a.value for d in DOMEINEN if d.audit_acties for a in d.audit_acties]
    assert len(values) == len(set(values)), "dezelfde auditactie in twee domeinen"


def test_no_import_cycle_between_modules():
    graph = {}
    for path in _sources():
        graph[_module_name(path)] = {m for m in _top_level_imports(path)}
    modules = set(graph)
    graph = {m: {d if d in modules else d.rsplit(".", 1)[0] for d in deps} & modules - {m}
             for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m, stack):
        state[m] = 1
        for dep in sorted(graph[m]):
            if state.get(dep) == 1:
                cycle.extend(stack[stack.index(dep):] + [dep])
                return True
            if dep not in state and visit(dep, stack + [dep]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if m not in state and visit(m, [m]):
            break
    # A package importing its own submodules (handhaving → handhaving.config) is not a cycle.
    assert not cycle, " → ".join(cycle)


def test_a_domain_cannot_claim_another_domains_endpoint():
    bp = Blueprint("proef", __name__)
    indringer = Domein(naam="proef", blueprint=bp, url_prefix="/proef",
                       policy={"beheer.gebruikers": {"GET": frozenset()}})
    with pytest.raises(PolicyError, match="buiten zijn blueprint"):
        build_policy([indringer])
