"""Tests for app.extract.ru.amounts, the Russian grammar of figures.

The cases are sentences written for the project in the way Russian agency and ministry news
writes figures (read on real articles, none copied): a table of single figures, texts with no
figure at all, ranges, spans, the data tables of data/ru/ (each well formed, each row read as it
says), each rule firing on its own example, and odd input that must never raise.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pycountry
import pytest

from app.extract.ru.amounts import RULES, amounts, carried
from app.extract.types import Amount

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "app" / "extract" / "data" / "ru"

# --- one figure a sentence: (text, value, unit, approximation, surface) -----------------

CASES: list[tuple[str, float, str, str, str]] = [
    # currency signs and codes before the number
    ("Товарооборот достиг $26,5 млрд.", 26.5e9, "USD", "exact", "$26,5 млрд"),
    ("Экспорт составил $ 148,4 млн.", 148.4e6, "USD", "exact", "$ 148,4 млн"),
    ("Импорт вырос до $71,55 млрд по итогам года", 71.55e9, "USD", "exact", "$71,55 млрд"),
    ("Сделка на US$1,2 млрд подписана", 1.2e9, "USD", "exact", "US$1,2 млрд"),
    ("Поставки оцениваются в €1,2 млрд", 1.2e9, "EUR", "about", "€1,2 млрд"),
    ("Кредит на USD 300 млн одобрен", 300e6, "USD", "exact", "USD 300 млн"),
    ("Экспорт — $5млрд за год", 5e9, "USD", "exact", "$5млрд"),
    ("Торговля дошла до $3 млрд 350 млн.", 3.35e9, "USD", "exact", "$3 млрд 350 млн"),
    ("Выручка составила $8,538 млрд.", 8.538e9, "USD", "exact", "$8,538 млрд"),
    ("Инвестиции превысили $2.5 млрд.", 2.5e9, "USD", "at_least", "$2.5 млрд"),
    ("Оборот составил $4,89 трлн.", 4.89e12, "USD", "exact", "$4,89 трлн"),
    ("Цена контракта — ¥3 трлн", 3e12, "JPY", "exact", "¥3 трлн"),
    # currency words after the number, in their cases
    ("Товарооборот составил 16 млрд долларов.", 16e9, "USD", "exact", "16 млрд долларов"),
    ("Экспорт достиг 3,6 миллиарда долларов.", 3.6e9, "USD", "exact", "3,6 миллиарда долларов"),
    (
        "Показатель вырос до 44 миллиардов долларов США.",
        44e9,
        "USD",
        "exact",
        "44 миллиардов долларов США",
    ),
    ("Объём равен 1 миллиарду долларов", 1e9, "USD", "exact", "1 миллиарду долларов"),
    ("Речь идёт о 5 миллиардах долларов", 5e9, "USD", "exact", "5 миллиардах долларов"),
    ("Торговля в 21 доллар за тонну", 21, "USD", "exact", "21 доллар"),
    ("Поставки на 59 млн. долларов", 59e6, "USD", "exact", "59 млн. долларов"),
    ("Экспорт — 2,3 млн долл.", 2.3e6, "USD", "exact", "2,3 млн долл."),
    ("Импорт — 2,3 млн долл. США в месяц", 2.3e6, "USD", "exact", "2,3 млн долл. США"),
    (
        "Закупки на 7 млрд американских долларов",
        7e9,
        "USD",
        "exact",
        "7 млрд американских долларов",
    ),
    ("Рынок на 4 млрд канадских долларов", 4e9, "CAD", "exact", "4 млрд канадских долларов"),
    ("Товарооборот составил 140 млрд рублей.", 140e9, "RUB", "exact", "140 млрд рублей"),
    ("Кредит в 105 млрд руб. выдан", 105e9, "RUB", "exact", "105 млрд руб."),
    ("Расчёты на 2 трлн российских рублей", 2e12, "RUB", "exact", "2 трлн российских рублей"),
    ("Экспорт на 5 млрд белорусских рублей", 5e9, "BYN", "exact", "5 млрд белорусских рублей"),
    ("Выручка — 480 млн ₽ за квартал", 480e6, "RUB", "exact", "480 млн ₽"),
    ("Бюджет составит 12 000 000 рублей", 12e6, "RUB", "exact", "12 000 000 рублей"),
    ("Цена — 1 234,5 долл. США", 1234.5, "USD", "exact", "1 234,5 долл. США"),
    ("Инвестиции — 300 млрд тенге.", 300e9, "KZT", "exact", "300 млрд тенге"),
    ("Торговля на 3 трлн сумов", 3e12, "UZS", "exact", "3 трлн сумов"),
    ("Поставки на 2 млрд сомов", 2e9, "KGS", "exact", "2 млрд сомов"),
    ("Импорт на 500 млн сомони", 500e6, "TJS", "exact", "500 млн сомони"),
    ("Кредит на 200 млн манатов", 200e6, "AZN", "exact", "200 млн манатов"),
    ("Товары на 100 млн туркменских манатов", 100e6, "TMT", "exact", "100 млн туркменских манатов"),
    ("Экспорт на 90 млрд драмов", 90e9, "AMD", "exact", "90 млрд драмов"),
    ("Товарооборот — 1,5 трлн юаней", 1.5e12, "CNY", "exact", "1,5 трлн юаней"),
    ("Сделка на 30 млн юаня", 30e6, "CNY", "exact", "30 млн юаня"),
    ("Контракт на 400 млн евро подписан", 400e6, "EUR", "exact", "400 млн евро"),
    ("Экспорт в 1,2 млрд лари", 1.2e9, "GEL", "exact", "1,2 млрд лари"),
    ("Закупки на 80 млрд рупий", 80e9, "INR", "exact", "80 млрд рупий"),
    ("Торговля на 60 млрд лир", 60e9, "TRY", "exact", "60 млрд лир"),
    ("Экспорт на 10 трлн риалов", 10e12, "IRR", "exact", "10 трлн риалов"),
    ("Инвестиции на 3 млрд дирхамов", 3e9, "AED", "exact", "3 млрд дирхамов"),
    ("Поставки на 900 млрд тугриков", 900e9, "MNT", "exact", "900 млрд тугриков"),
    ("Кредит в 50 млрд иен", 50e9, "JPY", "exact", "50 млрд иен"),
    ("Проект на 2 трлн вон", 2e12, "KRW", "exact", "2 трлн вон"),
    ("Инвестиции на 2 млрд фунтов стерлингов", 2e9, "GBP", "exact", "2 млрд фунтов стерлингов"),
    ("Контракт на 70 млн USD", 70e6, "USD", "exact", "70 млн USD"),
    # numbers in words
    ("Товарооборот составил два миллиарда долларов", 2e9, "USD", "exact", "два миллиарда долларов"),
    (
        "Экспорт превысил полтора миллиарда долларов",
        1.5e9,
        "USD",
        "at_least",
        "полтора миллиарда долларов",
    ),
    ("Поставки на полмиллиарда долларов", 5e8, "USD", "exact", "полмиллиарда долларов"),
    ("Поставки на пол-миллиона долларов", 5e5, "USD", "exact", "пол-миллиона долларов"),
    ("Цель — сто миллионов долларов", 100e6, "USD", "exact", "сто миллионов долларов"),
    ("Не хватает трёх миллиардов долларов", 3e9, "USD", "exact", "трёх миллиардов долларов"),
    ("Не хватает трех миллиардов долларов", 3e9, "USD", "exact", "трех миллиардов долларов"),
    ("Около полутора миллиардов рублей", 1.5e9, "RUB", "about", "полутора миллиардов рублей"),
    (
        "Кредит в два с половиной миллиарда долларов",
        2.5e9,
        "USD",
        "exact",
        "два с половиной миллиарда долларов",
    ),
    (
        "Сумма — сто двадцать пять миллионов евро",
        125e6,
        "EUR",
        "exact",
        "сто двадцать пять миллионов евро",
    ),
    ("Проект стоит миллиард долларов", 1e9, "USD", "exact", "миллиард долларов"),
    ("Инвестиции составили более миллиарда долларов", 1e9, "USD", "at_least", "миллиарда долларов"),
    ("Пять тысяч долларов за тонну", 5000, "USD", "exact", "Пять тысяч долларов"),
    (
        "Составил два миллиарда триста миллионов долларов",
        2.3e9,
        "USD",
        "exact",
        "два миллиарда триста миллионов долларов",
    ),
    (
        "Это два миллиарда 300 миллионов долларов",
        2.3e9,
        "USD",
        "exact",
        "два миллиарда 300 миллионов долларов",
    ),
    ("Из них пять 5 млрд долларов", 5e9, "USD", "exact", "5 млрд долларов"),
    # compound figures
    (
        "Экспорт составил 447 млн 763 тыс. долларов, сказал он",
        447.763e6,
        "USD",
        "exact",
        "447 млн 763 тыс. долларов",
    ),
    (
        "Импорт — 1 млрд 451 млн 206 тыс. долларов.",
        1451206000,
        "USD",
        "exact",
        "1 млрд 451 млн 206 тыс. долларов",
    ),
    (
        "Товарооборот — 38 млрд 607,6 млн долларов.",
        38607.6e6,
        "USD",
        "exact",
        "38 млрд 607,6 млн долларов",
    ),
    # a currency in the editor's brackets
    (
        "«Цель — 30 миллиардов (долларов - ред.)», — сказал он",
        30e9,
        "USD",
        "exact",
        "30 миллиардов (долларов - ред.)",
    ),
    (
        "«Сейчас 28 (миллиардов долларов – ред.) с чем-то»",
        28e9,
        "USD",
        "at_least",
        "28 (миллиардов долларов – ред.)",
    ),
    # percentages and percentage points
    ("Товарооборот вырос на 12,3%.", 12.3, "percent", "exact", "12,3%"),
    ("Товарооборот вырос на 12,3 %.", 12.3, "percent", "exact", "12,3 %"),
    ("Экспорт вырос на 22 процента.", 22, "percent", "exact", "22 процента"),
    ("Импорт вырос на 18 процентов.", 18, "percent", "exact", "18 процентов"),
    ("Рост на 1 процент", 1, "percent", "exact", "1 процент"),
    ("Торговля выросла на 37,7 проц.", 37.7, "percent", "exact", "37,7 проц."),
    ("Рост составил двадцать пять процентов", 25, "percent", "exact", "двадцать пять процентов"),
    ("Экспорт (+30,6%) вырос", 30.6, "percent", "exact", "+30,6%"),
    ("Импорт (-6,4%) упал", -6.4, "percent", "exact", "-6,4%"),
    ("Динамика ВВП: минус 2,1%", -2.1, "percent", "exact", "минус 2,1%"),
    ("Рост: плюс 34,9% за год", 34.9, "percent", "exact", "плюс 34,9%"),
    ("Доля выросла на 2 п.п.", 2, "percentage_points", "exact", "2 п.п."),
    ("Доля выросла на 0,68 п. п. за год", 0.68, "percentage_points", "exact", "0,68 п. п."),
    ("Доля выросла на 3 процентных пункта", 3, "percentage_points", "exact", "3 процентных пункта"),
    (
        "Ставка снижена на 50 базисных пунктов",
        0.5,
        "percentage_points",
        "exact",
        "50 базисных пунктов",
    ),
    # approximations before the figure
    ("Товарооборот составил около $62,54 млрд", 62.54e9, "USD", "about", "$62,54 млрд"),
    ("Торговля достигла порядка 3,1 млрд долларов", 3.1e9, "USD", "about", "3,1 млрд долларов"),
    ("Оборот составил примерно 5 млрд долларов", 5e9, "USD", "about", "5 млрд долларов"),
    ("Оборот составил приблизительно 5 млрд долларов", 5e9, "USD", "about", "5 млрд долларов"),
    ("Он составил почти $610 млрд", 610e9, "USD", "about", "$610 млрд"),
    ("Он составил почти что $610 млрд", 610e9, "USD", "about", "$610 млрд"),
    ("Экспорт составил чуть меньше $3 млрд", 3e9, "USD", "about", "$3 млрд"),
    ("Экспорт составил чуть менее 3 млрд долларов", 3e9, "USD", "about", "3 млрд долларов"),
    ("Товарооборот вырос почти на 56%", 56, "percent", "about", "56%"),
    ("Торговля выросла практически на 30 процентов", 30, "percent", "about", "30 процентов"),
    ("Товарооборот приближается к $30 млрд", 30e9, "USD", "about", "$30 млрд"),
    ("Оборот приближается к отметке в $30 млрд", 30e9, "USD", "about", "$30 млрд"),
    ("Объём составит более $50 млрд", 50e9, "USD", "at_least", "$50 млрд"),
    ("Инвестиции — свыше $50 млрд", 50e9, "USD", "at_least", "$50 млрд"),
    (
        "Товарооборот превышает 28 миллиардов долларов",
        28e9,
        "USD",
        "at_least",
        "28 миллиардов долларов",
    ),
    ("Товарооборот превысил 1 миллиард долларов", 1e9, "USD", "at_least", "1 миллиард долларов"),
    ("Торговля может превысить 2 млрд долларов", 2e9, "USD", "at_least", "2 млрд долларов"),
    ("Торговля превысила отметку в $5 млрд", 5e9, "USD", "at_least", "$5 млрд"),
    ("Сейчас он составляет более 5млрд долларов", 5e9, "USD", "at_least", "5млрд долларов"),
    ("Объём — не менее 34,6 млн долларов", 34.6e6, "USD", "at_least", "34,6 млн долларов"),
    ("Нужно как минимум $10 млрд", 10e9, "USD", "at_least", "$10 млрд"),
    ("Нужно по меньшей мере $10 млрд", 10e9, "USD", "at_least", "$10 млрд"),
    ("Он вырос более чем на 10%", 10, "percent", "at_least", "10%"),
    ("Она снизилась более, чем на 20%", 20, "percent", "at_least", "20%"),
    ("Экспорт вырос чуть более $6 млрд", 6e9, "USD", "at_least", "$6 млрд"),
    (
        "Поставки составили до более чем 139 миллионов долларов",
        139e6,
        "USD",
        "at_least",
        "139 миллионов долларов",
    ),
    ("Сальдо составило менее $1 млрд", 1e9, "USD", "at_most", "$1 млрд"),
    ("Сальдо составило меньше $1 млрд", 1e9, "USD", "at_most", "$1 млрд"),
    ("Дефицит — не более 2 млрд рублей", 2e9, "RUB", "at_most", "2 млрд рублей"),
    ("Дефицит не превышает 2 млрд рублей", 2e9, "RUB", "at_most", "2 млрд рублей"),
    ("Торговля (около 5%) выросла", 5, "percent", "about", "5%"),
    # approximations after the figure
    ("«Это $54 млрд примерно», — сказал он", 54e9, "USD", "about", "$54 млрд"),
    ("Экспорт — 5 млрд долларов с лишним", 5e9, "USD", "at_least", "5 млрд долларов"),
    # what is no approximation
    ("Товарооборот вырастет до $30 млрд к 2030 году", 30e9, "USD", "exact", "$30 млрд"),
    ("Экспорт превысил на 10% прошлогодний", 10, "percent", "exact", "10%"),
    ("Составил 5 млрд долларов примерно в тот же срок", 5e9, "USD", "exact", "5 млрд долларов"),
    # numbers near years and counts
    ("В 2023 году 15 млрд долларов пришлись на экспорт", 15e9, "USD", "exact", "15 млрд долларов"),
    ("В 2021–2022 годах рост составил 15%", 15, "percent", "exact", "15%"),
    ("Из 170 проектов на 5 млрд долларов", 5e9, "USD", "exact", "5 млрд долларов"),
    (
        "Импорт 1,419 млн тонн товаров на сумму $743,882 млн",
        743.882e6,
        "USD",
        "exact",
        "$743,882 млн",
    ),
]


def _params(rows: list[Any]) -> list[Any]:
    return [pytest.param(*row, id=row[0][:48]) for row in rows]


@pytest.mark.parametrize(("text", "value", "unit", "approximation", "surface"), _params(CASES))
def test_case(text: str, value: float, unit: str, approximation: str, surface: str) -> None:
    found = amounts(text)
    assert [a.surface for a in found] == [surface], found
    [a] = found
    assert math.isclose(a.value, value, rel_tol=1e-9), a
    assert (a.unit, a.approximation) == (unit, approximation), a
    assert a.kind == ("money" if unit not in ("percent", "percentage_points") else unit)


NEGATIVES = [
    "В 2023 году было реализовано 170 совместных проектов.",
    "Экспорт зерна составил 5 тыс. тонн.",
    "Поставки выросли до 2,5 тыс. тонн.",
    "Урожай — 3,653 млн тонн зерна.",
    "Соглашение подписано 15.05.2018 в Москве.",
    "Звоните по телефону +7 (495) 123-45-67 или 8 800 555 35 35.",
    "Товарооборот вырос в 2,7 раза.",
    "Экспорт вырос вдвое, импорт — втрое, а в два раза вырос транзит.",
    "Речь идёт о десятках миллиардов долларов.",
    "Инвестиции в десятки миллиардов долларов и сотни миллионов рублей.",
    "Миллионы долларов тратятся впустую.",
    "С 1 января 2024 года действуют новые правила.",
    "Курс доллара вырос, рубль ослаб.",
    "Население страны — 12 000 000 человек.",
    "Это было в 1998 году, когда рубль упал.",
    "Пункт 5 статьи 12 закона № 115-ФЗ.",
    "Весом 5 тонн, объёмом 12 кубометров.",
    "Соотношение сторон 16:9, разрешение 1920×1080.",
]


@pytest.mark.parametrize("text", NEGATIVES, ids=lambda t: t[:40])
def test_no_figure(text: str) -> None:
    assert amounts(text) == []


# --- several figures, spans, ranges -----------------------------------------------------

ARTICLE = (
    "Товарооборот России и Китая в январе - июле вырос в годовом исчислении на 36,5%, "
    "достигнув $134,1 млрд. Экспорт из Китая увеличился на 73,4% и составил около "
    "$62,54 млрд. Импорт вырос на 15,1%, до $71,55 млрд. В 2023 году 15 млрд долларов "
    "пришлись на энергоносители, а 5 тыс. тонн зерна ушли на экспорт на 3 млн долларов. "
    "Товарооборот должен составить от 5 до 6 млрд долларов, или 10-12% роста."
)


def test_an_article_reads_every_figure_in_order() -> None:
    got = [(a.surface, a.value, a.unit, a.approximation) for a in amounts(ARTICLE)]
    assert got == [
        ("36,5%", 36.5, "percent", "exact"),
        ("$134,1 млрд", 134.1e9, "USD", "exact"),
        ("73,4%", 73.4, "percent", "exact"),
        ("$62,54 млрд", 62.54e9, "USD", "about"),
        ("15,1%", 15.1, "percent", "exact"),
        ("$71,55 млрд", 71.55e9, "USD", "exact"),
        ("15 млрд долларов", 15e9, "USD", "exact"),
        ("3 млн долларов", 3e6, "USD", "exact"),
        ("от 5 до 6 млрд долларов", 5.5e9, "USD", "about"),
        ("10-12%", 11.0, "percent", "about"),
    ]


def _check_spans(text: str, found: list[Amount]) -> None:
    for a in found:
        assert a.surface == text[a.span.start : a.span.end]
        assert a.rule.startswith("ru_")
        if a.low is not None or a.high is not None:
            assert a.low is not None and a.high is not None and a.low < a.high
            assert math.isclose(a.value, (a.low + a.high) / 2)
            assert a.approximation == "about"
    for first, second in itertools.pairwise(found):
        assert first.span.end <= second.span.start


@pytest.mark.parametrize("text", [c[0] for c in CASES] + [ARTICLE], ids=lambda t: t[:40])
def test_spans_are_sorted_disjoint_and_true(text: str) -> None:
    _check_spans(text, amounts(text))


RANGES = [
    ("Оборот составит 5-6 млрд долларов", "5-6 млрд долларов", 5e9, 6e9, "USD"),
    ("Оборот составит 5–6 млрд долларов", "5–6 млрд долларов", 5e9, 6e9, "USD"),
    ("Оборот составит от 5 до 6 млрд долларов", "от 5 до 6 млрд долларов", 5e9, 6e9, "USD"),
    ("Товарооборот — порядка 16-18 млрд долларов", "16-18 млрд долларов", 16e9, 18e9, "USD"),
    ("Оборот достигнет $24-24,5 млрд", "$24-24,5 млрд", 24e9, 24.5e9, "USD"),
    ("Оборот — от $5 млрд до $6 млрд", "от $5 млрд до $6 млрд", 5e9, 6e9, "USD"),
    ("Оборот — от $5 до 6 млрд", "от $5 до 6 млрд", 5e9, 6e9, "USD"),
    ("Рост составит 10-12%", "10-12%", 10, 12, "percent"),
    ("Рост на 10-15%", "10-15%", 10, 15, "percent"),
    ("Инфляция составит от 18 до 23 процентов", "от 18 до 23 процентов", 18, 23, "percent"),
    ("Она снизится до 5-7 процентов", "5-7 процентов", 5, 7, "percent"),
    ("Оборот — пять-шесть миллиардов долларов", "пять-шесть миллиардов долларов", 5e9, 6e9, "USD"),
    ("Выручка составит 1,5-2 трлн рублей", "1,5-2 трлн рублей", 1.5e12, 2e12, "RUB"),
    ("Ставка снизится на 1-2 п.п.", "1-2 п.п.", 1, 2, "percentage_points"),
]


@pytest.mark.parametrize(("text", "surface", "low", "high", "unit"), _params(RANGES))
def test_ranges(text: str, surface: str, low: float, high: float, unit: str) -> None:
    [a] = amounts(text)
    assert (a.surface, a.unit, a.approximation) == (surface, unit, "about")
    assert a.low is not None and a.high is not None
    assert math.isclose(a.low, low) and math.isclose(a.high, high)
    assert math.isclose(a.value, (low + high) / 2)


def test_a_change_from_one_level_to_another_is_no_range() -> None:
    found = amounts("Товарооборот вырос с 5 до 6 млрд долларов, а доля — с 10% до 12%.")
    assert [(a.surface, a.low) for a in found] == [
        ("6 млрд долларов", None),
        ("10%", None),
        ("12%", None),
    ]


def test_a_year_never_joins_a_number() -> None:
    [a] = amounts("Рост в 2023 150 млн долларов")
    assert (a.surface, a.value) == ("150 млн долларов", 150e6)


def test_a_sentence_dot_is_not_a_scale_dot() -> None:
    text = "Экспорт составил $5 млн. Импорт — 3 млн. долларов."
    assert [a.surface for a in amounts(text)] == ["$5 млн", "3 млн. долларов"]


@pytest.mark.parametrize(
    ("text", "iso", "shared"),
    [
        ("5 млрд рублей", "RUB", True),  # Belarusian articles mean BYN: the engine decides
        ("5 млрд руб.", "RUB", True),
        ("5 млрд российских рублей", "RUB", False),
        ("5 млрд белорусских рублей", "BYN", False),
        ("5 млрд долларов", "USD", False),
        ("5 млрд долларов США", "USD", False),
        ("5 млрд манатов", "AZN", True),
        ("5 млрд азербайджанских манатов", "AZN", False),
        ("5 млрд рупий", "INR", True),
        ("5 млрд индийских рупий", "INR", False),
    ],
)
def test_shared_currency_words(text: str, iso: str, shared: bool) -> None:
    [a] = amounts(f"Объём составил {text} за год")
    assert (a.unit, a.shared) == (iso, shared)


def test_guarded_currency_words_need_a_scale_or_a_big_number() -> None:
    assert amounts("Он стоит 5 фунтов") == []
    assert [a.unit for a in amounts("Кредит на 5 млн фунтов")] == ["GBP"]
    assert amounts("Их 5 вон там") == []


# --- the data tables ----------------------------------------------------------------------


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


TABLES = {  # the columns, and those that make a row's key
    "currencies.tsv": (
        ("surface", "plural", "iso4217", "kind", "position", "guard", "shared"),
        ("surface", "position"),
    ),
    "number_words.tsv": (("word", "value", "kind", "attach", "alone"), ("word",)),
    "amounts_percent.tsv": (("surface", "kind", "factor", "attach"), ("surface",)),
    "amounts_approximations.tsv": (
        ("phrase", "approximation", "unless_after", "position"),
        ("phrase", "position"),
    ),
    "amounts_bridges.tsv": (("word", "after", "why"), ("word",)),
}
OPTIONAL = {"plural", "guard", "shared", "alone", "unless_after"}
ALLOWED = {
    "kind": {"symbol", "code", "word", "cardinal", "scale", "abbrev", "fraction", "plus_half"}
    | {"sign"}
    | {"percent", "percentage_points"},
    "position": {"before", "after", "both"},
    "guard": {"", "big", "scale"},
    "shared": {"", "yes"},
    "alone": {"", "yes"},
    "attach": {"space", "tight"},
    "approximation": {"about", "at_least", "at_most"},
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_are_well_formed(name: str) -> None:
    rows = read_tsv(name)
    assert rows
    columns, key = TABLES[name]
    assert tuple(rows[0]) == columns
    keys = [tuple(row[k] for k in key) for row in rows]
    assert len(keys) == len(set(keys)), f"{name}: a key twice"
    for row in rows:
        assert None not in row, f"{name}: extra cells in {row}"
        assert all(v is not None for v in row.values()), f"{name}: short row {row}"
        assert all(v for k, v in row.items() if k not in OPTIONAL), f"{name}: empty cell {row}"
        assert all(v == v.strip() for v in row.values()), f"{name}: stray space in {row}"
        for column, allowed in ALLOWED.items():
            if column in row:
                assert row[column] in allowed, f"{name}: {column}={row[column]!r}"


CURRENCY_ROWS = read_tsv("currencies.tsv")


@pytest.mark.parametrize("code", sorted({r["iso4217"] for r in CURRENCY_ROWS}))
def test_every_currency_code_is_iso4217(code: str) -> None:
    assert pycountry.currencies.get(alpha_3=code) is not None


def test_currency_table_has_no_conflicting_surfaces() -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in CURRENCY_ROWS:
        key = row["surface"].lower() if row["kind"] == "word" else row["surface"]
        for side in ("before", "after"):
            if row["position"] in (side, "both"):
                assert seen.setdefault((side, key), row["iso4217"]) == row["iso4217"], key


def currency_phrases() -> list[Any]:
    params = []
    for row in CURRENCY_ROWS:
        for surface in filter(None, (row["surface"], row["plural"])):
            glue = "" if row["kind"] == "symbol" else " "
            if row["position"] in ("before", "both"):
                text = f"{surface}{glue}25 млн"
                params.append(pytest.param(text, row["iso4217"], id=f"before:{surface}"))
            if row["position"] in ("after", "both"):
                text = f"25 млн{glue or ' '}{surface}"
                params.append(pytest.param(text, row["iso4217"], id=f"after:{surface}"))
    return params


@pytest.mark.parametrize(("text", "iso"), currency_phrases())
def test_every_currency_surface_resolves_to_its_code(text: str, iso: str) -> None:
    found = amounts(f"Сумма сделки — {text} в прошлом году.")
    assert [(a.unit, a.value, a.surface) for a in found] == [(iso, 25e6, text)]


def test_a_yo_surface_also_reads_with_ye() -> None:
    assert [a.value for a in amounts("Нужно трёх миллиардов долларов")] == [3e9]
    assert [a.value for a in amounts("Нужно трех миллиардов долларов")] == [3e9]


NUMBER_ROWS = read_tsv("number_words.tsv")


@pytest.mark.parametrize(
    "row", [r for r in NUMBER_ROWS if r["kind"] == "cardinal"], ids=lambda r: r["word"]
)
def test_every_cardinal_reads_its_value(row: dict[str, str]) -> None:
    [a] = amounts(f"Сумма — {row['word']} миллионов долларов.")
    assert math.isclose(a.value, float(row["value"]) * 1e6)


@pytest.mark.parametrize(
    "row", [r for r in NUMBER_ROWS if r["kind"] in ("scale", "abbrev")], ids=lambda r: r["word"]
)
def test_every_scale_reads_its_value(row: dict[str, str]) -> None:
    [a] = amounts(f"Сумма — 7 {row['word']} долларов.")
    assert math.isclose(a.value, 7 * float(row["value"]))
    alone = amounts(f"Сумма — {row['word']} долларов.")
    assert [x.value for x in alone] == ([float(row["value"])] if row["alone"] == "yes" else [])


@pytest.mark.parametrize("row", read_tsv("amounts_percent.tsv"), ids=lambda r: r["surface"])
def test_every_percent_surface_reads_its_kind(row: dict[str, str]) -> None:
    [a] = amounts(f"Показатель изменился на 5 {row['surface']} за год")
    assert (a.kind, a.surface) == (row["kind"], f"5 {row['surface']}")
    assert math.isclose(a.value, 5 * float(row["factor"]))


APPROX_ROWS = read_tsv("amounts_approximations.tsv")


@pytest.mark.parametrize(
    "row", [r for r in APPROX_ROWS if r["position"] == "before"], ids=lambda r: r["phrase"]
)
def test_every_phrase_before_a_figure_reads_its_approximation(row: dict[str, str]) -> None:
    [a] = amounts(f"По данным ведомства, {row['phrase']} $5 млрд.")
    assert a.approximation == row["approximation"]


@pytest.mark.parametrize(
    "row", [r for r in APPROX_ROWS if r["position"] == "after"], ids=lambda r: r["phrase"]
)
def test_every_phrase_after_a_figure_reads_its_approximation(row: dict[str, str]) -> None:
    [a] = amounts(f"По данным ведомства, это $5 млрд {row['phrase']}.")
    assert a.approximation == row["approximation"]


def bridge_cases() -> list[Any]:
    phrases = {r["phrase"]: r["approximation"] for r in APPROX_ROWS if r["position"] == "before"}
    params = []
    for row in read_tsv("amounts_bridges.tsv"):
        after = row["after"].split("|") if row["after"] != "*" else ["более"]
        for phrase in after:
            assert phrase in phrases, f"{row['word']}: {phrase!r} is no phrase"
            text = f"Показатель {phrase} {row['word']} 5%."
            params.append(pytest.param(text, phrases[phrase], id=f"{phrase} {row['word']}"))
    return params


@pytest.mark.parametrize(("text", "approximation"), bridge_cases())
def test_every_bridge_keeps_its_phrase(text: str, approximation: str) -> None:
    [a] = amounts(text)
    assert a.approximation == approximation


# --- the rules ----------------------------------------------------------------------------


GRAMMAR_RULES = [r for r in RULES if r.shows_in == "grammar"]  # carried is the engine's


@pytest.mark.parametrize("rule", GRAMMAR_RULES, ids=[r.id for r in GRAMMAR_RULES])
def test_rule_fires_on_its_example(rule: Any) -> None:
    assert rule.id.startswith("figure:ru_") and rule.language == "ru"
    assert rule.shows_in == "grammar"
    name = rule.id.split(":", 1)[1]
    assert name in {a.rule for a in amounts(rule.example)}


def test_rule_ids_are_unique_and_cover_every_rule_written() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    texts = [c[0] for c in CASES] + [r[0] for r in RANGES] + [ARTICLE]
    written = {f"figure:{a.rule}" for text in texts for a in amounts(text)}
    assert written <= set(ids), sorted(written - set(ids))


# --- odd input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "$",
        "$$$ %%% ₽₽",
        "USD USD 5",
        "от до - – — с половиной",
        "1" * 5000,
        "$" + "9" * 400 + " трлн",
        "«незакрытая кавычка $5 млрд",
        "\x00\ufffd $3\u200bмлрд 4\u00a0%",
        "-- -5 %% ++5%",
        "пол-пол-миллиарда долларов миллиардов миллиардов долларов",
        "1 000" * 500 + " долларов",
        "два " * 500 + "долларов",
        "(" * 500 + "долларов - ред.)",
        "İİİ 5 млрд долларов",
    ],
    ids=lambda t: repr(t[:20]),
)
def test_messy_input_never_raises(text: str) -> None:
    _check_spans(text, amounts(text))


FUZZ_TOKENS = [
    *("$", "US$", "€", "₽", "USD", "RUB", "%", "п.п.", "процентов", "проц.", "(", ")"),
    *("5", "1 234", "2,5", "0.5", "2023", "15.05.2018", "99999999999999999999", ".", ","),
    *("-", "–", "—", "до", "от", "с", "на", "в", "млрд", "млн.", "тыс.", "миллиардов"),
    *("миллиард", "полтора", "пол", "с половиной", "два", "сто", "двадцать", "пять"),
    *("долларов", "рублей", "белорусских рублей", "долл. США", "вон", "фунтов", "тенге"),
    *("около", "более", "не менее", "примерно", "с лишним", "ред.", "\u00a0", "\n"),
]


def test_random_token_soup_never_raises() -> None:
    rng = random.Random(2024)
    for _ in range(3000):
        joiner = rng.choice([" ", ""])
        text = joiner.join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 14)))
        _check_spans(text, amounts(text))


def test_it_never_loads_quantulum3() -> None:
    code = (
        "import sys\n"
        "from app.extract.ru.amounts import amounts\n"
        f"amounts({ARTICLE!r})\n"
        "print('quantulum3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_speed_on_an_article() -> None:
    text = (
        ARTICLE + " " + "Стороны обсудили сотрудничество в области образования и культуры. " * 30
    ) * 2
    assert 4000 <= len(text) <= 8000
    amounts(text)
    runs, best = 30, math.inf
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(runs):
            amounts(text)
        best = min(best, (time.perf_counter() - start) / runs)
    print(f"\nru amounts() on {len(text)} characters: {best * 1000:.2f} ms")
    assert best < 0.005


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Экспорт составил 4,4 миллиарда долларов, импорт – 1,8 миллиарда.", [(1.8e9, "exact")]),
        ("Поставки достигли $5 млрд, а импорт превысил 2 млрд, что больше.", [(2e9, "at_least")]),
        ("Экспорт – 4 млрд долларов, импорт – около двух миллиардов.", [(2e9, "about")]),
        # a scaled number with a unit after it is no money; nor one before the money figure
        ("Экспорт составил 4 млрд долларов, или 5 млн тонн.", []),
        ("Из 2 млрд, которые составил экспорт, 1 млрд долларов пришелся на нефть.", []),
    ],
)
def test_carried_currency(text: str, expected: list[tuple[float, str]]) -> None:
    found = amounts(text)
    extra = carried(text, found, "USD")
    assert [(a.value, a.approximation) for a in extra] == expected
    assert all(a.unit == "USD" and text[a.span.start : a.span.end] == a.surface for a in extra)
