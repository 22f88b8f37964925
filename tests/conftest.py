"""Piezas comunes de las pruebas."""

import pytest

import browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Un JupyterLab y un Chromium para todas las pruebas del módulo: (server, chrome, nb_dir).

    Salta la prueba (diciendo por qué) si no hay Chromium o Playwright.
    """
    browser.skip_if_unavailable()
    nb_dir = tmp_path_factory.mktemp("lab") / "notebooks"
    nb_dir.mkdir()
    with browser.lab_server(nb_dir) as server, browser.chromium() as chrome:
        yield server, chrome, nb_dir
