"""The sanitiser and the WordPress repairs, on their own."""

from __future__ import annotations

from kambook.cms.sanitize import autop, decode_escaped_html, expand_shortcodes, image_sources, sanitize_html


def test_dangerous_markup_never_survives() -> None:
    html = ('<p onclick="x()" style="color:red" lang="fr">Bonjour <a href="javascript:alert(1)">a</a>'
            '<a href="/ok" title="t" target="_blank">b</a></p><script>alert(1)</script><iframe src="//e"></iframe>'
            '<form><input></form><style>p{}</style><img src="data:image/png;base64,AAAA" onerror="x()">'
            '<object data="x"></object><svg><script>1</script></svg>')
    clean = sanitize_html(html)
    for forbidden in ("onclick", "style", "javascript:", "<script", "<iframe", "<form", "<input", "<style",
                      "data:", "onerror", "<object", "<svg", "target="):
        assert forbidden not in clean
    assert '<p lang="fr">Bonjour <a>a</a><a href="/ok" title="t">b</a></p>' in clean


def test_allow_list_keeps_structure() -> None:
    html = ('<h1>T</h1><table><thead><tr><th colspan="2">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody>'
            '</table><figure><img src="x.png" alt="x" width="10"><figcaption>c</figcaption></figure>'
            '<div lang="en"><span lang="fr">d</span></div><dl><dt>e</dt><dd>f</dd></dl><sup>1</sup>')
    assert sanitize_html(html) == html.replace("h1>", "h2>")


def test_autop_paragraphs_and_pre() -> None:
    assert autop("Un\ndeux\n\nTrois") == "<p>Un<br />\ndeux</p>\n<p>Trois</p>"
    assert autop("<pre>a\n\nb</pre>\n\nc") == "<pre>a\n\nb</pre>\n<p>c</p>"
    assert autop("<h2>T</h2>\ntexte") == "<h2>T</h2>\n<p>texte</p>"
    assert autop("") == ""


def test_shortcodes() -> None:
    assert expand_shortcodes('[caption id="1" caption="Légende"]<img src="a.jpg" />[/caption]') == (
        '<figure><img src="a.jpg" /><figcaption>Légende</figcaption></figure>')
    assert expand_shortcodes('[caption]<a href="b"><img src="a.jpg"></a> Texte[/caption]') == (
        '<figure><a href="b"><img src="a.jpg"></a><figcaption>Texte</figcaption></figure>')
    assert expand_shortcodes('avant [gallery] [contact-form-7 id="3"] [x]garde[/x] après') == "avant   garde après"
    assert expand_shortcodes("[Photo] en texte") == "[Photo] en texte"


def test_decode_escaped_html_once() -> None:
    assert decode_escaped_html("&lt;p&gt;a &amp;amp; b&lt;/p&gt;") == "<p>a &amp; b</p>"
    assert decode_escaped_html("<p>&lt;p&gt; is a tag</p>") == "<p>&lt;p&gt; is a tag</p>"
    assert decode_escaped_html("5 &lt; 6") == "5 &lt; 6"


def test_image_sources_in_order_without_repeats() -> None:
    assert image_sources('<img src="a.png"><p><img src="b.png"><img src="a.png"></p>') == ("a.png", "b.png")
