# Two commands for a newcomer: `make demo` and `make test`. Each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR := demo-corpus
DEMO_DB := demo.db
PORT ?= 8001
# Debian packages the tests drive: a real browser, OCR with Indonesian data, a spreadsheet
# program to open our CSV/XLSX, a word processor to make held-out PDFs from another
# producer, a terminal multiplexer for the interactive review.
APT_PACKAGES := chromium tesseract-ocr tesseract-ocr-ind libreoffice-calc-nogui \
	libreoffice-writer-nogui tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint format bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,demo]'
	touch $(STAMP)

system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	[ -e /usr/share/tesseract-ocr/5/tessdata/ind.traineddata ] || missing="$$missing tesseract-ocr-ind"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 \
	  || missing="$$missing libreoffice-writer-nogui"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/python -m tools.synthetic $(DEMO_DIR)
	$(BIN)/telaah ingest $(DEMO_DIR) --db $(DEMO_DB)
	$(BIN)/telaah codebook import --default --db $(DEMO_DB)
	$(BIN)/python -m tools.demo $(DEMO_DB)
	$(BIN)/telaah suggest --db $(DEMO_DB)
	$(BIN)/telaah agreement --db $(DEMO_DB)
	$(BIN)/telaah attr suggest --accept --coder demo --db $(DEMO_DB)
	$(BIN)/telaah synthesis --by election --db $(DEMO_DB)
	$(BIN)/telaah stats --db $(DEMO_DB)
	$(BIN)/telaah serve --db $(DEMO_DB) --port $(PORT)

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) $(DEMO_DB)* .pytest_cache
