"""El libro en HTML (``make book`` → ``_build/html``), abierto en un Chromium de verdad sin internet.

Se sirve ``_build/html`` en 127.0.0.1 y se bloquea (y se anota) toda petición que no vaya a ese
servidor. Se comprueba que:

- ninguna página intentó pedir nada fuera del sitio;
- el capítulo 03 tiene sus ecuaciones compuestas por MathJax (se cuentan);
- todas las imágenes de todas las páginas han cargado (``naturalWidth > 0``);
- la instantánea guardada del panel de entrenamiento aparece en el capítulo 06;
- la búsqueda de «sesgo» lista el glosario, y la búsqueda sin tildes («retropropagacion»,
  «funcion») encuentra las palabras con tilde;
- los enlaces «siguiente» y «anterior» recorren todos los capítulos en el orden del índice;
- las soluciones de los ejercicios están plegadas.

Las capturas quedan en ``artifacts/libro_*.png``. Si ``_build/html`` no existe, se construye
primero con ``scripts/build_book.py`` (lo normal es que ``make test`` ya lo haya hecho).
"""

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import browser

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "_build" / "html"
TOC = REPO / "book" / "_toc.yml"


def toc_pages():
    """Las páginas del índice, en orden: ['book/intro', 'notebooks/00_…', …]."""
    pages = []
    for line in TOC.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("root:"):
            pages.append(line.split(":", 1)[1].strip())
        elif line.startswith("- file:"):
            pages.append(line.split(":", 1)[1].strip())
    return pages


@pytest.fixture(scope="module")
def site():
    browser.skip_if_unavailable()
    if not (SITE / "index.html").exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "build_book.py")], check=True, cwd=REPO)
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def offline_page(site_url, width=1280, height=900):
    """Una página de Chromium que solo puede pedir cosas a ``site_url``; las demás peticiones se
    abortan y se guardan en ``page.blocked``."""
    with browser.chromium() as chrome:
        page = chrome.new_page(viewport={"width": width, "height": height})
        page.blocked = []
        page.console_messages = []
        page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))

        def route(r):
            url = r.request.url
            if url.startswith(site_url) or url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                page.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.set_default_timeout(60_000)
        yield page


def _url(site_url, page_name):
    return f"{site_url}/{page_name}.html"


def _images_not_loaded(page):
    return page.evaluate("""() => Array.from(document.images)
        .filter(img => !(img.complete && img.naturalWidth > 0))
        .map(img => img.currentSrc || img.src || img.outerHTML.slice(0, 120))""")


def test_every_page_offline_with_images_and_prev_next(site):
    pages = toc_pages()
    assert pages[0] == "book/intro" and "notebooks/09_dibuja_tu_digito" in pages
    with offline_page(site) as page:
        page.goto(_url(site, pages[0]))
        visited = [pages[0]]
        problems = []
        for expected in pages[1:]:
            nxt = page.locator("a.right-next")
            assert nxt.count() == 1, f"{visited[-1]}: no hay enlace «siguiente»"
            nxt.click()
            page.wait_for_load_state("load")
            assert page.url.split("#")[0].endswith(f"/{expected}.html"), (visited[-1], page.url)
            visited.append(expected)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            missing = _images_not_loaded(page)
            if missing:
                problems.append((expected, missing))
        assert page.locator("a.right-next").count() == 0
        for expected in reversed(pages[:-1]):
            page.locator("a.left-prev").click()
            page.wait_for_load_state("load")
            assert page.url.split("#")[0].endswith(f"/{expected}.html")
        assert visited == pages
        assert problems == [], f"imágenes sin cargar: {problems}"
        assert page.blocked == [], f"peticiones fuera del sitio: {page.blocked[:10]}"


