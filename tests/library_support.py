"""Helpers of the template-library tests: an app with two editors, template variants."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import html as lxml_html

from tests.api_support import make_app
from tests.conftest import ROOT
from web.users import create_user

SHIPPED = (ROOT / "templates_docx" / "mise_en_demeure.docx").read_bytes()
PASSWORD = "un mot de passe de juriste"
TITLE = "MISE EN DEMEURE DE PAYER"


def library_app(tmp_path, **config):
    """An app with editors « anne » and « bruno » and a plain user « ugo »."""
    app = make_app(tmp_path, **{"WTF_CSRF_ENABLED": False, **config})
    with app.app_context():
        create_user("anne", PASSWORD, role="editor")
        create_user("bruno", PASSWORD, role="editor")
        create_user("ugo", PASSWORD)
    return app


def logged_in(app, name: str = "anne"):
    """A test client logged in as ``name``."""
    client = app.test_client()
    response = client.post("/connexion", data={"name": name, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def variant(replace: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The shipped mise en demeure template with texts of its body replaced, parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SHIPPED)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for old, new in (replace or {}).items():
                    assert old in text, old
                    text = text.replace(old, new, 1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def upload(client, data: bytes, base: str, comment: str = "", name: str = "modele.docx"):
    """POST a new version of the mise en demeure template."""
    return client.post(
        "/modeles/mise_en_demeure/versions",
        data={"fichier": (io.BytesIO(data), name), "commentaire": comment, "base": base},
        content_type="multipart/form-data",
    )


def page_text(response) -> str:
    """The visible text of an HTML response, whitespace normalised."""
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


def hidden(response, name: str) -> str:
    """The value of the first hidden input ``name`` of a page."""
    found = re.search(
        rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"',
        response.get_data(as_text=True),
    )
    assert found, name
    return found.group(1) or found.group(2)
