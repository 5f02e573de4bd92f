"""Hostile CMS content through every importer, looked at in Chromium: nothing of it runs in the built site.

Each importer gets an export of its own format whose article carries every vector of ``xss_vectors`` (in
its body, and in its title and author where the format has them). The site is built from the repository's
book with that export as its appendices, and each appendix page is opened in Chromium: no dialog, no
``window.__xss``, and no attribute left that could run something on a click, a hover or a focus.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Callable

import pytest
from xss_vectors import HOSTILE_AUTHOR, HOSTILE_TITLE, VECTORS

from bookproject import copy_project
from kambook.build import BuildOptions, build

BODY = "\n".join(f"<p>Vecteur {n} : {vector}</p>" for n, vector in enumerate(VECTORS, 1))
DATE = "2024-03-01T10:00:00Z"


def wxr(folder: Path) -> Path:
    path = folder / "hostile.wordpress.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Hostile</title><link>https://hostile.test</link><language>fr-FR</language>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>{escape(HOSTILE_TITLE)}</title><link>https://hostile.test/piege/</link>
<dc:creator><![CDATA[{HOSTILE_AUTHOR}]]></dc:creator>
<content:encoded><![CDATA[{BODY}]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2024-03-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-03-01 10:00:00</wp:post_date_gmt><wp:post_name>piege</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
""", encoding="utf-8")
    return path


def blogger(folder: Path) -> Path:
    path = folder / "hostile.atom"
    path.write_text(f"""<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
<id>tag:blogger.com,1999:blog-9</id><title>Hostile</title>
<entry><id>tag:blogger.com,1999:blog-9.post-1</id><blogger:type>POST</blogger:type>
<blogger:status>LIVE</blogger:status><author><name>{escape(HOSTILE_AUTHOR)}</name></author>
<title>{escape(HOSTILE_TITLE)}</title><content type='html'>{escape(BODY)}</content>
<published>{DATE}</published><updated>{DATE}</updated>
<blogger:filename>/2024/03/piege.html</blogger:filename></entry>
</feed>
""", encoding="utf-8")
    return path


def ghost(folder: Path) -> Path:
    path = folder / "hostile.ghost.json"
    post = {"id": "p1", "title": HOSTILE_TITLE, "slug": "piege", "type": "post", "status": "published",
            "html": BODY, "published_at": DATE, "updated_at": DATE}
    path.write_text(json.dumps({"meta": {"exported_on": 1, "version": "5.75.0"},
                                "data": {"posts": [post], "users": [{"id": "u1", "name": HOSTILE_AUTHOR}],
                                         "posts_authors": [{"post_id": "p1", "author_id": "u1"}]}}), encoding="utf-8")
    return path


def folder_export(folder: Path) -> Path:
    root = folder / "hostile-folder"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / "piege.md").write_text(
        f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\ndate: {DATE}\nauthor: {json.dumps(HOSTILE_AUTHOR)}\n---\n{BODY}\n",
        encoding="utf-8")
    return root


def strapi(folder: Path) -> Path:
    path = folder / "hostile.strapi.json"
    article = {"id": 1, "documentId": "d1", "title": HOSTILE_TITLE, "slug": "piege", "locale": "fr",
               "createdAt": DATE, "updatedAt": DATE, "publishedAt": DATE, "content": BODY,
               "author": {"id": 1, "name": HOSTILE_AUTHOR}, "categories": []}
    path.write_text(json.dumps({"data": [article], "meta": {"pagination": {"total": 1}}}), encoding="utf-8")
    return path


