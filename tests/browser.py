"""Ayudas para las pruebas en un navegador real: JupyterLab + Chromium (Playwright).

Uso típico desde una prueba de ``tests/`` (pytest pone ``tests/`` en ``sys.path``)::

    import browser

    def test_algo(tmp_path):
        browser.skip_if_unavailable()            # salta (con el motivo) si no hay Chromium
        nb = browser.copy_notebooks(tmp_path)     # copia notebooks/ e images/ a tmp_path
        with browser.lab_server(nb) as server, browser.chromium() as chrome:
            page = browser.open_notebook(chrome, server, "06_entrenamiento.ipynb")
            browser.run_all_cells(page)           # espera a que el núcleo termine
            assert not browser.error_outputs(page)
            widget = browser.scroll_to(page, ".nn-train-button")
            widget.click()
            browser.screenshot(page, "06_entrenamiento")   # artifacts/06_entrenamiento.png

Qué hace cada pieza:

- ``skip_reason()`` / ``skip_if_unavailable()``: sin Playwright para Python o sin
  ``/usr/bin/chromium`` (o la ruta de ``$CHROMIUM``) no hay prueba posible.
- ``lab_server(root_dir)``: arranca ``jupyter lab`` del mismo entorno que ejecuta las pruebas,
  en 127.0.0.1, en un puerto libre, con un token aleatorio y con directorios de ajustes y de
  ejecución temporales (sin el aviso de noticias, sin autoguardado, todas las celdas
  dibujadas). Al salir mata su grupo de procesos (y solo ese).
- ``chromium()``: lanza el Chromium de Debian (sin sandbox, sin GPU) con Playwright.
- ``open_notebook``, ``run_all_cells``, ``wait_for_idle``: abren un cuaderno y lo ejecutan con
  ``window.jupyterapp.commands.execute('notebook:run-all-cells')``.
- ``scroll_to``, ``scroll_to_bottom``: JupyterLab 4 puede no dibujar las celdas que no se ven;
  hay que desplazarse antes de buscar un widget.
- ``error_outputs(page)``: los textos de las salidas de error (tracebacks, stderr con
  «Traceback» o «Error») visibles en la página.
- ``screenshot(page, name)``: guarda ``artifacts/<name>.png`` (``artifacts/`` no va a git).
- ``drag(page, locator, dx)``: arrastra con el ratón (p. ej. el asa ``.noUi-handle`` de un
  deslizador de ipywidgets); ``draw_path(page, locator, points)``: un trazo con el ratón sobre
  un elemento (p. ej. un lienzo), con los puntos como fracciones (0-1) de su caja.
- ``wait_for_change(get, before)``, ``wait_for_text(locator, texto)``: esperas con plazo.

Los widgets de ``nn_core.widgets`` llevan clases CSS estables para encontrarlos: ``.nn-*-panel``,
``.nn-train-button``, ``.nn-stop-button``, ``.nn-eta-slider``, ``.nn-curves``, ``.nn-status-area``…

Los cuadernos se copian a un directorio temporal para que JupyterLab nunca guarde encima de
los cuadernos del repositorio.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
IMAGES = REPO / "images"
ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
#: Ajustes de JupyterLab para las pruebas: sin noticias, sin autoguardado y sin «virtualizar»
#: el cuaderno (así todas las celdas están en el DOM).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


# --------------------------------------------------------------------------- disponibilidad

def skip_reason():
    """None si hay navegador; si no, el motivo (en español) para saltar la prueba."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no está instalado Playwright para Python (pip install playwright)"
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"no hay Chromium en {CHROMIUM} (apt-get install -y chromium)"
    return None


def skip_if_unavailable():
    """Salta la prueba de pytest, imprimiendo el motivo, si no hay Chromium o Playwright."""
    import pytest

    reason = skip_reason()
    if reason:
        print(f"Prueba en el navegador saltada: {reason}")
        pytest.skip(reason)


# --------------------------------------------------------------------------- cuadernos

def copy_notebooks(dest, notebooks=None):
    """Copia ``notebooks/`` (o solo los nombres de ``notebooks``) e ``images/`` a ``dest``.

    Devuelve la carpeta ``dest/notebooks``, que se usa como ``root_dir`` del servidor
    (así los enlaces ``../images/X.png`` de los cuadernos siguen funcionando).
    """
    dest = Path(dest)
    nb_dir = dest / "notebooks"
    nb_dir.mkdir(parents=True, exist_ok=True)
    if notebooks is None:
        names = [p.name for p in NOTEBOOKS.glob("*.ipynb")]
    else:
        names = list(notebooks)
    for name in names:
        shutil.copy2(NOTEBOOKS / name, nb_dir / name)
    if IMAGES.is_dir():
        shutil.copytree(IMAGES, dest / "images", dirs_exist_ok=True)
    return nb_dir