def test_chapter_03_equations_are_typeset_by_mathjax(site):
    with offline_page(site) as page:
        page.goto(_url(site, "notebooks/03_el_error_de_salida"))
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
        n_math = page.locator("span.math, div.math").count()
        page.wait_for_function(f"() => document.querySelectorAll('mjx-container').length >= {n_math}")
        typeset = page.locator("mjx-container").count()
        raw = page.evaluate(r"""() => Array.from(document.querySelectorAll('span.math, div.math'))
            .filter(e => !e.querySelector('mjx-container')).length""")
        browser.screenshot(page, "libro_capitulo_03")
        assert n_math >= 50, f"solo {n_math} fórmulas en el capítulo 03"
        assert typeset >= n_math and raw == 0, (typeset, n_math, raw)
        assert page.blocked == []


def test_chapter_06_shows_the_stored_training_panel(site):
    with offline_page(site) as page:
        page.goto(_url(site, "notebooks/06_entrenamiento"))
        panel = page.locator(".nn-train-button").first
        panel.wait_for(state="attached", timeout=60_000)
        panel.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        assert panel.is_visible()
        browser.screenshot(page, "libro_capitulo_06_panel")
        assert page.blocked == [], page.blocked
        errors = [m for m in page.console_messages
                  if m.startswith("error") and "theme mode" not in m]  # el tema avisa de un modo vacío
        assert not errors, errors


def test_chapter_09_has_no_broken_widget_images(site):
    with offline_page(site) as page:
        page.goto(_url(site, "notebooks/09_dibuja_tu_digito"))
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(500)
        browser.screenshot(page, "libro_capitulo_09", full_page=True)
        assert _images_not_loaded(page) == []
        assert page.blocked == []


@pytest.mark.parametrize("query,expected", [
    ("sesgo", "notebooks/glosario.html"),
    ("retropropagacion", "notebooks/04_retropropagar_el_error.html"),
    ("funcion", "notebooks/00_como_funciona_una_red.html"),
])
def test_search_finds_words_with_and_without_accents(site, query, expected):
    with offline_page(site) as page:
        page.goto(f"{site}/search.html?q={query}")
        page.wait_for_selector("#search-results ul.search li", timeout=60_000)
        # Sphinx añade los resultados uno a uno y escribe el resumen al terminar: hay que esperarlo.
        page.wait_for_function("() => (document.querySelector('#search-results p.search-summary')"
                               " || {}).textContent", timeout=60_000)
        links = page.evaluate("""() => Array.from(document.querySelectorAll('#search-results ul.search li a'))
            .map(a => a.getAttribute('href'))""")
        if query == "sesgo":
            browser.screenshot(page, "libro_busqueda_sesgo")
        assert any(link.split("#")[0].split("?")[0].endswith(expected) for link in links), links
        assert page.blocked == []


def test_solutions_are_folded(site):
    with offline_page(site) as page:
        page.goto(_url(site, "notebooks/05_los_gradientes"))
        details = page.locator("details:has(summary:text-matches('Solución del ejercicio'))")
        assert details.count() >= 4
        assert page.evaluate("""() => Array.from(document.querySelectorAll('details'))
            .filter(d => /Solución del ejercicio/.test(d.querySelector('summary')?.textContent || ''))
            .every(d => !d.open)""")
        first = details.first
        first.locator("summary").click()
        assert first.evaluate("d => d.open")
        assert first.locator("pre").count() >= 1


def test_python_and_javascript_stemmers_agree(site):
    """El índice (Python) y la consulta (JavaScript) deben reducir cada palabra a la misma raíz."""
    sys.path.insert(0, str(REPO / "book" / "_ext"))
    try:
        from accent_folding_search import stem
    finally:
        sys.path.pop(0)
    words = ["retropropagación", "Retropropagacion", "funciones", "Función", "sesgo", "sesgos",
             "exactitud", "año", "minilotes", "entrada", "ponderadas", "neuronas", "época", "η", "BP1"]
    with offline_page(site) as page:
        page.goto(f"{site}/search.html")
        page.wait_for_function("() => typeof Stemmer !== 'undefined'")
        js = page.evaluate("ws => ws.map(w => new Stemmer().stemWord(w))", words)
    assert js == [stem(w) for w in words]
