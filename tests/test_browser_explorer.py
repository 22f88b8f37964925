"""Prueba en un navegador real: el explorador de la retropropagación en JupyterLab.

Escribe un cuaderno con la celda ``from nn_core.panels.explorer import explorer_panel;
explorer_panel()``, lo abre en JupyterLab con el Chromium de Debian (Playwright), ejecuta todas
las celdas y pulsa «Adelante» → «Error de salida» → «Atrás» → «Gradientes» → «Paso de SGD».
Tras cada clic comprueba que el dibujo cambia y que muestra los números que da el mismo panel
pulsado desde Python (los de nn_core), y guarda una captura en ``artifacts/explorer_*.png``.
Se salta, diciendo por qué, si no hay Chromium o Playwright.
"""

import browser
from nn_core.panels.explorer import explorer_panel, fmt, fmt_cost

NOTEBOOK = "explorador.ipynb"
CELL = "from nn_core.panels.explorer import explorer_panel; explorer_panel()"

#: Los textos de los <text> del SVG del panel, sin los <title> de las ayudas emergentes.
SVG_TEXTS = """() => Array.from(document.querySelectorAll('.nn-explorer-graph svg text')).map(
    el => Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join(''))"""


def graph_texts(page):
    return page.evaluate(SVG_TEXTS)


def text_of(page, selector):
    return page.locator(selector).first.inner_text()


def click_and_wait(page, button_class, what):
    """Pulsa un botón del panel y espera a que cambie el dibujo; devuelve los textos nuevos."""
    before = graph_texts(page)
    page.locator(f"button.{button_class}").click()
    after = browser.wait_for_change(lambda: graph_texts(page), before)
    browser.wait_for_idle(page)
    after = graph_texts(page)
    assert after != before, f"«{what}» no ha cambiado el dibujo"
    return after


