"""Los paneles en un JupyterLab de verdad, con Chromium (Playwright).

1. ``test_training_panel_in_jupyterlab``: abre ``notebooks/06_entrenamiento.ipynb`` (si existe
   y usa ``training_panel``; si no, un cuaderno temporal mínimo con el panel), ejecuta todas las
   celdas, mueve el deslizador de η, pulsa «Entrenar» y comprueba que las curvas cambian
   mientras entrena, que aparece el resumen y que no hay salidas de error. Después entrena otra
   vez con muchas épocas y pulsa «Detener»: el núcleo sigue atendiendo los clics mientras
   entrena.
2. ``test_other_panels_in_jupyterlab``: un cuaderno temporal con la neurona, los resultados y
   la comparación; mueve el sesgo, elige un dígito y entrena las dos configuraciones.

Guarda capturas en ``artifacts/``.

Se salta (diciendo por qué) solo si no hay Playwright o no hay ``/usr/bin/chromium``.
"""

import json
import time

import browser

CHAPTER = "06_entrenamiento.ipynb"
FALLBACK = "panel_de_entrenamiento.ipynb"
FALLBACK_CELLS = [
    "from nn_core.widgets import training_panel",
    "# NBVAL_IGNORE_OUTPUT\npanel = training_panel(n_train=2000, epochs=3)\npanel",
]


LAB = "laboratorio.ipynb"
LAB_CELLS = [
    "import numpy as np\nimport nn_core as nc\n"
    "from nn_core.widgets import comparison_panel, neuron_panel, results_panel",
    "neuron_panel(w1=10.0, w2=10.0, b=-15.0)",
    "data = nc.load_mnist()\nrng = np.random.default_rng(0)\nnet = nc.Network([784, 30, 10], rng)\n"
    "nc.sgd(net, data.training.subset(1000, rng), 2, 10, 3.0, rng);",
    "results_panel(net, data.test)",
    "comparison_panel({'eta': 0.1}, {'eta': 3.0}, data, n_train=600, epochs=2)",
]


def _choose_notebook(nb_dir):
    """Copia el capítulo 06 si ya usa el panel; si no, escribe el cuaderno de reserva."""
    chapter = browser.NOTEBOOKS / CHAPTER
    if chapter.is_file():
        text = json.loads(chapter.read_text(encoding="utf-8"))
        sources = ["".join(c.get("source", "")) for c in text.get("cells", [])]
        if any("training_panel" in s for s in sources):
            browser.copy_notebooks(nb_dir.parent, [CHAPTER])
            print(f"Se abre el capítulo {CHAPTER}.")
            return CHAPTER
        print(f"{CHAPTER} existe pero aún no usa training_panel: se usa un cuaderno temporal.")
    else:
        print(f"{CHAPTER} aún no existe: se usa un cuaderno temporal con training_panel.")
    browser.write_notebook(nb_dir / FALLBACK, FALLBACK_CELLS)
    return FALLBACK


def _open_and_run(lab, name):
    server, chrome, _ = lab
    page = browser.open_notebook(chrome, server, name)
    ok = browser.run_all_cells(page, timeout=120_000)
    errors = browser.error_outputs(page)
    assert not errors, f"Salidas de error en {name}:\n" + "\n---\n".join(errors)
    assert ok, f"JupyterLab informa de que alguna celda de {name} falló"
    return page


def _wait_text(panel, selector, pattern, timeout=60):
    """Espera a que el texto de ``selector`` dentro de ``panel`` contenga ``pattern``."""
    return browser.wait_for_text(panel.locator(selector), pattern, timeout)


def _set_int(panel, css_class, value):
    """Escribe ``value`` en un IntText del panel y lo confirma con Intro."""
    box = panel.locator(f".{css_class} input")
    box.fill(str(value))
    box.press("Enter")


