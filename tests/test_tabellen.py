"""Tables stack into "label: value" rows on a phone without JavaScript: the ``stapelbaar`` filter
copies each column header into ``data-label`` on the body cells (the CSS shows it below 40em), and
every table of the app goes through it."""
import re
from pathlib import Path

from markupsafe import Markup

from handhaving.tabellen import STAPEL_KLASSE, stapelbaar

ROOT = Path(__file__).resolve().parents[1]

TABEL = """<table class="utrecht-table hh-table">
  <thead><tr><th scope="col">Nummer</th><th scope="col">Houder &amp; <abbr>adres</abbr></th>
  <th scope="col"><span class="hh-visually-hidden">Acties</span></th></tr></thead>
  <tbody><tr><td><a href="/v/1">APV-1</a></td><td>Jansen &amp; Zn</td><td><button>Open</button></td></tr>
  <tr><td colspan="2">Geen houder</td><td data-label="Eigen">x</td></tr></tbody>
</table>"""


def test_body_cells_get_the_text_of_their_column_header():
    uit = str(stapelbaar(Markup(TABEL)))
    assert '<td data-label="Nummer" role="cell"><a href="/v/1">APV-1</a></td>' in uit
    # Entities decoded, markup dropped, then escaped again for the attribute.
    assert '<td data-label="Houder &amp; adres" role="cell">Jansen &amp; Zn</td>' in uit
    assert '<td data-label="Acties" role="cell"><button>Open</button></td>' in uit


def test_colspan_moves_the_column_and_a_label_of_the_template_wins():
    uit = str(stapelbaar(Markup(TABEL)))
    assert '<td colspan="2" data-label="Nummer" role="cell">Geen houder</td>' in uit
    assert '<td data-label="Eigen" role="cell">x</td>' in uit


def test_the_table_gets_the_class_and_roles_that_keep_it_a_table_when_stacked():
    uit = str(stapelbaar(Markup(TABEL)))
    assert f'<table class="utrecht-table hh-table {STAPEL_KLASSE}" role="table">' in uit
    assert '<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Nummer</th>' in uit
    assert uit.count('role="row"') == 3


def test_a_header_text_cannot_break_out_of_the_attribute():
    uit = str(stapelbaar(Markup('<table><tr><th scope="col">a&quot; onmouseover=&quot;x</th></tr>'
                                '<tr><td>1</td></tr></table>')))
    assert '<td data-label="a&#34; onmouseover=&#34;x" role="cell">1</td>' in uit
    assert 'onmouseover="' not in uit


def test_an_attribute_that_merely_ends_in_role_is_not_the_role():
    uit = str(stapelbaar(Markup('<table data-role="x"><tr><td>1</td></tr></table>')))
    assert '<table data-role="x" class="hh-table--stapel" role="table">' in uit


def test_plain_text_is_escaped_not_taken_as_html():
    uit = str(stapelbaar('<table><tr><td onclick="x">'))
    assert uit == '&lt;table&gt;&lt;tr&gt;&lt;td onclick=&#34;x&#34;&gt;'


def test_row_headers_and_nested_tables():
    uit = str(stapelbaar(Markup('<table><thead><tr><th>Dag</th><th>Controles</th></tr></thead><tbody>'
                                '<tr><th scope="row">ma</th><td><table><tr><th>x</th></tr><tr><td>y</td></tr>'
                                '</table></td></tr></tbody></table>')))
    assert '<th scope="row" data-label="Dag" role="rowheader">ma</th>' in uit
    binnen = "<table><tr><th>x</th></tr><tr><td>y</td></tr></table>"  # left as it is
    assert f'<td data-label="Controles" role="cell">{binnen}</td>' in uit
    assert uit.count(STAPEL_KLASSE) == 1


def test_the_filter_is_registered_and_the_result_is_safe(app):
    with app.test_request_context():
        tpl = app.jinja_env.from_string('{% filter stapelbaar %}<table><tr><th scope="col">{{ k }}</th></tr>'
                                        '<tr><td>{{ v }}</td></tr></table>{% endfilter %}')
        uit = tpl.render(k="<b>Naam</b>", v="<script>")
    assert 'data-label="&lt;b&gt;Naam&lt;/b&gt;"' in uit  # the escaped text, not the markup
    assert "&lt;script&gt;" in uit and "<script>" not in uit


def _templates():
    return sorted(p for p in (ROOT / "handhaving").rglob("*.html") if "/rapport/" not in str(p)
                  and not p.name.endswith("_pdf.html"))


def test_every_table_in_the_app_goes_through_the_filter():
    """A screen table that skips the filter would scroll sideways on a phone again. Reports and
    PDF exports are printed, not shown on a phone."""
    zonder = []
    for pad in _templates():
        tekst = pad.read_text(encoding="utf-8")
        tabellen = len(re.findall(r"<table\b", tekst))
        gefilterd = len(re.findall(r"\{%-?\s*filter\s+stapelbaar\s*-?%\}", tekst))
        if tabellen != gefilterd:
            zonder.append(f"{pad.relative_to(ROOT)}: {tabellen} tabel(len), {gefilterd} in stapelbaar")
    assert len(_templates()) > 50  # the walk is recursive and found the templates
    assert not zonder, "\n".join(zonder)
