"""El panel de comparación: dos configuraciones entrenadas y dibujadas en las mismas gráficas."""

import html
import math
import time

import ipywidgets as w

from .. import plots
from ..mnist import load_mnist
from .common import _png
from .config import DEFAULTS, LABELS, build_network, describe_config, validate_config
from .runner import _curves_figure, _TrainingRunner, nn_sgd


class ComparisonPanel(_TrainingRunner):
    """Dos configuraciones entrenadas una tras otra y dibujadas en las mismas gráficas.

    ``configs``: {nombre: configuración validada}. Tras entrenar: ``histories`` y ``networks``
    ({nombre: History}, {nombre: Network}), ``message``, ``error``.
    """

    description = "Panel de comparación de dos configuraciones"

    def __init__(self, config_a, config_b, data=None, labels=None, background=None, **common):
        self.data = data if data is not None else load_mnist()
        n_available = len(self.data.training)
        configs = []
        for cfg in (config_a, config_b):
            if not isinstance(cfg, dict):
                raise TypeError(
                    f"Cada configuración debe ser un diccionario, p. ej. {{'eta': 0.1}}; se recibió {cfg!r}."
                )
            full = dict(DEFAULTS)
            full["n_train"] = min(full["n_train"], n_available)
            full.update(common)
            full.update(cfg)
            configs.append(validate_config(full, n_available))
        if labels is None:
            labels = self._auto_labels(configs, (config_a, config_b))
        if len(labels) != 2 or labels[0] == labels[1]:
            raise ValueError("'labels' debe tener dos nombres distintos, uno por configuración.")
        self.configs = dict(zip(labels, configs))
        self.histories = {}
        self.networks = {}
        self._last_progress = None
        self._init_runner(background)
        self.train_button.description = "Entrenar las dos"
        self.curves = w.Image(format="png", layout=w.Layout(max_width="100%"))
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
    def _auto_labels(configs, given):
        keys = [k for k in DEFAULTS if configs[0][k] != configs[1][k]]
        if not keys:
            return ["A", "B"]
        labels = []
        for cfg in configs:
            parts = []
            for k in keys:
                v = cfg[k]
                if k == "hidden":
                    v = str([784, *v, 10])
                elif k == "eta":
                    v = f"{v:g}"
                parts.append(f"{LABELS[k]} = {v}")
            labels.append(", ".join(parts))
        return labels

    def train(self, blocking=None):
        """Entrena las dos configuraciones (en segundo plano dentro de un núcleo; véase ``TrainingPanel.train``)."""
        if self.running:
            self._set_message("Ya hay un entrenamiento en marcha: espera o pulsa «Detener».", "error")
            return None
        self.error = None
        self._start(self._run, blocking)
        return self.histories if not self.running else None

    def _run(self):
        self.histories = {}
        self.networks = {}
        self.progress.bar_style = "info"
        totals = {name: c["epochs"] * math.ceil(c["n_train"] / c["mini_batch_size"])
                  for name, c in self.configs.items()}
        total = sum(totals.values())
        offset = 0
        start = time.perf_counter()
        for name, cfg in self.configs.items():
            self._set_message(f"Entrenando «{name}»: {describe_config(cfg)}…", "busy")
            network, rng, training = build_network(cfg, self.data)
            self.networks[name] = network
            evaluation = self.data.validation if len(self.data.validation) else None
            n_batches = math.ceil(cfg["n_train"] / cfg["mini_batch_size"])

            def draw(history, name=name):
                self._draw({**self.histories, name: history})

            callback = self._progress_callback(offset, total, draw, label_prefix=f"{name}: ")
            try:
                history = nn_sgd(network, training, cfg, rng, evaluation, callback,
                                 max(1, n_batches // 20), self._stop_event.is_set)
            except Exception:
                if self._last_progress is not None and self._last_progress.history.epochs:
                    self.histories[name] = self._last_progress.history
                    self._draw(self.histories)
                raise
            self.histories[name] = history
            offset += totals[name]
            if history.stopped_early:
                break
        self._draw(self.histories)
        stopped = any(h.stopped_early for h in self.histories.values())
        parts = []
        for name, h in self.histories.items():
            if h.evaluation_accuracy:
                parts.append(f"{name}: {100 * h.evaluation_accuracy[-1]:.2f} % en validación")
        prefix = "Detenido; " if stopped else ""
        self._set_message(f"{prefix}{' · '.join(parts)} ({time.perf_counter() - start:.1f} s)", "ok")
        self.progress.bar_style = "warning" if stopped else "success"

    def _draw(self, histories):
        fig, axes = _curves_figure()
        shown = {k: h for k, h in histories.items() if h.epochs}
        if shown:
            plots.plot_comparison(shown, axes=axes)
        else:
            plots._decorate_curves(axes[0], axes[1], [])
            for ax in axes:
                ax.text(0.5, 0.5, "Pulsa «Entrenar las dos»", ha="center", va="center",
                        transform=ax.transAxes, color="gray")
        self.curves.value = _png(fig)


def comparison_panel(config_a, config_b, data=None, **common):
    """Crea un ``ComparisonPanel``: p. ej. ``comparison_panel({"eta": 0.1}, {"eta": 3.0}, epochs=5)``.

    ``config_a``, ``config_b``: los valores que cambian (claves de ``DEFAULTS``); ``common``: los
    compartidos, más ``labels=(nombre_a, nombre_b)`` y ``background`` opcionales. Los nombres
    por defecto salen de lo que difiere, p. ej. «η = 0.1» y «η = 3».
    """
    return ComparisonPanel(config_a, config_b, data, **common)