def write_notebook(path, cells):
    """Escribe un cuaderno mínimo con celdas de código ``cells`` (lista de str) y kernelspec."""
    nb = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
             "outputs": [], "source": src}
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                           "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    Path(path).write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)


# --------------------------------------------------------------------------- servidor

@dataclass
class LabServer:
    """Un JupyterLab en marcha: ``url`` (http://127.0.0.1:P), ``token``, ``root_dir``, ``process``."""

    url: str
    token: str
    root_dir: Path
    process: subprocess.Popen
    log_path: Path

    def log(self):
        """El registro del servidor (útil al fallar una prueba)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        """Termina el grupo de procesos del servidor (el servidor y sus núcleos)."""
        if self.process.poll() is not None:
            return
        pgid = os.getpgid(self.process.pid)
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


def free_port():
    """Un puerto TCP libre en 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings_dir, extra=None):
    settings = dict(LAB_SETTINGS)
    settings.update(extra or {})
    for rel, values in settings.items():
        path = Path(settings_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@contextlib.contextmanager
def lab_server(root_dir, timeout=60, settings=None):
    """Arranca JupyterLab sirviendo ``root_dir``; produce un ``LabServer`` y lo para al salir.

    ``settings``: ajustes extra, {"@jupyterlab/<paquete>/<plugin>.jupyterlab-settings": {...}}.
    El servidor es el ``jupyter lab`` del entorno de ``sys.executable``, de modo que el núcleo
    ``python3`` importa el mismo ``nn_core`` instalado.
    """
    root_dir = Path(root_dir).resolve()
    work = root_dir.parent / f".lab-{secrets.token_hex(4)}"
    work.mkdir()
    _write_settings(work / "user-settings", settings)
    token = secrets.token_hex(16)
    port = free_port()
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "IPYTHONDIR": str(work / "ipython"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={root_dir}", f"--LabApp.user_settings_dir={work / 'user-settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}", "--ServerApp.port_retries=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = work / "server.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(cmd, cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", token, root_dir, process, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab terminó al arrancar:\n{server.log()}")
            try:
                with urllib.request.urlopen(f"{server.url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"JupyterLab no respondió en {timeout} s:\n{server.log()}")
            time.sleep(0.3)
        yield server
    finally:
        server.stop()
        log.close()


# --------------------------------------------------------------------------- navegador

@contextlib.contextmanager
def chromium(headless=True):
    """Lanza Chromium con Playwright; produce el ``Browser`` y lo cierra al salir."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=str(CHROMIUM), headless=headless,
                                   args=CHROMIUM_ARGS)
        try:
            yield chrome
        finally:
            chrome.close()


def open_notebook(chrome, server, name, width=1280, height=900, timeout=60_000):
    """Abre ``name`` (relativo a ``root_dir``) en una página nueva y espera a que cargue.

    Devuelve la ``Page`` de Playwright, con el núcleo ya conectado. Los mensajes de la consola
    del navegador se guardan en ``page.console_messages`` (lista de str).
    """
    page = chrome.new_page(viewport={"width": width, "height": height})
    page.console_messages = []
    page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))
    page.set_default_timeout(timeout)
    page.goto(f"{server.url}/lab/tree/{name}?reset&token={server.token}")
    page.wait_for_selector("#jupyterlab-splash", state="detached")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session
                      && w.sessionContext.session.kernel;
            return !!k && k.status === 'idle';
        }""")
    return page


_KERNEL_IDLE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle';
}"""


def wait_for_idle(page, timeout=60_000, settle=0.5):
    """Espera a que el núcleo esté libre (y siga libre ``settle`` segundos)."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        page.wait_for_function(_KERNEL_IDLE, timeout=max(1, int((deadline - time.monotonic()) * 1000)))
        time.sleep(settle)
        if page.evaluate(_KERNEL_IDLE):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("El núcleo no quedó libre a tiempo.")


def run_all_cells(page, timeout=120_000):
    """Ejecuta todas las celdas (``notebook:run-all-cells``) y espera a que terminen.

    Devuelve True si todas se ejecutaron sin error (lo que informa JupyterLab).
    """
    page.evaluate("""() => {
        window.__nnRunResult = undefined;
        window.jupyterapp.commands.execute('notebook:run-all-cells').then(
            r => { window.__nnRunResult = (r === undefined ? true : r); },
            e => { window.__nnRunResult = 'error: ' + e; });
    }""")
    page.wait_for_function("() => window.__nnRunResult !== undefined", timeout=timeout)
    wait_for_idle(page, timeout=timeout)
    return page.evaluate("() => window.__nnRunResult") is True


def scroll_to(page, selector, nth=0, timeout=30_000):
    """Desplaza el cuaderno hasta el elemento ``selector`` (el ``nth``) y devuelve su ``Locator``.

    Si el elemento aún no está en el DOM (celdas no dibujadas), baja por el cuaderno poco a
    poco hasta encontrarlo.
    """
    locator = page.locator(selector).nth(nth)
    deadline = time.monotonic() + timeout / 1000
    while page.locator(selector).count() <= nth:
        if time.monotonic() > deadline:
            raise TimeoutError(f"No apareció {selector!r} en el cuaderno.")
        page.evaluate("""() => {
            const s = document.querySelector('.jp-WindowedPanel-outer')
                      || document.querySelector('.jp-NotebookPanel-notebook');
            if (s) s.scrollBy(0, s.clientHeight * 0.8);
        }""")
        time.sleep(0.2)
    locator.scroll_into_view_if_needed()
    return locator


def scroll_to_bottom(page):
    """Lleva el cuaderno hasta el final."""
    page.evaluate("""() => {
        const s = document.querySelector('.jp-WindowedPanel-outer')
                  || document.querySelector('.jp-NotebookPanel-notebook');
        if (s) s.scrollTop = s.scrollHeight;
    }""")
    time.sleep(0.3)


def error_outputs(page):
    """Los textos de las salidas de error del cuaderno: tracebacks y stderr con «Error»/«Traceback»."""
    return page.evaluate("""() => {
        const found = [];
        for (const el of document.querySelectorAll(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
            const t = el.innerText || '';
            if (/Traceback|Error/.test(t)) found.push(t);
        }
        for (const el of document.querySelectorAll('.jp-OutputArea-output .ansi-red-fg, .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')) {
            found.push(el.closest('.jp-OutputArea-output').innerText || '');
        }
        return Array.from(new Set(found));
    }""")


def screenshot(page, name, full_page=False, locator=None):
    """Guarda una captura en ``artifacts/<name>.png`` y devuelve su ruta.

    Con ``locator`` captura solo ese elemento (p. ej. un panel).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if locator is not None:
        locator.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------- ratón y esperas

def drag(page, locator, dx, dy=0, steps=5):
    """Arrastra ``locator`` (desde su centro) ``dx``, ``dy`` píxeles con el ratón."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=steps)
    page.mouse.up()


def draw_path(page, locator, points, steps=4):
    """Un trazo con el botón pulsado sobre ``locator`` por ``points`` [(fx, fy), ...].

    Cada punto es una fracción (0-1) del ancho y el alto del elemento: (0.5, 0.5) es el centro.
    """
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()

    def at(p):
        return box["x"] + p[0] * box["width"], box["y"] + p[1] * box["height"]

    page.mouse.move(*at(points[0]))
    page.mouse.down()
    for p in points[1:]:
        page.mouse.move(*at(p), steps=steps)
    page.mouse.up()


def wait_for_change(get, before, timeout=30):
    """Llama a ``get()`` hasta que devuelva algo distinto de ``before`` (o pase ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    value = get()
    while value == before and time.monotonic() < deadline:
        time.sleep(0.1)
        value = get()
    return value


def wait_for_text(locator, pattern, timeout=60):
    """Espera a que el texto de ``locator`` contenga ``pattern``; devuelve el texto.

    Lanza ``AssertionError`` con el último texto visto si no aparece a tiempo.
    """
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = locator.first.inner_text() if locator.count() else ""
        if pattern in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"No apareció «{pattern}»; último texto: {text!r}")


# --------------------------------------------------------------------------- núcleo e imágenes

def kernel_eval(page, code, timeout=60_000):
    """Ejecuta ``code`` en el núcleo del cuaderno abierto (sin añadir celdas) y devuelve su stdout.

    Útil para leer el estado de un panel tras pulsar sus botones, p. ej.
    ``kernel_eval(page, "print(panel.ignored_clicks)")``. Un error en ``code`` lanza
    ``RuntimeError`` con su traceback.
    """
    result = page.evaluate(
        """async (code) => {
            const w = window.jupyterapp.shell.currentWidget;
            const kernel = w.sessionContext.session.kernel;
            const future = kernel.requestExecute({code, silent: false, store_history: false});
            let out = '', err = null;
            future.onIOPub = (msg) => {
                const t = msg.header.msg_type;
                if (t === 'stream') out += msg.content.text;
                if (t === 'error') err = msg.content.ename + ': ' + msg.content.evalue;
            };
            await future.done;
            return {out, err};
        }""", code)
    if result["err"]:
        raise RuntimeError(f"Error en el núcleo: {result['err']}")
    return result["out"]


def broken_images(locator):
    """Las imágenes (``<img>``) dentro de ``locator`` que no se pueden ver (naturalWidth 0).

    Devuelve una lista de descripciones (clase y comienzo del ``src``); vacía si todo bien.
    """
    return locator.evaluate(
        """(root) => Array.from(root.querySelectorAll('img'))
            .filter(img => !(img.complete && img.naturalWidth > 0))
            .map(img => (img.className || 'img') + ' ' + (img.getAttribute('src') || '(sin src)').slice(0, 40))""")