def test_training_panel_in_jupyterlab(lab):
    name = _choose_notebook(lab[2])
    page = _open_and_run(lab, name)
    panel = browser.scroll_to(page, ".nn-training-panel")
    curves = panel.locator(".nn-curves")
    src_before = curves.get_attribute("src")
    assert src_before, "las curvas del panel no se dibujaron"

    # Pocas épocas para que la prueba sea corta (es lo que haría un lector).
    _set_int(panel, "nn-epochs-text", 2)

    # Mover el deslizador de η con el ratón, un poco hacia la izquierda: el campo de texto lo sigue.
    eta_box = panel.locator(".nn-eta-text input")
    eta_before = eta_box.input_value()
    browser.drag(page, panel.locator(".nn-eta-slider .noUi-handle"), -6)
    eta_after = browser.wait_for_change(eta_box.input_value, eta_before, timeout=10)
    assert eta_after != eta_before, "el deslizador de η no se movió"
    assert float(eta_after.replace(",", ".")) < float(eta_before.replace(",", "."))

    # Entrenar: las curvas cambian durante el entrenamiento y al final sale el resumen.
    panel.locator(".nn-train-button").click()
    seen = {src_before}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        src = curves.get_attribute("src")
        if src:
            seen.add(src)
        status = panel.locator(".nn-status-area").inner_text()
        if "Exactitud en validación" in status or "No se ha entrenado" in status \
                or "Error" in status:
            break
        time.sleep(0.1)
    status = panel.locator(".nn-status-area").inner_text()
    assert "Exactitud en validación" in status, f"el entrenamiento no terminó bien: {status!r}"
    time.sleep(0.5)
    seen.add(curves.get_attribute("src"))
    assert curves.get_attribute("src") != src_before, "las curvas no cambiaron al entrenar"
    # Antes, al empezar («entrenando la primera época…») y al menos una época: 3 imágenes.
    assert len(seen) >= 3, f"las curvas solo tomaron {len(seen)} valores distintos"
    panel.scroll_into_view_if_needed()
    browser.screenshot(page, "panel_de_entrenamiento")
    browser.screenshot(page, "panel_de_entrenamiento_solo", locator=panel)

    # «Detener» funciona mientras el hilo entrena: el núcleo atiende el clic.
    _set_int(panel, "nn-epochs-text", 100)
    panel.locator(".nn-train-button").click()
    _wait_text(panel, ".nn-progress-label", "/100 ·", timeout=30)
    panel.locator(".nn-stop-button").click()
    status = _wait_text(panel, ".nn-status-area", "Detenido", timeout=30)
    assert "la red conserva lo aprendido" in status
    assert "época 100/100" not in panel.locator(".nn-progress-label").inner_text()

    errors = browser.error_outputs(page)
    assert not errors, "Salidas de error tras entrenar:\n" + "\n---\n".join(errors)
    browser.screenshot(page, "panel_de_entrenamiento_detenido")


def test_other_panels_in_jupyterlab(lab):
    browser.write_notebook(lab[2] / LAB, LAB_CELLS)
    page = _open_and_run(lab, LAB)

    # La neurona: mover el sesgo b cambia el dibujo y el texto de las puertas.
    neuron = browser.scroll_to(page, ".nn-neuron-panel")
    plot = neuron.locator(".nn-neuron-plot")
    src = plot.get_attribute("src")
    status = neuron.locator(".nn-status").inner_text()
    assert "AND" in status
    browser.drag(page, neuron.locator(".nn-b-slider .noUi-handle"), 25)
    assert browser.wait_for_change(lambda: plot.get_attribute("src"), src) != src, "la neurona no se redibujó"
    browser.screenshot(page, "panel_neurona", locator=neuron)

    # Los resultados: elegir un dígito muestra sus activaciones; pasar de página.
    results = browser.scroll_to(page, ".nn-results-panel")
    bars = results.locator(".nn-activations")
    src = bars.get_attribute("src")
    results.locator(".nn-digit-button").nth(3).click()
    assert browser.wait_for_change(lambda: bars.get_attribute("src"), src) != src, "no cambió el dígito elegido"
    first = results.locator(".nn-digit-button").first.inner_text()
    results.get_by_role("button", name="Siguientes").click()
    assert browser.wait_for_change(lambda: results.locator(".nn-digit-button").first.inner_text(), first) != first
    browser.screenshot(page, "panel_resultados", locator=results)

    # La comparación: entrenar las dos configuraciones.
    comparison = browser.scroll_to(page, ".nn-comparison-panel")
    curves = comparison.locator(".nn-curves")
    src = curves.get_attribute("src")
    comparison.locator(".nn-train-button").click()
    status = _wait_text(comparison, ".nn-status-area", "η = 3:", timeout=60)
    assert "η = 0,1:" in status
    assert curves.get_attribute("src") != src
    comparison.scroll_into_view_if_needed()
    browser.screenshot(page, "panel_comparacion", locator=comparison)
    errors = browser.error_outputs(page)
    assert not errors, "Salidas de error:\n" + "\n---\n".join(errors)
