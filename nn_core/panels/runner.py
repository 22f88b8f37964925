"""El motor común de los paneles que entrenan: hilo, botones «Entrenar»/«Detener», progreso y estado.

- Un ``threading.Lock`` guarda la ejecución: solo un entrenamiento a la vez. Un segundo clic
  en «Entrenar» mientras otro sigue se ignora en silencio (el botón ya está desactivado; un
  doble clic puede llegar antes de que el navegador lo sepa).
- Al empezar se reinician la barra, su texto y el estado.
- Las curvas se miden varias veces por época (``LIVE_POINTS_PER_EPOCH``) y se redibujan como
  mucho cada ``MIN_REDRAW_SECONDS`` (y siempre al final).
- Ctrl-C (interrumpir el núcleo) durante ``train(blocking=True)``: el estado dice la verdad
  («Interrumpido…»), se conservan las épocas completas y la excepción sigue su camino.
- Un final cerca del azar (exactitud < 20 %) se marca en naranja con una pista.
"""

import threading
import time

import ipywidgets as w

from .. import plots
from ..formatting import num, pct
from .common import _in_kernel, _Panel, _status_html, new_figure
from .config import NOT_LEARNING_HINT, is_near_chance

#: Medidas de validación por época para las curvas (además de la del final de cada época).
LIVE_POINTS_PER_EPOCH = 4
#: Como mucho un redibujado de las curvas cada tantos segundos (el último siempre se dibuja).
MIN_REDRAW_SECONDS = 0.3
#: Tamaño (pulgadas) de la figura de las curvas de los paneles.
CURVES_FIGSIZE = (9.5, 3.9)


def _curves_figure():
    """La figura de las curvas (coste, exactitud), con la leyenda debajo, fuera de los datos."""
    fig = new_figure(CURVES_FIGSIZE, layout=None)  # márgenes fijos: se redibuja a menudo
    axes = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.075, right=0.985, bottom=0.27, top=0.92, wspace=0.22)
    return fig, axes


def _empty_curves(text):
    """Las dos gráficas vacías (ejes ya fijos) con ``text`` en el centro."""
    fig, axes = _curves_figure()
    plots._decorate_curves(axes[0], axes[1], [])
    for ax in axes:
        ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="gray",
                fontsize=10)
    return fig


def live_measure(network, evaluation):
    """(coste, exactitud) de ``network`` en ``evaluation`` (un ``Dataset``) para las curvas."""
    from ..training import accuracy, total_cost

    return (total_cost(network, evaluation.x, evaluation.y),
            accuracy(network, evaluation.x, evaluation.labels))


