"""El panel de entrenamiento: η, capas ocultas, épocas… y las curvas mientras la red aprende.

En un cuaderno basta una celda, que funciona sola (carga MNIST si hace falta)::

    from nn_core.widgets import training_panel
    training_panel()                 # o training_panel(hidden="100", cost="cross-entropy", …)
"""

import math
import time

import ipywidgets as w

from .. import plots
from ..formatting import num, pct
from ..training import History
from .common import _png, default_data, figure_width, parse_float
from .config import (ACTIVATIONS, COSTS, DEFAULTS, ETA_MAX, ETA_MIN, INITS, build_network, check_eta,
                     describe_architecture, describe_config, n_batches, parse_hidden, validate_config)
from .runner import CURVES_FIGSIZE, _curves_figure, _empty_curves, _TrainingRunner, nn_sgd


def _eta_text(eta):
    """η como la escribe el campo de texto: «3», «0,5», «0,001»."""
    return num(float(f"{eta:.3g}"))


class TrainingPanel(_TrainingRunner):
    """Panel para entrenar una red en MNIST y ver sus curvas mientras aprende.

    Controles (atributos): ``eta_slider`` (η, escala logarítmica de 0,001 a 100) y ``eta_text``
    (el mismo η, editable: «0,5» o «0.5»), ``hidden_text`` («30» o «100, 30»; vacío = sin capas
    ocultas), ``epochs_text``, ``mini_batch_size_text``, ``n_train_text`` (tamaño del subconjunto de
    entrenamiento) y ``seed_text`` (campos de enteros: un decimal da un mensaje, no se redondea),
    ``activation_dropdown``, ``cost_dropdown``, ``init_dropdown``, ``lmbda_text`` (λ de L2), y los
    botones ``train_button`` («Entrenar») y ``stop_button`` («Detener»).

    Salidas: ``progress`` (barra sobre épocas y minilotes), ``progress_label``, ``curves`` (una
    ``ipywidgets.Image`` con las curvas de coste y exactitud, de entrenamiento y de validación;
    la de validación avanza varias veces por época), ``architecture`` (la red que se va a
    entrenar), ``status`` (mensajes).

    Tras entrenar: ``network`` (la red, también si se detuvo), ``history`` (``nn_core.History``;
    tras una interrupción, las épocas completas), ``live`` (las medidas de validación durante las
    épocas), ``config`` (la configuración usada, validada), ``message`` (el último texto de
    estado), ``error`` (la excepción si el entrenamiento falló, o None).
    """

    description = "Panel de entrenamiento"

    def __init__(self, data=None, background=None, **defaults):
        self.data = data if data is not None else default_data()
        if not (hasattr(self.data, "training") and hasattr(self.data, "validation")):
            raise TypeError("'data' debe ser el resultado de nc.load_mnist() (o None para cargarlo); "
                            f"se recibió {type(self.data).__name__}.")
        n_available = len(self.data.training)
        cfg = dict(DEFAULTS)
        cfg["n_train"] = min(cfg["n_train"], n_available)
        notes = []
        if "mini_batch_size" not in defaults:
            n = defaults.get("n_train", cfg["n_train"])
            if isinstance(n, int) and 1 <= n < cfg["mini_batch_size"]:
                cfg["mini_batch_size"] = n
                notes.append(f"Minilote reducido a {n}: solo hay {n} ejemplos de entrenamiento.")
        cfg.update(defaults)
        self.config = validate_config(cfg, n_available)
        self.network = None
        self.history = None
        self.live = self._new_live()
        self._init_runner(background)

        style = {"description_width": "120px"}
        lay = w.Layout(width="340px")
        cfg = self.config
        self.eta_slider = w.FloatLogSlider(
            value=cfg["eta"], base=10, min=math.log10(ETA_MIN), max=math.log10(ETA_MAX), step=0.001,
            description="η (tasa de apr.)", readout=False, continuous_update=False,
            style=style, layout=w.Layout(width="340px"))
        self.eta_text = w.Text(value=_eta_text(cfg["eta"]), continuous_update=False,
                               tooltip=f"η entre {num(ETA_MIN)} y {num(ETA_MAX)}; escribe p. ej. 0,5 y pulsa Intro",
                               layout=w.Layout(width="80px"))
        self.eta_slider.observe(self._safe(lambda ch: self._eta_from_slider(ch.new)), names="value")
        self.eta_text.observe(self._safe(lambda ch: self._eta_from_text(ch.new)), names="value")
        self.hidden_text = w.Text(value=", ".join(str(n) for n in cfg["hidden"]),
                                  description="Capas ocultas", placeholder="vacío = sin capas ocultas",
                                  tooltip="Tamaños separados por comas, p. ej. «100, 30»; vacío = ninguna capa oculta",
                                  style=style, layout=lay)
        self.architecture = w.HTML()
        self.architecture.add_class("nn-architecture")
        self.hidden_text.observe(self._safe(lambda ch: self._show_architecture()), names="value")
        self.epochs_text = w.Text(value=str(cfg["epochs"]), description="Épocas", style=style, layout=lay)
        self.mini_batch_size_text = w.Text(value=str(cfg["mini_batch_size"]), description="Minilote (m)",
                                           style=style, layout=lay)
        self.n_train_text = w.Text(value=num(cfg["n_train"]), description="Ejemplos", style=style,
                                   layout=lay)
        self.activation_dropdown = w.Dropdown(options=ACTIVATIONS, value=cfg["activation"],
                                              description="Activación", style=style, layout=lay)
        self.cost_dropdown = w.Dropdown(options=COSTS, value=cfg["cost"], description="Coste",
                                        style=style, layout=lay)
        self.init_dropdown = w.Dropdown(options=INITS, value=cfg["init"], description="Inicialización",
                                        style=style, layout=lay)
        self.lmbda_text = w.Text(value=num(cfg["lmbda"]), description="λ (L2)", style=style, layout=lay)
        self.seed_text = w.Text(value=str(cfg["seed"]), description="Semilla", style=style, layout=lay)
        for name in ("eta_slider", "eta_text", "hidden_text", "epochs_text", "mini_batch_size_text",
                     "n_train_text", "activation_dropdown", "cost_dropdown", "init_dropdown", "lmbda_text",
                     "seed_text"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        # Un número mal escrito se señala al escribirlo (y «Entrenar» lo rechaza con el mismo mensaje).
        for field in (self.epochs_text, self.mini_batch_size_text, self.n_train_text, self.lmbda_text,
                      self.seed_text):
            field.observe(self._safe(lambda _: self._check_fields()), names="value")
        self.curves = w.Image(format="png", layout=w.Layout(width=figure_width(CURVES_FIGSIZE),
                                                            max_width="100%", height="auto"))
        self.curves.add_class("nn-curves")
        self._draw_curves(None)
        n_val = len(self.data.validation)
        val_text = (f"los ejemplos de entrenamiento elegidos y {num(n_val)} de validación"
                    if n_val
                    else "los ejemplos de entrenamiento elegidos (no hay conjunto de validación)")
        header = w.HTML(
            "<b>Entrenar una red en MNIST</b> — elige los valores y pulsa «Entrenar». "
            f"Las curvas usan {val_text}.")
        self.widget = w.VBox([
            header,
            w.HBox([w.VBox([w.HBox([self.eta_slider, self.eta_text]), self.hidden_text, self.architecture,
                            self.epochs_text, self.mini_batch_size_text]),
                    w.VBox([self.n_train_text, self.activation_dropdown, self.cost_dropdown,
                            self.init_dropdown, self.lmbda_text, self.seed_text])]),
            w.HBox([self.train_button, self.stop_button]),
            w.HBox([self.progress, self.progress_label]),
            self.status,
            self.curves,
        ])
        self.widget.add_class("nn-training-panel")
        self._show_architecture()
        self._set_message(" ".join(notes + ["Listo. Pulsa «Entrenar»."]))

    # --- controles -----------------------------------------------------------------------------
    def _controls(self):
        return [self.eta_slider, self.eta_text, self.hidden_text, self.epochs_text,
                self.mini_batch_size_text, self.n_train_text, self.activation_dropdown, self.cost_dropdown,
                self.init_dropdown, self.lmbda_text, self.seed_text]

    def _eta_from_slider(self, eta):
        text = _eta_text(eta)
        if self.eta_text.value != text:
            self.eta_text.value = text

    def _eta_from_text(self, text):
        try:
            eta = check_eta(parse_float(text, "La tasa de aprendizaje η"))
        except ValueError as e:
            self._set_message(f"{e} Se mantiene η = {_eta_text(self.eta_slider.value)}.", "error")
            self.eta_text.value = _eta_text(self.eta_slider.value)
            return
        if abs(eta - self.eta_slider.value) > 1e-12 * eta:
            self.eta_slider.value = eta

    def _check_fields(self):
        """Valida los controles al cambiar uno: el error, en rojo; si ya no lo hay, «Listo»."""
        if self.running:
            return
        try:
            validate_config(self.values(), len(self.data.training))
        except (ValueError, TypeError) as e:
            self._set_message(f"Revisa los valores: {e}", "error")
            return
        if self.message.startswith("Revisa los valores"):
            self._set_message("Listo. Pulsa «Entrenar».")

    def _show_architecture(self):
        try:
            hidden = parse_hidden(self.hidden_text.value)
        except ValueError as e:
            self.architecture.value = f"<span style='color:#b00020'>{e}</span>"
            return
        self.architecture.value = (f"<span style='color:#555'>Red: {describe_architecture(hidden)}. "
                                   "Capas ocultas vacías = ninguna capa oculta.</span>")

    def values(self):
        """Los valores actuales de los controles, como diccionario (sin validar; los números, como texto)."""
        return {
            "eta": self.eta_slider.value, "hidden": self.hidden_text.value,
            "epochs": self.epochs_text.value, "mini_batch_size": self.mini_batch_size_text.value,
            "n_train": self.n_train_text.value, "activation": self.activation_dropdown.value,
            "cost": self.cost_dropdown.value, "init": self.init_dropdown.value,
            "lmbda": self.lmbda_text.value, "seed": self.seed_text.value,
        }

    def _show_values(self, cfg):
        self.eta_slider.value = cfg["eta"]
        self.eta_text.value = _eta_text(cfg["eta"])
        self.hidden_text.value = ", ".join(str(n) for n in cfg["hidden"])
        self.epochs_text.value = str(cfg["epochs"])
        self.mini_batch_size_text.value = str(cfg["mini_batch_size"])
        self.n_train_text.value = num(cfg["n_train"])
        self.activation_dropdown.value = cfg["activation"]
        self.cost_dropdown.value = cfg["cost"]
        self.init_dropdown.value = cfg["init"]
        self.lmbda_text.value = num(cfg["lmbda"])
        self.seed_text.value = str(cfg["seed"])

    # --- entrenar ------------------------------------------------------------------------------
    def train(self, blocking=None, **overrides):
        """Entrena con los valores de los controles (o los de ``overrides``, que se copian a ellos).

        ``blocking=None``: en segundo plano dentro de un núcleo de Jupyter, y en este hilo fuera
        de él; ``True``: vuelve al terminar (úsalo en los cuadernos que deben mostrar el
        resultado). Si algún valor no vale (p. ej. ``eta=1000``, que el control no puede
        mostrar), muestra el mensaje, no entrena nada y devuelve None. Si ya hay un
        entrenamiento en marcha, no hace nada (y devuelve None). Devuelve ``self.history`` al
        entrenar en este hilo.
        """
        if not self._acquire():
            return None
        try:
            values = self.values()
            values.update(overrides)
            cfg = validate_config(values, len(self.data.training))
            self._show_values(cfg)
        except (ValueError, TypeError) as e:
            self._run_lock.release()
            self.error = e
            self._set_message(f"No se ha entrenado: {e}", "error")
            return None
        except BaseException:
            self._run_lock.release()
            raise
        self.error = None
        self.config = cfg
        self._start(lambda: self._run(cfg), blocking)
        return self.history if not self.running else None

    def _run(self, cfg):
        self.history = History()
        self.live = self._new_live()
        self._last_progress = None
        self._set_message(f"Entrenando: {describe_config(cfg)}…", "busy")
        network, rng, training = build_network(cfg, self.data)
        self.network = network
        evaluation = self.data.validation if len(self.data.validation) else None
        batches = n_batches(cfg)
        total = cfg["epochs"] * batches
        self.progress.max = total
        self._draw_curves(None, training=True)
        callback = self._progress_callback(0, total, self._draw_curves, live=self.live, evaluation=evaluation)
        start = time.perf_counter()
        try:
            history = nn_sgd(network, training, cfg, rng, evaluation, callback,
                             self._callback_every(batches), self._stop_event.is_set, history=self.history)
        except BaseException:
            if self.history.epochs:
                self._draw_curves(self.history)
            raise
        seconds = time.perf_counter() - start
        self.history = history
        self._draw_curves(history)
        if self._near_chance(history):
            self._set_message(f"{self.summary(seconds)}\n{self.NOT_LEARNING_HINT}", "warning")
            self.progress.bar_style = "warning"
        else:
            self._set_message(self.summary(seconds), "ok")
            self.progress.bar_style = "warning" if history.stopped_early else "success"

    def summary(self, seconds=None):
        """El resumen del último entrenamiento: exactitud en validación (y entrenamiento) y tiempo."""
        h = self.history
        if h is None or not h.epochs:
            return "Todavía no hay ningún entrenamiento."
        parts = []
        if h.stopped_early:
            p = self._last_progress
            where = f" en la época {p.epoch}, minilote {num(p.batch)}" if p is not None else ""
            parts.append(f"Detenido{where}; la red conserva lo aprendido.")
        if h.evaluation_accuracy:
            parts.append(f"Exactitud en validación: {pct(h.evaluation_accuracy[-1], 2)}")
        if h.training_accuracy:
            where = "en entrenamiento" if h.evaluation_accuracy else "Exactitud en entrenamiento"
            parts.append(f"{where}: {pct(h.training_accuracy[-1], 2)}")
        if seconds is None:
            seconds = sum(h.seconds)
        n = len(h.epochs)
        parts.append(f"{n} {'época' if n == 1 else 'épocas'} en {num(seconds, 1)} s")
        return " · ".join(parts)

    def _draw_curves(self, history, training=False):
        if history is not None and history.epochs or len(self.live["epoch"]):
            fig, axes = _curves_figure()
            plots.plot_history(history if history is not None else History(), axes=axes, live=self.live,
                               max_epoch=self.config["epochs"])
        else:
            text = "Entrenando la primera época…" if training else "Pulsa «Entrenar» para ver las curvas"
            fig = _empty_curves(text)
        self.curves.value = _png(fig)


def training_panel(data=None, **defaults):
    """Crea un ``TrainingPanel``. ``data``: un ``MnistSplits`` (None = MNIST con el reparto del libro,
    cargado una sola vez).

    ``defaults``: valores iniciales de los controles (``eta``, ``hidden``, ``epochs``,
    ``mini_batch_size``, ``n_train``, ``activation``, ``cost``, ``init``, ``lmbda``, ``seed``) y
    ``background`` (True/False; None = en segundo plano solo dentro de un núcleo).
    """
    return TrainingPanel(data, **defaults)