def contentful(folder: Path) -> Path:
    path = folder / "hostile.contentful.json"
    text = [{"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "value": v, "marks": [], "data": {}}]}
            for v in VECTORS]
    link = {"nodeType": "hyperlink", "data": {"uri": "javascript:window.__xss = 50"},
            "content": [{"nodeType": "text", "value": "lien", "marks": [], "data": {}}]}
    text.append({"nodeType": "paragraph", "data": {}, "content": [link]})
    entry = {"sys": {"id": "e1", "contentType": {"sys": {"id": "blogPost"}}, "publishedVersion": 2, "version": 3,
                     "firstPublishedAt": DATE, "publishedAt": DATE},
             "fields": {"title": {"fr-FR": HOSTILE_TITLE}, "slug": {"fr-FR": "piege"}, "publishDate": {"fr-FR": DATE},
                        "body": {"fr-FR": {"nodeType": "document", "data": {}, "content": text}}}}
    types = [{"sys": {"id": "blogPost"}, "displayField": "title",
              "fields": [{"id": "title", "type": "Symbol"}, {"id": "slug", "type": "Symbol"},
                         {"id": "body", "type": "RichText"}, {"id": "publishDate", "type": "Date"}]}]
    path.write_text(json.dumps({"locales": [{"code": "fr-FR", "default": True}], "contentTypes": types,
                                "entries": [entry], "assets": []}), encoding="utf-8")
    return path


def sanity(folder: Path) -> Path:
    root = folder / "hostile-sanity"
    root.mkdir()
    blocks = [{"_type": "block", "_key": f"b{n}", "style": "normal", "markDefs": [],
               "children": [{"_type": "span", "_key": f"s{n}", "text": v, "marks": []}]} for n, v in enumerate(VECTORS)]
    blocks.append({"_type": "block", "_key": "link", "style": "normal",
                   "markDefs": [{"_type": "link", "_key": "m1", "href": "javascript:window.__xss = 51"}],
                   "children": [{"_type": "span", "_key": "s", "text": "lien", "marks": ["m1"]}]})
    docs = [{"_id": "author-x", "_type": "author", "name": HOSTILE_AUTHOR},
            {"_id": "post-1", "_type": "post", "_createdAt": DATE, "_updatedAt": DATE, "title": HOSTILE_TITLE,
             "slug": {"_type": "slug", "current": "piege"}, "publishedAt": DATE,
             "author": {"_type": "reference", "_ref": "author-x"}, "body": blocks}]
    (root / "data.ndjson").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return root


IMPORTERS: dict[str, Callable[[Path], Path]] = {"wxr": wxr, "blogger": blogger, "ghost": ghost, "folder": folder_export,
                                                 "strapi": strapi, "contentful": contentful, "sanity": sanity}


def build_with(tmp_path: Path, make: Callable[[Path], Path]) -> list[Path]:
    project = copy_project(tmp_path / "livre")
    export = make(project / "assets" / "cms")
    manifest = project / "book.yaml"
    head, rest = manifest.read_text(encoding="utf-8").split("\nappendices:\n", 1)
    tail = rest[rest.index("\n\n"):]
    manifest.write_text(f"{head}\nappendices:\n  export: assets/cms/{export.name}\n{tail}", encoding="utf-8")
    # The chapters cite the blog's own appendices, absent here.
    result = build(project, BuildOptions(only=("site",), dist=tmp_path / "dist", keep_going=True,
                                         allow_missing_images=True))
    pages = sorted((tmp_path / "dist" / "site").glob("annexe-*.html"))
    assert pages, f"no appendix built: {result.warnings[:5]}"
    return pages


RUNNABLE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
      if (/^(javascript|vbscript|data:text)/.test(value) && ['href', 'src', 'action', 'data', 'formaction',
          'srcdoc', 'xlink:href'].includes(attr.name)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FORM'].includes(el.tagName) && el.closest('main')
        && el.closest('.article, .doc-body, article')) found.push(el.tagName);
  }
  return found;
}"""


@pytest.mark.parametrize("importer", IMPORTERS)
def test_nothing_hostile_runs_in_the_built_site(browser, tmp_path: Path, importer: str) -> None:
    pages = build_with(tmp_path, IMPORTERS[importer])
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_timeout(150)
            for element in page.query_selector_all("main p, main a")[:80]:  # hover what a reader would hover
                element.hover(timeout=500, force=True) if element.is_visible() else None
            assert page.evaluate("() => window.__xss") is None, f"{path.name}: a vector ran"
            assert page.evaluate(RUNNABLE) == [], f"{path.name}: something could still run"
            text = page.inner_text("main")
            assert "Vecteur 1" in text or "window.__xss = 1" in text, f"{path.name}: the article's text is missing"
        assert dialogs == []
    finally:
        context.close()
