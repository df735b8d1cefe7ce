"""The ``telaah`` command line, above the library packages (see :mod:`cli.main`)."""
