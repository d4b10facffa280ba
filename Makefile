# Activation Lab — set-up, run, test, bench. Uses pip inside .venv (see README).
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
  BIN := $(VENV)/Scripts
else
  BIN := $(VENV)/bin
endif
PY := $(BIN)/python
# The bundle is built from its own venv without the test extra, so pytest & co. stay out of it.
PKG_VENV := .venv-package
PKG_BIN := $(subst $(VENV),$(PKG_VENV),$(BIN))
PKG_PY := $(PKG_BIN)/python

.PHONY: run test bench lint format clean package package-check translations screenshots

# Stamp files make a second `make run`/`make test` install nothing new unless pyproject changes.
$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) main.py

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(PKG_PY):
	$(PYTHON) -m venv $(PKG_VENV)

$(PKG_VENV)/.installed-package: pyproject.toml | $(PKG_PY)
	$(PKG_PY) -m pip install --quiet -e '.[package]'
	@touch $@

# One-folder bundle in dist/ActivationLab/ (see README, "Packaging").
package: $(PKG_VENV)/.installed-package
	$(PKG_PY) -m PyInstaller --noconfirm --clean --log-level WARN activation_lab.spec

# Build, run the frozen --self-test headless, print bundle_size_mb and frozen_self_test_s.
package-check: package
	QT_QPA_PLATFORM=offscreen $(PKG_PY) bench/package_check.py

clean:
	rm -rf $(VENV) $(PKG_VENV) build dist *.egg-info

# Refresh the translation source from the code and compile it (the .qm ships in the repository).
translations: $(VENV)/.installed-test
	$(BIN)/pyside6-lupdate main.py gui/*.py gui/labs/*.py engine/*.py \
		-ts resources/i18n/activation_lab_zh_CN.ts -no-obsolete -locations none
	$(BIN)/pyside6-lrelease resources/i18n/activation_lab_zh_CN.ts \
		-qm resources/i18n/activation_lab_zh_CN.qm

# Retake the README's 1366×768 screenshots: every panel and lesson mode, in zh_CN and en, each
# from fresh settings so nothing remembered (on this machine or by the shot before) leaks in.
SHOT_PANELS := explorer images labs-xor labs-depth labs-softmax labs-network guide
SHOT = conf=$$(mktemp -d); XDG_CONFIG_HOME=$$conf QT_QPA_PLATFORM=offscreen $(PY) main.py \
	--size 1366x768 --lang $$lang
screenshots: $(VENV)/.installed
	@set -e; for lang in zh_CN en; do \
	  for panel in $(SHOT_PANELS); do \
	    $(SHOT) --panel $$panel --screenshot docs/1366/$$panel-$$lang.png; rm -rf $$conf; \
	  done; \
	  $(SHOT) --lesson resources/lessons/$$lang/nonlinear_activations.json \
	    --screenshot docs/1366/lesson-$$lang.png; rm -rf $$conf; \
	done
