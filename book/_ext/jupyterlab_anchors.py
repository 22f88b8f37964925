"""Anclas de los títulos como las de JupyterLab, para que un mismo enlace funcione en los dos sitios.

JupyterLab da a cada título el id de su texto con los espacios cambiados por guiones
(«6. Ejercicios» → ``6.-Ejercicios``); los cuadernos enlazan así (``00_….ipynb#Ejercicios``).
MyST, por defecto, pasaría el texto a minúsculas y quitaría los signos, y esos enlaces se romperían
en el libro HTML.
"""


def slug(text):
    """El id que JupyterLab da a un título con texto ``text``."""
    return text.strip().replace(" ", "-")


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
