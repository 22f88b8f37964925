"""Las gráficas de nn_core.plots: los datos que hay detrás de cada figura."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nn_core as nc  # noqa: E402
from nn_core import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def small():
    """Una red entrenada un poco y 400 ejemplos de prueba."""
    d = nc.load_mnist()
    rng = np.random.default_rng(1)
    net = nc.Network([784, 20, 10], rng)
    nc.sgd(net, d.training.subset(1000, rng), 2, 10, 3.0, rng)
    return net, d.test[:400]


def _history():
    return nc.History(epochs=[1, 2, 3], training_cost=[0.4, 0.3, 0.2],
                      training_accuracy=[0.5, 0.7, 0.8], evaluation_cost=[0.45, 0.35, 0.3],
                      evaluation_accuracy=[0.45, 0.65, 0.75], seconds=[1, 1, 1])


def test_confusion_matrix_counts_by_row_true_column_predicted():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 500)
    predictions = np.where(rng.random(500) < 0.7, labels, rng.integers(0, 10, 500))
    cm = plots.confusion_matrix(labels, predictions)
    expected = np.zeros((10, 10), dtype=int)
    for t, p in zip(labels, predictions):
        expected[t, p] += 1
    assert cm.shape == (10, 10) and np.issubdtype(cm.dtype, np.integer)
    np.testing.assert_array_equal(cm, expected)
    assert cm.sum() == 500 and np.trace(cm) == np.sum(labels == predictions)
    assert plots.confusion_matrix([3], [5])[3, 5] == 1


@pytest.mark.parametrize("labels, predictions", [([1, 2], [1]), ([1, 10], [1, 2]), ([-1], [0])])
def test_confusion_matrix_rejects_bad_input(labels, predictions):
    with pytest.raises(ValueError, match="deben|debe"):
        plots.confusion_matrix(np.array(labels), np.array(predictions))


def test_plot_confusion_matrix_writes_every_count():
    cm = plots.confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 2, 0]), n_classes=3)
    fig = plots.plot_confusion_matrix(cm)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == [str(v) for v in cm.ravel()]
    assert "4 de 6 aciertos" in ax.get_title()
    assert ax.get_xlabel() == "dígito predicho" and ax.get_ylabel() == "dígito verdadero"
    with pytest.raises(ValueError, match="cuadrada"):
        plots.plot_confusion_matrix(np.zeros((2, 3)))


def test_plot_digits_accepts_columns_and_marks_errors():
    d = nc.load_mnist().test[:12]
    predictions = d.labels.copy()
    predictions[3] = (predictions[3] + 1) % 10
    fig = plots.plot_digits(d.x, d.labels, predictions, ncols=6)
    axes = [ax for ax in fig.axes if ax.images]
    assert len(axes) == 12
    np.testing.assert_allclose(axes[5].images[0].get_array(), d.images()[5])
    assert axes[3].get_title() == f"{d.labels[3]} → {predictions[3]}"
    assert axes[3].title.get_color() == "tab:red"
    assert axes[0].get_title() == str(d.labels[0])
    with pytest.raises(ValueError, match="forma"):
        plots.plot_digits(np.zeros((5, 30)))
    with pytest.raises(ValueError, match="coincidir"):
        plots.plot_digits(d.x, d.labels[:3])


def test_plot_history_draws_the_history_values():
    h = _history()
    for source in (h, h.as_dict()):
        fig = plots.plot_history(source)
        ax_cost, ax_acc = fig.axes
        lines = {ln.get_label(): ln for ln in ax_cost.lines if not ln.get_label().startswith("_")}
        np.testing.assert_allclose(lines["entrenamiento"].get_ydata(), h.training_cost)
        np.testing.assert_allclose(lines["validación"].get_ydata(), h.evaluation_cost)
        acc = {ln.get_label(): ln for ln in ax_acc.lines if not ln.get_label().startswith("_")}
        np.testing.assert_allclose(acc["validación"].get_ydata(), 100 * np.array(h.evaluation_accuracy))
        np.testing.assert_allclose(acc["entrenamiento"].get_xdata(), h.epochs)
        assert ax_acc.get_ylabel() == "exactitud (%)" and ax_cost.get_title() == "Coste"
        assert ax_acc.get_title() == "Exactitud" and ax_acc.get_ylim() == (0, 100)
    with pytest.raises(TypeError, match="History"):
        plots.plot_history([1, 2, 3])


def test_plot_history_without_evaluation_draws_only_training():
    h = nc.History(epochs=[1], training_cost=[0.3], training_accuracy=[0.6])
    fig = plots.plot_history(h)
    assert [ln.get_label() for ln in fig.axes[0].lines] == ["entrenamiento"]


def test_plot_comparison_has_one_pair_of_curves_per_configuration():
    h1, h2 = _history(), _history()
    h2.evaluation_accuracy = [0.2, 0.3, 0.4]
    fig = plots.plot_comparison({"η = 0.1": h1, "η = 3": h2})
    ax_cost, ax_acc = fig.axes
    lines = [ln for ln in ax_acc.lines if not ln.get_label().startswith("_")]
    labels = [ln.get_label() for ln in lines]
    assert labels == ["η = 0.1 (validación)", "η = 0.1 (entrenamiento)",
                      "η = 3 (validación)", "η = 3 (entrenamiento)"]
    np.testing.assert_allclose(lines[2].get_ydata(), [20, 30, 40])
    with pytest.raises(TypeError):
        plots.plot_comparison([h1, h2])


def test_plot_output_activations_bars_and_colors():
    a = np.array([0.1, 0.05, 0.9, 0.2, 0, 0, 0, 0.6, 0, 0]).reshape(10, 1)
    fig = plots.plot_output_activations(a, label=7)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, a.ravel())
    assert ax.patches[2].get_facecolor() == matplotlib.colors.to_rgba("tab:red")
    assert ax.patches[7].get_facecolor() == matplotlib.colors.to_rgba("tab:green")
    assert "predice 2" in ax.get_title() and "es un 7" in ax.get_title()


def test_neuron_output_and_gates():
    x1, x2 = plots.GATE_INPUTS.T
    out = plots.neuron_output(20, 20, -30, x1, x2)
    np.testing.assert_allclose(out, 1 / (1 + np.exp(-(20 * x1 + 20 * x2 - 30))))
    assert plots.neuron_gates(20, 20, -30) == {"AND": True, "OR": False, "XOR": False}
    assert plots.neuron_gates(20, 20, -10) == {"AND": False, "OR": True, "XOR": False}
    assert plots.neuron_gates(1, 1, -1.5, "step") == {"AND": True, "OR": False, "XOR": False}
    np.testing.assert_allclose(plots.neuron_output(1, -1, 0, x1, x2, "relu"), [0, 0, 1, 0])
    # Ninguna neurona sola hace XOR: se prueba una rejilla de pesos.
    for w1 in (-10, -3, 3, 10):
        for w2 in (-10, -3, 3, 10):
            for b in (-15, -5, 0, 5, 15):
                assert not plots.neuron_gates(w1, w2, b)["XOR"]
    with pytest.raises(ValueError, match="Activación desconocida"):
        plots.neuron_output(1, 1, 0, x1, x2, "tanh")


def test_plot_neuron_image_is_the_neuron_output():
    fig = plots.plot_neuron(3, -2, 0.5, extent=(-0.5, 1.5), resolution=41)
    ax = fig.axes[0]
    grid = np.linspace(-0.5, 1.5, 41)
    g1, g2 = np.meshgrid(grid, grid)
    np.testing.assert_allclose(ax.images[0].get_array(), plots.neuron_output(3, -2, 0.5, g1, g2))
    assert "sigmoide(3·x₁ − 2·x₂ + 0,5)" in ax.get_title()
    assert "AND ✘" in ax.get_title()
    assert len(ax.collections) >= 4  # los cuatro puntos de las puertas (y la frontera)


def test_misclassified_are_the_errors_sorted_by_confidence(small):
    net, test = small
    a = net.feedforward(test.x)
    pred = np.argmax(a, axis=0)
    idx = plots.misclassified(net, test)
    assert set(idx.tolist()) == set(np.flatnonzero(pred != test.labels).tolist())
    conf = a[pred[idx], idx]
    assert np.all(np.diff(conf) <= 0)
    np.testing.assert_array_equal(plots.misclassified(net, test, limit=5), idx[:5])
    fig = plots.plot_misclassified(net, test, limit=7)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == min(7, len(idx))
    assert shown[0].get_title().startswith(f"{test.labels[idx[0]]} → {pred[idx[0]]}")
    # La activación sigmoide de la ganadora, tal cual (no es una probabilidad: nada de «%»).
    assert shown[0].get_title().endswith(f"a = {conf[0]:.2f}".replace(".", ","))
    assert not any("%" in ax.get_title() for ax in shown)


def test_pngs_are_valid_images():
    png = plots.digit_to_png(nc.load_mnist().test.x[:, 0], scale=2, color=(255, 0, 0))
    import io

    img = mpimg.imread(io.BytesIO(png), format="png")
    assert img.shape == (56, 56, 3)
    assert img[0, 0, 0] == 1.0 and img[0, 0, 1] == 0.0  # el marco rojo
    fig = plots.new_figure((2, 2), dpi=50)
    fig.subplots().plot([0, 1])
    data = plots.figure_to_png(fig)
    assert data.startswith(b"\x89PNG") and mpimg.imread(io.BytesIO(data)).shape[:2] == (100, 100)


def test_plot_digits_in_one_axes_is_a_mosaic():
    d = nc.load_mnist().test[:6]
    predictions = d.labels.copy()
    predictions[4] = (predictions[4] + 1) % 10
    fig, ax = plt.subplots()
    assert plots.plot_digits(d.x, d.labels, predictions, ncols=3, ax=ax) is fig
    mosaic = ax.images[0].get_array()
    assert mosaic.shape == (2 * (28 + 2 + 12), 3 * (28 + 2))
    # El dígito 4 (fila 1, columna 1) está en su casilla, bajo su título.
    np.testing.assert_allclose(mosaic[42 + 12:42 + 40, 30:58], d.images()[4])
    texts = [(t.get_text(), t.get_color()) for t in ax.texts]
    assert texts[4] == (f"{d.labels[4]} → {predictions[4]}", "tab:red")
    assert texts[0] == (str(d.labels[0]), "black")


# --------------------------------------------------------------------------- issue 15: ejes honestos

def _tick_texts(ax, which="y"):
    ax.figure.canvas.draw()
    axis = ax.yaxis if which == "y" else ax.xaxis
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_accuracy_axis_is_fixed_with_the_chance_line_and_legend_outside():
    dead = nc.History(epochs=[1, 2], training_cost=[0.45, 0.45], training_accuracy=[0.103, 0.1036],
                      evaluation_cost=[0.45, 0.45], evaluation_accuracy=[0.103, 0.1035])
    for fig in (plots.plot_history(dead), plots.plot_comparison({"a": dead, "b": _history()})):
        ax_cost, ax_acc = fig.axes
        assert ax_acc.get_ylim() == (0, 100)                       # nunca 10,30-10,36 %
        assert any(ln.get_label() == "_azar" and list(ln.get_ydata()) == [10, 10] for ln in ax_acc.lines)
        assert ax_cost.get_legend() is None and ax_acc.get_legend() is None
        assert len(fig.legends) == 1                               # una leyenda, fuera de los ejes
        fig.canvas.draw()
        legend_box = fig.legends[0].get_window_extent()
        for ax in (ax_cost, ax_acc):
            assert not legend_box.overlaps(ax.get_window_extent())
    zoom = plots.plot_history(_history(), accuracy_range=(40, 90))
    assert zoom.axes[1].get_ylim() == (40, 90)


def test_legend_outside_also_with_axes_given():
    fig, axes = plt.subplots(1, 2)
    plots.plot_history(_history(), axes=axes)
    legend = axes[1].get_legend()
    assert legend is not None
    fig.canvas.draw()
    assert legend.get_window_extent().x0 >= axes[1].get_window_extent().x1


def test_live_points_draw_the_validation_curve_within_epochs():
    live = {"epoch": [0.25, 0.5, 0.75, 1.0, 1.5, 2.0], "cost": [0.5, 0.45, 0.4, 0.35, 0.3, 0.25],
            "accuracy": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}
    h = nc.History(epochs=[1, 2], training_cost=[0.3, 0.2], training_accuracy=[0.55, 0.75],
                   evaluation_cost=[0.35, 0.25], evaluation_accuracy=[0.5, 0.7])
    fig = plots.plot_history(h, live=live, max_epoch=5)
    ax_acc = fig.axes[1]
    val = [ln for ln in ax_acc.lines if ln.get_label() == "validación"][0]
    np.testing.assert_allclose(val.get_xdata(), live["epoch"])
    np.testing.assert_allclose(val.get_ydata(), 100 * np.array(live["accuracy"]))
    assert ax_acc.get_xlim()[0] == 0 and ax_acc.get_xlim()[1] == pytest.approx(5.2)


def test_numbers_in_figures_are_spanish():
    fig = plots.plot_history(_history())
    cost_ticks = _tick_texts(fig.axes[0])
    assert any("," in t for t in cost_ticks) and not any("." in t for t in cost_ticks)
    cm = plots.confusion_matrix(np.array([0, 1, 1]), np.array([0, 1, 0]), n_classes=2)
    fig = plots.plot_confusion_matrix(cm)
    assert "66,67\u00a0%" in fig.axes[0].get_title()
    fig = plots.plot_neuron(1, 1, -0.5, resolution=11)
    assert "(1, 1) → 0,82" in [t.get_text().split("\n")[0] for t in fig.axes[0].texts]
    assert any("," in t for t in _tick_texts(fig.axes[0], "x"))
    assert any("," in t for t in _tick_texts(fig.axes[1]))          # la barra de color
    fig = plots.plot_output_activations(np.linspace(0, 0.9, 10))
    assert any("," in t for t in _tick_texts(fig.axes[0]))


def test_confusion_matrix_checks_its_size_before_allocating():
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError, match="TB"):
        plots.confusion_matrix(np.array([0]), np.array([0]), n_classes=10**6)
    assert time.perf_counter() - start < 0.5
    for bad in (0, -3, 2.5, "10", True):
        with pytest.raises(ValueError, match="n_classes"):
            plots.confusion_matrix(np.array([0]), np.array([0]), n_classes=bad)