def test_explorer_click_through_the_five_steps_in_jupyterlab(tmp_path):
    browser.skip_if_unavailable()
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    browser.write_notebook(nb_dir / NOTEBOOK, [CELL])
    # el mismo panel, pulsado desde Python: los números que deben verse en el navegador
    twin = explorer_panel()
    with browser.lab_server(nb_dir) as server, browser.chromium() as chrome:
        page = browser.open_notebook(chrome, server, NOTEBOOK, height=1100)
        assert browser.run_all_cells(page), "JupyterLab informa de un error al ejecutar las celdas"
        assert not browser.error_outputs(page)
        panel = browser.scroll_to(page, ".nn-explorer-panel")
        page.wait_for_selector(".nn-explorer-graph svg")
        assert "Pulsa «Adelante»" in text_of(page, ".nn-explorer-status")
        texts = graph_texts(page)
        assert "capa 0 · entrada" in texts and "a = ?" in texts
        assert "Los índices empiezan en 0" in panel.inner_text()
        browser.screenshot(page, "explorer_0_inicio", locator=panel)

        # «Adelante»: z y a en cada neurona
        texts = click_and_wait(page, "nn-explorer-forward", "Adelante")
        twin.forward()
        for l in (1, 2):
            for j in range(twin.sizes[l]):
                assert f"a = {fmt(twin.activations[l][j, 0])}" in texts
                assert f"z = {fmt(twin.zs[l - 1][j, 0])}" in texts
        assert "a = ?" not in texts
        assert f"= {fmt(twin.activations[2][0, 0])}" in text_of(page, ".nn-explorer-formula")
        browser.screenshot(page, "explorer_1_adelante", locator=panel)

        # «Error de salida»: δ^L en la salida y BP1 con los números
        texts = click_and_wait(page, "nn-explorer-output-error", "Error de salida")
        twin.show_output_error()
        for j in range(2):
            assert f"δ = {fmt(twin.deltas[-1][j, 0])}" in texts
        formula = text_of(page, ".nn-explorer-formula")
        assert "BP1" in formula and f"= {fmt(twin.deltas[-1][0, 0])}" in formula
        browser.screenshot(page, "explorer_2_error_de_salida", locator=panel)

        # «Atrás»: δ de la capa oculta y las aristas con w·δ
        texts = click_and_wait(page, "nn-explorer-backward", "Atrás")
        twin.backward_step()
        for j in range(3):
            assert f"δ = {fmt(twin.deltas[0][j, 0])}" in texts
        contribution = twin.weights[1] * twin.deltas[1]
        assert fmt(contribution[0, 0]) in texts
        assert any("contribución w·δ" in t for t in texts)
        # pulsar una neurona del dibujo la elige: BP2 de la capa 1, neurona 0
        before = text_of(page, ".nn-explorer-formula")
        page.locator('.nn-explorer-graph g[data-layer="1"][data-neuron="0"]').click()
        formula = browser.wait_for_change(lambda: text_of(page, ".nn-explorer-formula"), before)
        assert "BP2" in formula and f"= {fmt(twin.deltas[0][0, 0])}" in formula, formula
        selected = page.evaluate("() => { const s = document.querySelector('.nn-explorer-neuron select');"
                                 " return s.options[s.selectedIndex].text; }")
        assert selected.replace("\xa0", " ") == "capa 1, neurona 0"   # ipywidgets pone espacios duros
        browser.screenshot(page, "explorer_3_atras", locator=panel)

        # «Gradientes»: ∂C/∂b en las neuronas y ∂C/∂w en las aristas
        texts = click_and_wait(page, "nn-explorer-gradients", "Gradientes")
        twin.compute_gradients()
        for j in range(3):
            assert f"∂C/∂b = {fmt(twin.nabla_b[0][j, 0])}" in texts
        assert fmt(twin.nabla_w[1][0, 1]) in texts
        assert "BP4" in text_of(page, ".nn-explorer-formula")
        browser.screenshot(page, "explorer_4_gradientes", locator=panel)

        # «Paso de SGD»: pesos nuevos y el coste baja
        texts = click_and_wait(page, "nn-explorer-step", "Paso de SGD")
        twin.sgd_step()
        c0, c1 = twin.cost_history
        assert c1 < c0
        assert fmt(twin.weights[1][0, 0]) in texts
        assert f"a = {fmt(twin.activations[2][0, 0])}" in texts
        status = text_of(page, ".nn-explorer-status")
        assert f"El coste baja: {fmt_cost(c0)} → {fmt_cost(c1)}" in status, status
        assert f"{fmt_cost(c0)} → {fmt_cost(c1)}" in text_of(page, ".nn-explorer-cost")
        # otro paso: el coste sigue bajando
        click_and_wait(page, "nn-explorer-step", "Paso de SGD")
        twin.sgd_step()
        assert twin.cost_history[2] < c1
        assert fmt_cost(twin.cost_history[2]) in text_of(page, ".nn-explorer-cost")
        assert not browser.error_outputs(page)
        browser.screenshot(page, "explorer_5_paso_de_sgd", locator=panel)
        # «×10»: diez pasos más; la gráfica del coste llega al paso 12
        before = text_of(page, ".nn-explorer-cost")
        page.locator("button.nn-explorer-step10").click()
        browser.wait_for_change(lambda: text_of(page, ".nn-explorer-cost"), before)
        browser.wait_for_idle(page)
        twin.sgd_steps(10)
        assert "paso 12" in text_of(page, ".nn-explorer-cost")
        assert fmt_cost(twin.cost_history[-1]) in text_of(page, ".nn-explorer-cost")
        browser.screenshot(page, "explorer_6_diez_pasos", locator=panel)
        browser.screenshot(page, "explorer")

        # el desplegable elige otra neurona; la entrada se escribe con coma decimal
        before = text_of(page, ".nn-explorer-formula")
        page.locator(".nn-explorer-neuron select").select_option(label="capa 2, neurona 1")
        formula = browser.wait_for_change(lambda: text_of(page, ".nn-explorer-formula"), before)
        assert "Capa 2, neurona 1" in formula
        before = graph_texts(page)
        box = page.locator(".nn-explorer-input input").first
        box.fill("0,5")
        box.press("Enter")
        texts = browser.wait_for_change(lambda: graph_texts(page), before)
        browser.wait_for_idle(page)
        assert "0,5" in graph_texts(page) and "a = ?" in graph_texts(page)
        assert "Entrada y salida deseada cambiadas" in text_of(page, ".nn-explorer-status")
        click_and_wait(page, "nn-explorer-forward", "Adelante")
        twin.set_inputs(x=[0.5, 0.3])
        twin.forward()
        assert f"a = {fmt(twin.activations[1][0, 0])}" in graph_texts(page)
        assert not browser.error_outputs(page)
