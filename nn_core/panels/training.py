"""El panel de entrenamiento: η, capas ocultas, épocas… y las curvas mientras la red aprende."""

import math
import time

import ipywidgets as w

from .. import plots
from ..mnist import load_mnist
from .common import _png
from .config import (ACTIVATIONS, COSTS, DEFAULTS, ETA_MAX, ETA_MIN, INITS, build_network,
                     describe_config, validate_config)
from .runner import _curves_figure, _TrainingRunner, nn_sgd


class TrainingPanel(_TrainingRunner):
    """Panel para entrenar una red en MNIST y ver sus curvas mientras aprende.

    Controles (atributos): ``eta_slider`` (η, escala logarítmica de 0.001 a 100),
    ``hidden_text`` («30» o «100, 30»), ``epochs_text``, ``mini_batch_size_text``,
    ``n_train_text`` (tamaño del subconjunto de entrenamiento), ``activation_dropdown``,
    ``cost_dropdown``, ``init_dropdown``, ``lmbda_text`` (λ de L2), ``seed_text``, y los botones
    ``train_button`` («Entrenar») y ``stop_button`` («Detener»).

    Salidas: ``progress`` (barra sobre épocas y mini-lotes), ``curves`` (una
    ``ipywidgets.Image`` con las curvas de coste y precisión, de entrenamiento y de validación,
    que se redibuja al final de cada época), ``status`` (mensajes).

    Tras entrenar: ``network`` (la red, también si se detuvo), ``history`` (``nn_core.History``),
    ``config`` (la configuración usada, validada), ``message`` (el último texto de estado),
    ``error`` (la excepción si el entrenamiento falló, o None).
    """

    description = "Panel de entrenamiento"

    def __init__(self, data=None, background=None, **defaults):
        self.data = data if data is not None else load_mnist()
        n_available = len(self.data.training)
        cfg = dict(DEFAULTS)
        cfg["n_train"] = min(cfg["n_train"], n_available)
        cfg.update(defaults)
        self.config = validate_config(cfg, n_available)
        self.network = None
        self.history = None
        self._last_progress = None
        self._init_runner(background)

        style = {"description_width": "120px"}
        lay = w.Layout(width="330px")
        cfg = self.config
        self.eta_slider = w.FloatLogSlider(
            value=cfg["eta"], base=10, min=math.log10(ETA_MIN), max=math.log10(ETA_MAX), step=0.001,
            description="η (tasa de apr.)", readout_format=".3g", continuous_update=False,
            style=style, layout=lay)
        self.hidden_text = w.Text(value=", ".join(str(n) for n in cfg["hidden"]),
                                  description="Capas ocultas", placeholder="p. ej. 30 o 100, 30",
                                  style=style, layout=lay)
        self.epochs_text = w.IntText(value=cfg["epochs"], description="Épocas", style=style, layout=lay)
        self.mini_batch_size_text = w.IntText(value=cfg["mini_batch_size"], description="Mini-lote (m)",
                                              style=style, layout=lay)
        self.n_train_text = w.IntText(value=cfg["n_train"], description="Ejemplos", style=style,
                                      layout=lay)
        self.activation_dropdown = w.Dropdown(options=ACTIVATIONS, value=cfg["activation"],
                                              description="Activación", style=style, layout=lay)
        self.cost_dropdown = w.Dropdown(options=COSTS, value=cfg["cost"], description="Coste",
                                        style=style, layout=lay)
        self.init_dropdown = w.Dropdown(options=INITS, value=cfg["init"], description="Inicialización",
                                        style=style, layout=lay)
        self.lmbda_text = w.FloatText(value=cfg["lmbda"], description="λ (L2)", style=style, layout=lay)
        self.seed_text = w.IntText(value=cfg["seed"], description="Semilla", style=style, layout=lay)
        for name in ("eta_slider", "hidden_text", "epochs_text", "mini_batch_size_text", "n_train_text",
                     "activation_dropdown", "cost_dropdown", "init_dropdown", "lmbda_text", "seed_text"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        self.curves = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.curves.add_class("nn-curves")
        self._draw_curves(None)
        n_val = len(self.data.validation)
        val_text = (f"los ejemplos de entrenamiento elegidos y {n_val:,} de validación".replace(",", ".")
                    if n_val
                    else "los ejemplos de entrenamiento elegidos (no hay conjunto de validación)")
        header = w.HTML(
            "<b>Entrenar una red en MNIST</b> — elige los valores y pulsa «Entrenar». "
            f"Las curvas usan {val_text}.")
        self.widget = w.VBox([
            header,
            w.HBox([w.VBox([self.eta_slider, self.hidden_text, self.epochs_text,
                            self.mini_batch_size_text, self.n_train_text]),
                    w.VBox([self.activation_dropdown, self.cost_dropdown, self.init_dropdown,
                            self.lmbda_text, self.seed_text])]),
            w.HBox([self.train_button, self.stop_button]),
            w.HBox([self.progress, self.progress_label]),
            self.status,
            self.curves,
        ])
        self.widget.add_class("nn-training-panel")
        self._set_message("Listo. Pulsa «Entrenar».")

    def _controls(self):
        return [self.eta_slider, self.hidden_text, self.epochs_text, self.mini_batch_size_text,
                self.n_train_text, self.activation_dropdown, self.cost_dropdown, self.init_dropdown,
                self.lmbda_text, self.seed_text]

    def values(self):
        """Los valores actuales de los controles, como diccionario (sin validar)."""
        return {
            "eta": self.eta_slider.value, "hidden": self.hidden_text.value,
            "epochs": self.epochs_text.value, "mini_batch_size": self.mini_batch_size_text.value,
            "n_train": self.n_train_text.value, "activation": self.activation_dropdown.value,
            "cost": self.cost_dropdown.value, "init": self.init_dropdown.value,
            "lmbda": self.lmbda_text.value, "seed": self.seed_text.value,
        }

    def _show_values(self, cfg):
        self.eta_slider.value = cfg["eta"]
        self.hidden_text.value = ", ".join(str(n) for n in cfg["hidden"])
        self.epochs_text.value = cfg["epochs"]
        self.mini_batch_size_text.value = cfg["mini_batch_size"]
        self.n_train_text.value = cfg["n_train"]
        self.activation_dropdown.value = cfg["activation"]
        self.cost_dropdown.value = cfg["cost"]
        self.init_dropdown.value = cfg["init"]
        self.lmbda_text.value = cfg["lmbda"]
        self.seed_text.value = cfg["seed"]

    def train(self, blocking=None, **overrides):
        """Entrena con los valores de los controles (o los de ``overrides``, que se copian a ellos).

        ``blocking=None``: en segundo plano dentro de un núcleo de Jupyter, y en este hilo fuera
        de él; ``True``: vuelve al terminar (úsalo en los cuadernos que deben mostrar el
        resultado). Si algún valor no vale, muestra el mensaje, no entrena nada y devuelve None.
        Devuelve ``self.history`` al entrenar en este hilo.
        """
        if self.running:
            self._set_message("Ya hay un entrenamiento en marcha: espera o pulsa «Detener».", "error")
            return None
        values = self.values()
        values.update(overrides)
        try:
            cfg = validate_config(values, len(self.data.training))
        except (ValueError, TypeError) as e:
            self.error = e
            self._set_message(f"No se ha entrenado: {e}", "error")
            return None
        self.error = None
        self._show_values(cfg)
        self.config = cfg
        self._start(lambda: self._run(cfg), blocking)
        return self.history if not self.running else None

    def _run(self, cfg):
        self.progress.bar_style = "info"
        self.progress.value = 0
        self.history = None
        self._last_progress = None
        self._set_message(f"Entrenando: {describe_config(cfg)}…", "busy")
        network, rng, training = build_network(cfg, self.data)
        self.network = network
        evaluation = self.data.validation if len(self.data.validation) else None
        n_batches = math.ceil(cfg["n_train"] / cfg["mini_batch_size"])
        total = cfg["epochs"] * n_batches
        self.progress.max = total
        self._draw_curves(None, training=True)
        callback = self._progress_callback(0, total, self._draw_curves)
        start = time.perf_counter()
        try:
            history = nn_sgd(network, training, cfg, rng, evaluation, callback,
                             max(1, n_batches // 20), self._stop_event.is_set)
        except Exception:
            if self._last_progress is not None:
                self.history = self._last_progress.history
            raise
        seconds = time.perf_counter() - start
        self.history = history
        if history.stopped_early:  # si no, la última época ya está dibujada
            self._draw_curves(history)
        self._set_message(self.summary(seconds), "ok")
        self.progress.bar_style = "warning" if history.stopped_early else "success"

    def summary(self, seconds=None):
        """El resumen del último entrenamiento: precisión en validación (y entrenamiento) y tiempo."""
        h = self.history
        if h is None or not h.epochs:
            return "Todavía no hay ningún entrenamiento."
        parts = []
        if h.stopped_early:
            p = self._last_progress
            where = f" en la época {p.epoch}, mini-lote {p.batch}" if p is not None else ""
            parts.append(f"Detenido{where}; la red conserva lo aprendido.")
        if h.evaluation_accuracy:
            parts.append(f"Precisión en validación: {100 * h.evaluation_accuracy[-1]:.2f} %")
        if h.training_accuracy:
            where = "en entrenamiento" if h.evaluation_accuracy else "Precisión en entrenamiento"
            parts.append(f"{where}: {100 * h.training_accuracy[-1]:.2f} %")
        if seconds is None:
            seconds = sum(h.seconds)
        n = len(h.epochs)
        parts.append(f"{n} {'época' if n == 1 else 'épocas'} en {seconds:.1f} s")
        return " · ".join(parts)

    def _draw_curves(self, history, training=False):
        fig, axes = _curves_figure()
        if history is not None and history.epochs:
            plots.plot_history(history, axes=axes)
        else:
            text = "Entrenando la primera época…" if training else "Pulsa «Entrenar» para ver las curvas"
            plots._decorate_curves(axes[0], axes[1], [])
            for ax in axes:
                ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes,
                        color="gray", fontsize=10)
        self.curves.value = _png(fig)



def training_panel(data=None, **defaults):
    """Crea un ``TrainingPanel``. ``data``: un ``MnistSplits`` (None = ``load_mnist()``, reparto del libro).

    ``defaults``: valores iniciales de los controles (``eta``, ``hidden``, ``epochs``,
    ``mini_batch_size``, ``n_train``, ``activation``, ``cost``, ``init``, ``lmbda``, ``seed``) y
    ``background`` (True/False; None = en segundo plano solo dentro de un núcleo).
    """
    return TrainingPanel(data, **defaults)
