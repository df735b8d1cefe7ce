"""Tools that run from a clone, not parts of the library: the sample PDFs (``synthetic``,
drawn with reportlab, the ``demo`` extra), the demo's codings (``demo``) and the scoring of
extraction against known text (``evaluate``). The wheel leaves this folder out; run them
from the clone's root, e.g. ``python -m tools.synthetic sample/``."""
