"""El panel de comparación: dos configuraciones entrenadas y dibujadas en las mismas gráficas.

    from nn_core.widgets import comparison_panel
    comparison_panel({"eta": 0.1}, {"eta": 3.0}, epochs=5)     # carga MNIST si no se le da
"""

import html
import time

import ipywidgets as w

from .. import plots
from ..formatting import num
from ..training import History
from .common import _png, default_data, figure_width
from .config import (ACTIVATIONS, COSTS, DEFAULTS, INITS, LABELS, build_network, describe_config,
                     n_batches, validate_config)
from .runner import CURVES_FIGSIZE, _curves_figure, _empty_curves, _TrainingRunner, nn_sgd


class ComparisonPanel(_TrainingRunner):
    """Dos configuraciones entrenadas una tras otra y dibujadas en las mismas gráficas.

    ``configs``: {nombre: configuración validada}. Tras entrenar: ``histories`` y ``networks``
    ({nombre: History}, {nombre: Network}), ``live`` ({nombre: medidas de validación durante
    las épocas}), ``message``, ``error``. Una configuración que acaba cerca del azar se marca
    en naranja, con una pista.
    """

    description = "Panel de comparación de dos configuraciones"

    def __init__(self, config_a, config_b, data=None, labels=None, background=None, **common):
        self.data = data if data is not None else default_data()
        if not (hasattr(self.data, "training") and hasattr(self.data, "validation")):
            raise TypeError("'data' debe ser el resultado de nc.load_mnist() (o None para cargarlo); "
                            f"se recibió {type(self.data).__name__}.")
        n_available = len(self.data.training)
        configs = []
        for cfg in (config_a, config_b):
            if not isinstance(cfg, dict):
                raise TypeError(
                    f"Cada configuración debe ser un diccionario, p. ej. {{'eta': 0.1}}; se recibió {type(cfg).__name__}."
                )
            full = dict(DEFAULTS)
            full["n_train"] = min(full["n_train"], n_available)
            full.update(common)
            full.update(cfg)
            if "mini_batch_size" not in common and "mini_batch_size" not in cfg \
                    and isinstance(full["n_train"], int) and 1 <= full["n_train"] < full["mini_batch_size"]:
                full["mini_batch_size"] = full["n_train"]
            configs.append(validate_config(full, n_available))
        if labels is None:
            labels = self._auto_labels(configs)
        if isinstance(labels, str) or len(labels) != 2 or labels[0] == labels[1]:
            raise ValueError("'labels' debe tener dos nombres distintos, uno por configuración.")
        self.configs = dict(zip([str(x) for x in labels], configs))
        self.histories = {}
        self.networks = {}
        self.live = {}
        self._init_runner(background)
        self.train_button.description = "Entrenar las dos"
        self.curves = w.Image(format="png", layout=w.Layout(width=figure_width(CURVES_FIGSIZE),
                                                            max_width="100%", height="auto"))
        self.curves.add_class("nn-curves")
        self._draw({})
        rows = "".join(f"<li><b>{html.escape(name)}</b>: {html.escape(describe_config(c))}</li>"
                       for name, c in self.configs.items())
        header = w.HTML(f"<b>Comparar dos configuraciones</b><ul style='margin:2px 0'>{rows}</ul>")
        self.widget = w.VBox([header, w.HBox([self.train_button, self.stop_button]),
                              w.HBox([self.progress, self.progress_label]), self.status, self.curves])
        self.widget.add_class("nn-comparison-panel")
        self._set_message("Listo. Pulsa «Entrenar las dos».")

    @staticmethod
    def _auto_labels(configs):
        keys = [k for k in DEFAULTS if configs[0][k] != configs[1][k]]
        if not keys:
            return ["A", "B"]
        names = {k: dict((v, label) for label, v in options)
                 for k, options in (("activation", ACTIVATIONS), ("cost", COSTS), ("init", INITS))}
        labels = []
        for cfg in configs:
            parts = []
            for k in keys:
                v = cfg[k]
                if k == "hidden":
                    v = str([784, *v, 10])
                elif k in names:
                    v = names[k].get(v, v)
                elif k in ("eta", "lmbda"):
                    v = num(float(f"{v:g}"))
                else:
                    v = num(v)
                parts.append(f"{LABELS[k]} = {v}")
            labels.append(", ".join(parts))
        return labels

    def train(self, blocking=None):
        """Entrena las dos configuraciones (en segundo plano dentro de un núcleo; véase
        ``TrainingPanel.train``). Si ya hay un entrenamiento en marcha, no hace nada."""
        if not self._acquire():
            return None
        self.error = None
        self._start(self._run, blocking)
        return self.histories if not self.running else None

    def _run(self):
        self.histories = {}
        self.networks = {}
        self.live = {}
        self._last_progress = None
        totals = {name: c["epochs"] * n_batches(c) for name, c in self.configs.items()}
        total = sum(totals.values())
        offset = 0
        start = time.perf_counter()
        self._draw({}, text="Entrenando…")
        for name, cfg in self.configs.items():
            self._set_message(f"Entrenando «{name}»: {describe_config(cfg)}…", "busy")
            network, rng, training = build_network(cfg, self.data)
            self.networks[name] = network
            evaluation = self.data.validation if len(self.data.validation) else None
            history = History()
            self.histories[name] = history
            self.live[name] = self._new_live()

            def draw(_history):
                self._draw(self.histories)

            callback = self._progress_callback(offset, total, draw, label_prefix=f"{name}: ",
                                               live=self.live[name], evaluation=evaluation)
            try:
                nn_sgd(network, training, cfg, rng, evaluation, callback,
                       self._callback_every(n_batches(cfg)), self._stop_event.is_set, history=history)
            except BaseException:
                self._draw(self.histories)
                raise
            offset += totals[name]
            if history.stopped_early:
                break
        self._draw(self.histories)
        stopped = any(h.stopped_early for h in self.histories.values())
        parts, failing = [], []
        for name, h in self.histories.items():
            if h.epochs:
                parts.append(f"{name}: {self._final_accuracy_text(h)}")
                if self._near_chance(h):
                    failing.append(name)
        prefix = "Detenido; " if stopped else ""
        text = f"{prefix}{' · '.join(parts)} ({num(time.perf_counter() - start, 1)} s)"
        if failing:
            which = " y ".join(f"«{n}»" for n in failing)
            text += f"\nCon {which}: {self.NOT_LEARNING_HINT[0].lower()}{self.NOT_LEARNING_HINT[1:]}"
            self._set_message(text, "warning")
            self.progress.bar_style = "warning"
        else:
            self._set_message(text, "ok")
            self.progress.bar_style = "warning" if stopped else "success"

    def _draw(self, histories, text="Pulsa «Entrenar las dos»"):
        shown = {k: h for k, h in histories.items() if h.epochs or len(self.live.get(k, {}).get("epoch", []))}
        if shown:
            fig, axes = _curves_figure()
            plots.plot_comparison(shown, axes=axes, live=self.live,
                                  max_epoch=max(c["epochs"] for c in self.configs.values()))
        else:
            fig = _empty_curves(text)
        self.curves.value = _png(fig)


def comparison_panel(config_a, config_b, data=None, **common):
    """Crea un ``ComparisonPanel``: p. ej. ``comparison_panel({"eta": 0.1}, {"eta": 3.0}, epochs=5)``.

    ``config_a``, ``config_b``: los valores que cambian (claves de ``DEFAULTS``); ``common``: los
    compartidos, más ``labels=(nombre_a, nombre_b)`` y ``background`` opcionales. Los nombres
    por defecto salen de lo que difiere, p. ej. «η = 0,1» y «η = 3». ``data``: None = MNIST con
    el reparto del libro (cargado una sola vez).
    """
    return ComparisonPanel(config_a, config_b, data, **common)
