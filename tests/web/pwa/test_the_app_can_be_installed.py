"""A phone can install LDN Care: every page links the manifest and loads the
app script (with the CSP nonce, never inline); the manifest and the service
worker are served from the site root with the headers browsers require."""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders


def test_the_manifest_names_the_app_its_icons_colour_and_start_page(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "LDN Care" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#1d5c63"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_is_javascript_for_the_whole_site_and_never_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "addEventListener(\"push\"" in body and "__ICON__" not in body


def test_every_page_links_the_manifest_and_loads_the_app_script_with_the_nonce(client):
    response = client.get("/library/")
    page = response.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script src="/static/pwa/app.js" nonce="{nonce}" defer></script>' in page