class _TrainingRunner(_Panel):
    """Hilo de entrenamiento, botones «Entrenar»/«Detener», barra de progreso y estado."""

    def _init_runner(self, background):
        self.background = background
        self.message = ""
        self.error = None
        self.ignored_clicks = 0
        self._thread = None
        self._run_lock = threading.Lock()
        self._stop_event = threading.Event()
        self._last_draw = 0.0
        self._draw_cost = 0.0
        self._last_progress = None
        self.train_button = w.Button(description="Entrenar", button_style="primary", icon="play",
                                     tooltip="Entrenar la red con estos valores")
        self.stop_button = w.Button(description="Detener", button_style="danger", icon="stop",
                                    disabled=True, tooltip="Parar tras el minilote en curso")
        self.train_button.add_class("nn-train-button")
        self.stop_button.add_class("nn-stop-button")
        self.train_button.on_click(self._safe(lambda _: self.train()))
        self.stop_button.on_click(self._safe(lambda _: self.stop()))
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progreso",
                                      bar_style="info", layout=w.Layout(width="320px"))
        self.progress_label = w.Label("")
        self.progress_label.add_class("nn-progress-label")
        self.status = w.HTML(_status_html(""))
        self.status.add_class("nn-status-area")

    @property
    def running(self):
        """True mientras hay un entrenamiento en marcha."""
        return self._run_lock.locked()

    def _set_message(self, text, kind="info"):
        self.message = text
        self.status.value = _status_html(text, kind)

    def _show_error(self, text):
        self._set_message(text, "error")

    def stop(self):
        """Pide parar tras el minilote en curso (lo que hace el botón «Detener»)."""
        if self.running:
            self._stop_event.set()
            self._set_message("Deteniendo tras el minilote en curso…", "busy")

    def wait(self, timeout=None):
        """Espera a que termine el entrenamiento lanzado en segundo plano."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _acquire(self):
        """Toma el turno de entrenar; False (sin ruido) si ya hay un entrenamiento en marcha."""
        if self._run_lock.acquire(blocking=False):
            return True
        self.ignored_clicks += 1
        return False

    def _start(self, job, blocking):
        """Ejecuta ``job()`` en este hilo (``blocking``) o en uno nuevo. Hay que tener el turno."""
        if blocking is None:
            blocking = not (self._in_kernel_default() if self.background is None else self.background)
        self._stop_event.clear()
        self.progress.value = 0
        self.progress.bar_style = "info"
        self.progress_label.value = "empezando…"
        self._set_controls_disabled(True)
        if blocking:
            self._guarded(job)
        else:
            self._thread = threading.Thread(target=self._guarded, args=(job,), daemon=True,
                                            name="nn_core-entrenamiento")
            try:
                self._thread.start()
            except BaseException:
                self._set_controls_disabled(False)
                self._run_lock.release()
                raise

    @staticmethod
    def _in_kernel_default():
        return _in_kernel()

    def _guarded(self, job):
        from ..training import TrainingDiverged

        try:
            job()
        except TrainingDiverged as e:
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(str(e), "error")
        except (ValueError, TypeError) as e:
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(f"No se ha entrenado: {e}", "error")
        except KeyboardInterrupt as e:
            self.error = e
            self.progress.bar_style = "warning"
            self._set_message(self._interrupted_message(), "warning")
            raise
        except Exception as e:  # noqa: BLE001  (el panel nunca muestra un traceback)
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(f"Error inesperado durante el entrenamiento ({type(e).__name__}): {e}",
                              "error")
        finally:
            self._set_controls_disabled(False)
            self._run_lock.release()

    def _interrupted_message(self):
        p = self._last_progress
        done = len(p.history.epochs) if p is not None else 0
        where = f" en la época {p.epoch}, minilote {num(p.batch)}" if p is not None else ""
        kept = (f"se conservan las {done} épocas completas" if done > 1 else
                "se conserva la época completa" if done == 1 else "no llegó a completarse ninguna época")
        return f"Interrumpido{where}: {kept}. Pulsa «Entrenar» para volver a empezar."

    def _set_controls_disabled(self, disabled):
        self.train_button.disabled = disabled
        self.stop_button.disabled = not disabled
        for c in self._controls():
            c.disabled = disabled

    def _controls(self):
        return []

    @staticmethod
    def _callback_every(batches):
        """Cada cuántos minilotes se llama al callback: unas ``LIVE_POINTS_PER_EPOCH`` veces por época."""
        return max(1, -(-batches // LIVE_POINTS_PER_EPOCH))

    def _progress_callback(self, offset, total, draw, label_prefix="", live=None, evaluation=None):
        """Un ``callback(progress)`` para ``sgd``: mueve la barra, mide y redibuja las curvas.

        ``live``: dict con listas ``epoch``, ``cost``, ``accuracy`` donde se añaden las medidas
        de validación (en ``evaluation``) durante cada época; ``draw(history)`` redibuja.
        """

        def callback(p):
            done = offset + (p.epoch - 1) * p.n_batches + p.batch
            self.progress.max = total
            self.progress.value = min(done, total)
            self.progress_label.value = (f"{label_prefix}época {p.epoch}/{p.epochs} · "
                                         f"minilote {num(p.batch)}/{num(p.n_batches)}")
            self._last_progress = p
            if live is not None and evaluation is not None:
                if p.end_of_epoch and p.history.evaluation_cost:
                    cost, acc = p.history.evaluation_cost[-1], p.history.evaluation_accuracy[-1]
                else:
                    cost, acc = live_measure(p.network, evaluation)
                live["epoch"].append(p.epoch - 1 + p.batch / p.n_batches)
                live["cost"].append(float(cost))
                live["accuracy"].append(float(acc))
            now = time.perf_counter()
            last = p.end_of_epoch and p.epoch == p.epochs
            # Redibujar cuesta (en una máquina cargada, más de un segundo): como mucho un tercio
            # del tiempo se va en dibujar. Las medidas se guardan siempre; el último dibujo las tiene todas.
            if last or now - self._last_draw >= max(MIN_REDRAW_SECONDS, 2 * self._draw_cost):
                draw(p.history)
                self._last_draw = time.perf_counter()
                self._draw_cost = self._last_draw - now

        return callback

    @staticmethod
    def _new_live():
        return {"epoch": [], "cost": [], "accuracy": []}

    @staticmethod
    def _final_accuracy_text(history):
        if history.evaluation_accuracy:
            return f"{pct(history.evaluation_accuracy[-1], 2)} en validación"
        if history.training_accuracy:
            return f"{pct(history.training_accuracy[-1], 2)} en entrenamiento"
        return "sin medidas"

    @staticmethod
    def _near_chance(history):
        return is_near_chance(history)

    NOT_LEARNING_HINT = NOT_LEARNING_HINT


def nn_sgd(network, training, cfg, rng, evaluation, callback, callback_every, should_stop, history=None):
    """``nn_core.sgd`` con los valores de una configuración validada (``history``: dónde ir
    guardando las épocas completas, para no perderlas si se interrumpe)."""
    from ..training import sgd

    kwargs = {} if history is None else {"history": history}
    return sgd(network, training, cfg["epochs"], cfg["mini_batch_size"], cfg["eta"], rng,
               lmbda=cfg["lmbda"], evaluation_data=evaluation, callback=callback,
               callback_every=callback_every, should_stop=should_stop, **kwargs)

