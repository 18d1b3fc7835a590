"""Russian publication dates: small pages written for these tests, each with the date a reader
gives it."""

from __future__ import annotations

from datetime import date

import pytest

from app.extract.ru.pubdate import find_publication_date

# (id, page text, expected date or None, expected surface or None)
CASES: list[tuple[str, str, date | None, str | None]] = [
    (
        "day-month-year",
        "Товарооборот вырос\n15 мая 2018\n\nМинистры встретились в Сочи.",
        date(2018, 5, 15),
        "15 мая 2018",
    ),
    (
        "day-month-year-goda",
        "Товарооборот вырос\n15 мая 2018 года\n\nМинистры встретились в Сочи.",
        date(2018, 5, 15),
        "15 мая 2018 года",
    ),
    (
        "dotted",
        "Товарооборот вырос\n15.05.2018\n\nМинистры встретились.",
        date(2018, 5, 15),
        "15.05.2018",
    ),
    (
        "dotted-with-time",
        "Товарооборот вырос\n15.05.2018 10:30\n\nМинистры встретились.",
        date(2018, 5, 15),
        "15.05.2018",
    ),
    (
        "iso-with-offset",
        "Ходжаев: торговля растет\n\n2025-12-03T11:47+0300\n\nСтороны обсудили поставки.",
        date(2025, 12, 3),
        "2025-12-03T11:47+0300",
    ),
    (
        "published-label",
        "Опубликовано: 3 декабря 2025\n\nТоварооборот вырос.",
        date(2025, 12, 3),
        "3 декабря 2025",
    ),
    (
        "abbreviated-month",
        "Новости рынка\n3 дек 2025\n\nТоварооборот вырос.",
        date(2025, 12, 3),
        "3 дек 2025",
    ),
    (
        "published-beats-updated",
        "Обновлено: 20.06.2018 09:10\nОпубликовано: 15.05.2018 08:00\n\nМинистры встретились.",
        date(2018, 5, 15),
        "15.05.2018",
    ),
    (
        "byline-with-time",
        "Лучшее за неделю\nИван Петров\n1 ноября 2022 г., 14:35\n\nТоварооборот вырос на 35%.",
        date(2022, 11, 1),
        "1 ноября 2022 г.",
    ),
    (
        "time-then-slashed-date",
        "Торговля растет\n\n16:31 22/04/2024\nПрезиденты обсудили коридор.",
        date(2024, 4, 22),
        "22/04/2024",
    ),
    (
        "comma-before-year",
        "Внешняя политика\n• 13 октября, 2025\n• 16:51\nВ Баку прошла встреча.",
        date(2025, 10, 13),
        "13 октября, 2025",
    ),
    (
        "author-line",
        "Торговля растет\nАвтор: Анна Смирнова, 9 марта 2024\n\nТекст статьи.",
        date(2024, 3, 9),
        "9 марта 2024",
    ),
    (
        "wire-dateline-prime-year-from-page",
        "Торговля растет\n\n2025-09-09T12:50+0300\n\nМОСКВА, 9 сен - ПРАЙМ. Товарооборот "
        "превышает 28 миллиардов долларов, заявил посол.",
        date(2025, 9, 9),
        "9 сен",
    ),
    (
        "wire-dateline-tass-year-after-period",
        "АСТАНА, 11 ноября. /ТАСС/. Товарооборот в 2023 году вырос на 5%, сообщил министр.",
        date(2024, 11, 11),
        "11 ноября",
    ),
    (
        "wire-dateline-no-year-anywhere",
        "АСТАНА, 11 ноября. /ТАСС/. Товарооборот приближается к $30 млрд в год.",
        None,
        None,
    ),
    (
        "wire-dateline-ria-year-after-period",
        "УЛАН-БАТОР, 14 июл — РИА Новости. Товарооборот в 2015 году превысил $1 млрд.",
        date(2016, 7, 14),
        "14 июл",
    ),
    (
        "wire-dateline-title-case-city",
        "Экспорт растет\nУлан-Батор, 9 августа /Синьхуа/ -- В январе-июле 2018 года оборот "
        "вырос на 26 процентов.",
        date(2018, 8, 9),
        "9 августа",
    ),
    (
        "wire-dateline-interfax",
        "Торговля падает\nМосква. 3 сентября. INTERFAX.RU - Торговля сократилась.\n"
        "Опубликовано 03.09.2020",
        date(2020, 9, 3),
        "03.09.2020",
    ),
    (
        "wire-dateline-with-year",
        "МОСКВА, 3 марта 2021 года. /ТАСС/. Россия и Китай договорились расширить торговлю.",
        date(2021, 3, 3),
        "3 марта 2021 года",
    ),
    (
        "header-weekday-then-dateline",
        "Четверг, 23 сентября 2021\nТоргово-экономические связи\n"
        "АСТАНА, 15 мая 2018 года (Казинформ) - Лидеры встретились.",
        date(2018, 5, 15),
        "15 мая 2018 года",
    ),
    (
        "lone-weekday-header-kept",
        "Воскресенье, 3 марта 2024\nПереговоры прошли\nСоглашение подписано 18 марта 2017 года.",
        date(2024, 3, 3),
        "Воскресенье, 3 марта 2024",
    ),
    (
        "body-event-date-only",
        "Переговоры прошли\nСоглашение было подписано в Москве после 18 марта 2017 года.",
        None,
        None,
    ),
    (
        "body-long-paragraph",
        "Переговоры прошли\n"
        + "Президенты долго обсуждали торговлю, энергетику и транспорт, а также гуманитарные "
        "связи. " * 3 + "Они вспомнили договор от 12 июня 2001 года.",
        None,
        None,
    ),
    ("no-date", "Товарооборот между странами вырос на 30% в 2017 году.", None, None),
    ("impossible-date", "Опубликовано: 31.02.2018\n\nТекст.", None, None),
    ("empty", "", None, None),
]


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_find_publication_date(text: str, expected: date | None, surface: str | None) -> None:
    found = find_publication_date(text)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.value, found.surface, found.source) == (expected, surface, "text")
    assert found.span is not None
    assert text[found.span.start : found.span.end] == found.surface


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("МОСКВА, 99 мая (x) -- 2018-99-99T99:99 00/00/0000", id="impossible"),
        pytest.param("\n" * 1000 + "Автор", id="blank-lines"),
        pytest.param("Опубликовано: " * 500, id="labels-without-dates"),
        pytest.param("МОСКВА, " + "1 мая " * 2000, id="many-candidates"),
        pytest.param("\x00\ufffd\r\n15 мая 1900\r\n29.02.2019", id="noise-and-out-of-range"),
        pytest.param("МОСКВА, 29 фев - ПРАЙМ. В 2022 году торговля выросла.", id="leap-day"),
    ],
)
def test_never_raises(text: str) -> None:
    find_publication_date(text)
