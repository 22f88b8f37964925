"""El motor común de los paneles que entrenan: hilo, botones «Entrenar»/«Detener», progreso y estado."""

import threading
import time

import ipywidgets as w

from .. import plots
from .common import PANEL_DPI, _Panel, _in_kernel, _status_html


def _curves_figure():
    """La figura de las curvas (coste, precisión), con márgenes fijos: se redibuja a menudo."""
    fig = plots.new_figure(figsize=(9, 3.3), dpi=PANEL_DPI, layout=None)
    axes = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.25)
    return fig, axes



class _TrainingRunner(_Panel):
    """Hilo de entrenamiento, botones «Entrenar»/«Detener», barra de progreso y estado."""

    def _init_runner(self, background):
        self.background = background
        self.message = ""
        self.error = None
        self._thread = None
        self._stop_event = threading.Event()
        self._last_draw = 0.0
        self._draw_cost = 0.0
        self.train_button = w.Button(description="Entrenar", button_style="primary", icon="play",
                                     tooltip="Entrenar la red con estos valores")
        self.stop_button = w.Button(description="Detener", button_style="danger", icon="stop",
                                    disabled=True, tooltip="Parar tras el mini-lote en curso")
        self.train_button.add_class("nn-train-button")
        self.stop_button.add_class("nn-stop-button")
        self.train_button.on_click(lambda _: self.train())
        self.stop_button.on_click(lambda _: self.stop())
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progreso",
                                      bar_style="info", layout=w.Layout(width="320px"))
        self.progress_label = w.Label("")
        self.progress_label.add_class("nn-progress-label")
        self.status = w.HTML(_status_html(""))
        self.status.add_class("nn-status-area")

    @property
    def running(self):
        """True mientras hay un entrenamiento en marcha."""
        return self._thread is not None and self._thread.is_alive() or getattr(self, "_busy", False)

    def _set_message(self, text, kind="info"):
        self.message = text
        self.status.value = _status_html(text, kind)

    def stop(self):
        """Pide parar tras el mini-lote en curso (lo que hace el botón «Detener»)."""
        if self.running:
            self._stop_event.set()
            self._set_message("Deteniendo tras el mini-lote en curso…", "busy")

    def wait(self, timeout=None):
        """Espera a que termine el entrenamiento lanzado en segundo plano."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _start(self, job, blocking):
        """Ejecuta ``job()`` en este hilo (``blocking``) o en uno nuevo."""
        if blocking is None:
            blocking = not (self._in_kernel_default() if self.background is None else self.background)
        self._stop_event.clear()
        self._busy = True
        self._set_controls_disabled(True)
        if blocking:
            self._guarded(job)
        else:
            self._thread = threading.Thread(target=self._guarded, args=(job,), daemon=True,
                                            name="nn_core-entrenamiento")
            self._thread.start()

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
        except Exception as e:  # noqa: BLE001  (el panel nunca muestra un traceback)
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(f"Error inesperado durante el entrenamiento: {type(e).__name__}: {e}",
                              "error")
        finally:
            self._busy = False
            self._set_controls_disabled(False)

    def _set_controls_disabled(self, disabled):
        self.train_button.disabled = disabled
        self.stop_button.disabled = not disabled
        for c in self._controls():
            c.disabled = disabled

    def _controls(self):
        return []

    def _progress_callback(self, offset, total, draw, label_prefix=""):
        """Un ``callback(progress)`` para ``sgd`` que mueve la barra y redibuja las curvas."""

        def callback(p):
            done = offset + (p.epoch - 1) * p.n_batches + p.batch
            self.progress.max = total
            self.progress.value = min(done, total)
            self.progress_label.value = (f"{label_prefix}época {p.epoch}/{p.epochs} · "
                                         f"mini-lote {p.batch}/{p.n_batches}")
            self._last_progress = p
            if p.end_of_epoch:
                # Redibujar cuesta (en una máquina lenta, hasta un segundo): como mucho un
                # tercio del tiempo se va en dibujar. La última época siempre se dibuja.
                now = time.perf_counter()
                if p.epoch == p.epochs or now - self._last_draw > 2 * self._draw_cost:
                    draw(p.history)
                    self._last_draw = time.perf_counter()
                    self._draw_cost = self._last_draw - now

        return callback



def nn_sgd(network, training, cfg, rng, evaluation, callback, callback_every, should_stop):
    """``nn_core.sgd`` con los valores de una configuración validada."""
    from ..training import sgd

    return sgd(network, training, cfg["epochs"], cfg["mini_batch_size"], cfg["eta"], rng,
               lmbda=cfg["lmbda"], evaluation_data=evaluation, callback=callback,
               callback_every=callback_every, should_stop=should_stop)
