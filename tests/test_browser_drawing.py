"""Prueba en un navegador real: dibujar con el ratón en el lienzo del capítulo 09 y pulsar «Reconocer».

Abre ``notebooks/09_dibuja_tu_digito.ipynb`` en JupyterLab con el Chromium de Debian (Playwright),
ejecuta todas las celdas, dibuja trazos con ``page.mouse`` (pulsar, mover, soltar) sobre el
``<canvas>`` del panel, pulsa «Reconocer» y comprueba que aparece la predicción y que no hay
salidas de error. Guarda capturas en ``artifacts/``. Se salta, diciendo por qué, si no hay
Chromium o Playwright.
"""

import re
import time

import browser

NOTEBOOK = "09_dibuja_tu_digito.ipynb"


def draw(page, canvas, points):
    """Dibuja un trazo con el ratón: ``points`` son (x, y) en píxeles del lienzo de 280×280."""
    browser.draw_path(page, canvas, [(x / 280, y / 280) for x, y in points], steps=3)


def wait_for_prediction(page, timeout=60_000):
    """Espera a que el mensaje del panel diga «Predicción: d» y lo devuelve."""
    page.wait_for_selector(".nn-draw-message .nn-prediction", timeout=timeout)
    browser.wait_for_idle(page)
    return page.locator(".nn-draw-message").inner_text()


def test_draw_a_digit_and_recognise_it_in_jupyterlab(tmp_path):
    browser.skip_if_unavailable()
    nb_dir = browser.copy_notebooks(tmp_path, [NOTEBOOK])
    with browser.lab_server(nb_dir) as server, browser.chromium() as chrome:
        page = browser.open_notebook(chrome, server, NOTEBOOK, height=1000)
        assert browser.run_all_cells(page), "JupyterLab informa de un error al ejecutar las celdas"
        assert not browser.error_outputs(page)

        canvas = browser.scroll_to(page, "canvas.nn-draw-canvas")
        page.evaluate("el => el.scrollIntoView({block: 'center'})", canvas.element_handle())
        time.sleep(0.5)
        message = page.locator(".nn-draw-message")
        assert "Dibuja un dígito" in message.inner_text()
        assert page.locator(".nn-prediction").count() == 0

        # Un «1»: un trazo vertical. La red debe reconocerlo.
        draw(page, canvas, [(150, 40 + 10 * i) for i in range(21)])
        browser.wait_for_idle(page)
        page.locator(".nn-recognize-button").click()
        text = wait_for_prediction(page)
        assert re.search(r"Predicción: 1\b", text), text
        assert re.search(r"confianza \d+\s%", text), text
        panel = page.locator(".nn-drawing-panel")
        assert panel.locator("img").count() >= 2          # barras y etapas (PNG)
        browser.screenshot(page, "09_dibuja_tu_digito_uno", locator=panel)

        # «Borrar» limpia la respuesta; un «7» de dos trazos da otra predicción.
        page.locator(".nn-clear-button").click()
        page.wait_for_selector(".nn-draw-message .nn-prediction", state="detached")
        browser.wait_for_idle(page)
        time.sleep(0.5)
        assert not browser.broken_images(panel), "tras «Borrar» hay imágenes rotas (deben ser marcadores)"
        draw(page, canvas, [(60, 50), (120, 50), (180, 50), (210, 50)])
        draw(page, canvas, [(210, 50), (185, 100), (160, 150), (140, 200), (125, 245)])
        browser.wait_for_idle(page)
        page.locator(".nn-recognize-button").click()
        text = wait_for_prediction(page)
        assert re.search(r"Predicción: \d\b", text), text
        assert not browser.error_outputs(page)
        browser.screenshot(page, "09_dibuja_tu_digito")
        browser.screenshot(page, "09_dibuja_tu_digito_panel", locator=panel)
