"""The Russian gazetteer: every case of a name, compound adjectives, blocs and traps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from app.extract.countries import find_countries, gazetteer, resolve_country

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_ru", ROOT / "scripts" / "gen_ru_countries.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_tables_are_current() -> None:
    gen = _generator()
    assert gen.COUNTRIES.read_text(encoding="utf-8") == gen.render_countries()
    assert gen.FORMS.read_text(encoding="utf-8") == gen.render_forms(), (
        "run python scripts/gen_ru_countries.py"
    )


def test_the_gazetteer_has_no_conflicts() -> None:
    assert gazetteer("ru").conflicts == ()


CASES = [
    ("Товарооборот между Россией и Казахстаном вырос.", ["RUS", "KAZ"]),
    ("товарооборот России с Китаем", ["RUS", "CHN"]),
    ("экспорт из Узбекистана в Киргизию", ["UZB", "KGZ"]),
    ("поставки в Кыргызстан, Таджикистан и Туркмению", ["KGZ", "TJK", "TKM"]),
    ("российско-китайский товарооборот", ["RUS", "CHN"]),
    ("казахстанско-российских отношений", ["KAZ", "RUS"]),
    ("ирано-российская торговля", ["IRN", "RUS"]),
    ("Российско-узбекская комиссия", ["RUS", "UZB"]),
    ("с Российской Федерацией и Республикой Беларусь", ["RUS", "BLR"]),
    ("Соединённых Штатов Америки и Объединенных Арабских Эмиратов", ["USA", "ARE"]),
    ("РФ, КНР, США, ОАЭ", ["RUS", "CHN", "USA", "ARE"]),
    ("с Поднебесной", ["CHN"]),
    ("Москва и Пекин договорились", ["RUS", "CHN"]),
    ("в Нур-Султане и Абу-Даби", ["KAZ", "ARE"]),
    ("ТОВАРООБОРОТ РОССИИ И ТУРЦИИ", ["RUS", "TUR"]),
    ("Казахстанские компании", ["KAZ"]),
    ("с Республикой Корея и КНДР", ["KOR", "PRK"]),
    # blocs and regions are no country, and hold none
    ("со странами ЕАЭС и Евразийского экономического союза", []),
    ("в Центральной Азии и Синьцзян-Уйгурском автономном районе", []),
    # "Того" opening a sentence is the pronoun
    ("Того же мнения придерживаются эксперты.", []),
    # case as written: the lower-case word is no name
    ("россия", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_find_countries_in_russian(text: str, expected: list[str]) -> None:
    assert [m.iso3 for m in find_countries(text, "ru")] == expected


def test_a_mention_keeps_its_span_and_surface() -> None:
    text = "Экспорт в Казахстан"
    (m,) = find_countries(text, "ru")
    assert text[m.span.start : m.span.end] == m.surface == "Казахстан"


def test_russian_names_resolve_as_api_values() -> None:
    assert resolve_country("Казахстан") == "KAZ"
    assert resolve_country("российская федерация") == "RUS"
    assert resolve_country("Kazakhstan") == "KAZ"


def test_english_text_is_read_with_the_english_gazetteer() -> None:
    assert [m.iso3 for m in find_countries("Trade between Россия and China")] == ["CHN"]
