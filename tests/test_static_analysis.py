"""Supply chain and code hygiene that can be checked offline (security req. 30)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bandit_finds_no_medium_or_high_issues():
    result = subprocess.run([sys.executable, "-m", "bandit", "-r", str(ROOT / "handhaving"), "-ll"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # A file bandit cannot parse is skipped silently otherwise.
    assert "Files skipped (0)" in result.stdout, result.stdout


def test_no_third_party_assets_in_git():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (e.g. an sdist)
        return
    assert not [f for f in tracked if f.startswith(("static/vendor/", "node_modules/"))]


def test_templates_load_nothing_from_other_hosts():
    for path in (ROOT / "handhaving").rglob("*.html"):
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, path


def test_javascript_never_inserts_text_as_html():
    """Review finding 6: a street name with HTML appeared as elements in a map tooltip.
    Leaflet reads a string as HTML, so tooltips and popups get Handhaving.tekst(...)."""
    import re

    sinks = re.compile(r"\.(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\(\s*(?!tekst\()")
    raw_html = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\$\(|\.html\(")
    problems = []
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if sinks.search(line) or raw_html.search(line):
                problems.append(f"{path.name}:{n}: {line.strip()}")
    assert not problems, "Tekst als HTML ingevoegd:\n" + "\n".join(problems)
