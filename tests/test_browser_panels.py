"""Los paneles como los ve un lector nuevo, en un JupyterLab de verdad con Chromium (issue 15).

1. ``test_first_contact_each_panel_cell_runs_alone``: un cuaderno nuevo cuyas celdas son solo las
   de los paneles, cada una con su ``import`` y sin datos: se ejecutan sin ``NameError``, se ven
   los paneles y ninguna imagen está rota (``naturalWidth > 0``).
2. ``test_near_chance_warning_and_double_click``: ReLU con η = 100 acaba cerca del azar: el estado
   sale en naranja con la pista «prueba una η menor». El doble clic en «Entrenar» lanza un solo
   entrenamiento y ningún mensaje rojo.
3. ``test_drawing_too_small_and_empty``: un punto en el lienzo da el aviso «demasiado pequeño»;
   tras «Borrar», el lienzo vacío da «dibujo vacío»; las imágenes son marcadores, nunca rotas.

Guarda capturas en ``artifacts/`` (``despues_*``). Se salta, diciendo por qué, si no hay Chromium
o Playwright.
"""

import time

import browser

FIRST_CONTACT = [
    "# NBVAL_IGNORE_OUTPUT\nfrom nn_core.widgets import training_panel\n\ntraining_panel()",
    "# NBVAL_IGNORE_OUTPUT\nfrom nn_core.widgets import results_panel\n\nresults_panel()",
    "# NBVAL_IGNORE_OUTPUT\nfrom nn_core.widgets import comparison_panel\n\n"
    "comparison_panel({'eta': 0.1}, {'eta': 3.0}, n_train=1000, epochs=2)",
    "# NBVAL_IGNORE_OUTPUT\nfrom nn_core.widgets import neuron_panel\n\nneuron_panel()",
    "# NBVAL_IGNORE_OUTPUT\nfrom nn_core.drawing import drawing_panel\n\ndrawing_panel()",
]
PANELS = [".nn-training-panel", ".nn-results-panel", ".nn-comparison-panel", ".nn-neuron-panel",
          ".nn-drawing-panel"]

NEAR_CHANCE = [
    "from nn_core.widgets import training_panel\n\n"
    "panel = training_panel(n_train=1000, epochs=2, activation='relu', eta=100.0)\n"
    "runs = []\n_run = panel._run\npanel._run = lambda cfg: (runs.append(cfg), _run(cfg))\npanel",
]

DRAWING = ["from nn_core.drawing import drawing_panel\n\ndrawing_panel()"]


def _open_and_run(lab, name, cells, height=1000):
    server, chrome, nb_dir = lab
    browser.write_notebook(nb_dir / name, cells)
    page = browser.open_notebook(chrome, server, name, height=height)
    ok = browser.run_all_cells(page, timeout=150_000)
    errors = browser.error_outputs(page)
    assert not errors, f"Salidas de error en {name}:\n" + "\n---\n".join(errors)
    assert ok, f"JupyterLab informa de que alguna celda de {name} falló"
    return page


def _assert_no_broken_images(locator, what, timeout=15):
    """Espera a que carguen las imágenes de ``locator`` y comprueba que ninguna está rota."""
    deadline = time.monotonic() + timeout
    broken = browser.broken_images(locator)
    while broken and time.monotonic() < deadline:
        time.sleep(0.3)
        broken = browser.broken_images(locator)
    assert not broken, f"Imágenes rotas en {what}: {broken}"


def test_first_contact_each_panel_cell_runs_alone(lab):
    page = _open_and_run(lab, "primer_contacto.ipynb", FIRST_CONTACT)
    text = page.locator(".jp-Notebook").inner_text()
    assert "NameError" not in text and "Traceback" not in text
    for selector in PANELS:
        panel = browser.scroll_to(page, selector)
        assert panel.is_visible(), f"no se ve {selector}"
        assert panel.locator("img").count() >= 1 or selector == ".nn-drawing-panel"
        _assert_no_broken_images(panel, selector)
    training = browser.scroll_to(page, ".nn-training-panel")
    assert "Listo" in training.locator(".nn-status-area").inner_text()
    browser.screenshot(page, "despues_primer_contacto_entrenamiento", locator=training)
    drawing = browser.scroll_to(page, ".nn-drawing-panel")
    assert drawing.locator("img").count() == 2          # los dos marcadores («dibuja un dígito…»)
    browser.screenshot(page, "despues_primer_contacto_dibujo", locator=drawing)


def test_near_chance_warning_and_double_click(lab):
    page = _open_and_run(lab, "cerca_del_azar.ipynb", NEAR_CHANCE)
    panel = browser.scroll_to(page, ".nn-training-panel")
    status = panel.locator(".nn-status-area")
    panel.locator(".nn-train-button").dblclick()
    text = browser.wait_for_text(status, "no aprende", timeout=90)
    assert "prueba una η menor" in text
    assert panel.locator(".nn-status-warning").count() == 1
    assert panel.locator(".nn-status-error").count() == 0, "un segundo clic no debe dar un error rojo"
    browser.wait_for_idle(page)
    runs, epochs = browser.kernel_eval(page, "print(len(runs), len(panel.history.epochs))").split()
    assert runs == "1", f"el doble clic lanzó {runs} entrenamientos"
    assert epochs == "2"
    assert "época 2/2" in panel.locator(".nn-progress-label").inner_text()
    _assert_no_broken_images(panel, "el panel de entrenamiento")
    assert not browser.error_outputs(page)
    panel.scroll_into_view_if_needed()
    browser.screenshot(page, "despues_entrenamiento_cerca_del_azar", locator=panel)


def test_drawing_too_small_and_empty(lab):
    page = _open_and_run(lab, "dibujo_pequeno.ipynb", DRAWING, height=1100)
    panel = browser.scroll_to(page, ".nn-drawing-panel")
    canvas = panel.locator("canvas.nn-draw-canvas")
    page.evaluate("el => el.scrollIntoView({block: 'center'})", canvas.element_handle())
    time.sleep(0.3)
    _assert_no_broken_images(panel, "el panel de dibujo al abrirlo")
    message = panel.locator(".nn-draw-message")

    # Un punto: demasiado pequeño para ser un dígito (antes, la red decía «8» con un 62 %).
    browser.draw_path(page, canvas, [(0.5, 0.5), (0.505, 0.5)], steps=1)
    browser.wait_for_idle(page)
    panel.locator(".nn-recognize-button").click()
    text = browser.wait_for_text(message, "demasiado pequeño", timeout=60)
    assert "Predicción" not in text
    assert panel.locator(".nn-draw-warning").count() == 1
    _assert_no_broken_images(panel, "el panel tras el aviso")
    browser.screenshot(page, "despues_dibujo_punto", locator=panel)

    # «Borrar» y «Reconocer» con el lienzo vacío: «dibujo vacío», sin imágenes rotas.
    panel.locator(".nn-clear-button").click()
    browser.wait_for_text(message, "Dibuja un dígito", timeout=30)
    panel.locator(".nn-recognize-button").click()
    browser.wait_for_text(message, "vacío", timeout=30)
    _assert_no_broken_images(panel, "el panel con el lienzo vacío")
    browser.screenshot(page, "despues_dibujo_vacio", locator=panel)
    assert not browser.error_outputs(page)
