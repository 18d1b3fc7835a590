"""Russian reference periods: sentences written for these tests, a publication date and the
periods a reader takes from them."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from app.extract.periods import period_label
from app.extract.ru import periods
from app.extract.ru.periods import (
    RULES,
    find_periods,
    is_comparison,
    match_periods,
    named_length,
    resolve_periods,
)
from app.extract.tables import read_table
from app.extract.text import Tokens

PUB = date(2024, 3, 15)
AUG = date(2023, 8, 20)

# (id, text, published, fiscal country, [(start, end, granularity, surface, rule), ...])
Case = tuple[str, str, date | None, str | None, list[tuple[str, str, str, str, str]]]
CASES: list[Case] = [
    # -- years
    (
        "v-godu",
        "В 2022 году товарооборот вырос на 12%.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "2022 году", "ru_year")],
    ),
    (
        "za-god",
        "Экспорт за 2022 год составил $3 млрд.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "2022 год", "ru_year")],
    ),
    (
        "po-itogam-goda",
        "По итогам 2022 года импорт сократился.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "2022 года", "ru_year")],
    ),
    (
        "g-abbreviation",
        "Товарооборот в 2022 г. превысил $5 млрд.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "2022 г.", "ru_year")],
    ),
    (
        "ordinal-suffix",
        "Рекорд был поставлен в 2019-м, и его не превзошли.",
        PUB,
        None,
        [("2019-01-01", "2019-12-31", "year", "2019-м", "ru_year")],
    ),
    (
        "bare-year",
        "Прогноз на 2025: рост торговли.",
        PUB,
        None,
        [("2025-01-01", "2025-12-31", "year", "2025", "ru_year")],
    ),
    (
        "year-without-date",
        "В 2017 году торговля выросла.",
        None,
        None,
        [("2017-01-01", "2017-12-31", "year", "2017 году", "ru_year")],
    ),
    # -- spans of months
    (
        "month-range-prepositional",
        "В январе-июле 2023 года экспорт вырос на 8%.",
        PUB,
        None,
        [("2023-01-01", "2023-07-31", "range", "январе-июле 2023 года", "ru_month_range")],
    ),
    (
        "month-range-accusative-g",
        "Товарооборот за январь-июль 2023 г. составил $9 млрд.",
        PUB,
        None,
        [("2023-01-01", "2023-07-31", "range", "январь-июль 2023 г.", "ru_month_range")],
    ),
    (
        "month-range-en-dash-no-year",
        "Январь–сентябрь принес рост поставок.",
        date(2023, 11, 2),
        None,
        [("2023-01-01", "2023-09-30", "range", "Январь–сентябрь", "ru_month_range")],
    ),
    (
        "month-range-spaced-em-dash",
        "В январе — июле поставки выросли.",
        AUG,
        None,
        [("2023-01-01", "2023-07-31", "range", "январе — июле", "ru_month_range")],
    ),
    (
        "month-range-spaced-hyphen",
        "Торговля в январе - июле выросла на 36%.",
        AUG,
        None,
        [("2023-01-01", "2023-07-31", "range", "январе - июле", "ru_month_range")],
    ),
    (
        "month-range-s-po",
        "С января по июль экспорт вырос на 4%.",
        AUG,
        None,
        [("2023-01-01", "2023-07-31", "range", "С января по июль", "ru_month_range")],
    ),
    (
        "month-range-za-period",
        "За период с января по май 2024 года товарооборот составил $823 млн.",
        PUB,
        None,
        [("2024-01-01", "2024-05-31", "range", "с января по май 2024 года", "ru_month_range")],
    ),
    (
        "month-range-not-over-goes-back",
        "В январе-июне товарооборот вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-06-30", "half", "январе-июне", "ru_month_range")],
    ),
    (
        "month-range-quarter",
        "В январе-марте 2016 года торговля сократилась.",
        PUB,
        None,
        [("2016-01-01", "2016-03-31", "quarter", "январе-марте 2016 года", "ru_month_range")],
    ),
    (
        "month-range-last-year",
        "В январе-ноябре прошлого года товарооборот вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-11-30", "range", "январе-ноябре прошлого года", "ru_month_range")],
    ),
    (
        "month-range-current-year",
        "В январе-сентябре текущего года показатель вырос на 47%.",
        date(2022, 11, 15),
        None,
        [("2022-01-01", "2022-09-30", "range", "январе-сентябре текущего года", "ru_month_range")],
    ),
    (
        "month-range-across-new-year",
        "С октября по март поставки зерна удвоились.",
        date(2024, 4, 10),
        None,
        [("2023-10-01", "2024-03-31", "range", "С октября по март", "ru_month_range")],
    ),
    (
        "two-months-in-a-row",
        "В январе и феврале отгрузки выросли на 9%.",
        PUB,
        None,
        [("2024-01-01", "2024-02-29", "range", "январе и феврале", "ru_month_range")],
    ),
    (
        "two-months-apart",
        "В январе и марте отгрузки выросли.",
        date(2024, 4, 20),
        None,
        [
            ("2024-01-01", "2024-01-31", "month", "январе", "ru_month"),
            ("2024-03-01", "2024-03-31", "month", "марте", "ru_month"),
        ],
    ),
    (
        "month-range-years",
        "С марта 2022 года по март 2023 года экспорт вырос на 30%.",
        PUB,
        None,
        [
            (
                "2022-03-01",
                "2023-03-31",
                "range",
                "С марта 2022 года по март 2023 года",
                "ru_month_range_years",
            )
        ],
    ),
    # -- one month
    (
        "in-january",
        "В январе товарооборот вырос.",
        PUB,
        None,
        [("2024-01-01", "2024-01-31", "month", "январе", "ru_month")],
    ),
    (
        "may-this-year",
        "В мае этого года поставки выросли.",
        date(2024, 7, 1),
        None,
        [("2024-05-01", "2024-05-31", "month", "мае этого года", "ru_month")],
    ),
    (
        "month-after-publication-goes-back",
        "В сентябре экспорт вырос.",
        PUB,
        None,
        [("2023-09-01", "2023-09-30", "month", "сентябре", "ru_month")],
    ),
    (
        "month-year",
        "В ноябре 2022 г. стороны подписали соглашение.",
        PUB,
        None,
        [("2022-11-01", "2022-11-30", "month", "ноябре 2022 г.", "ru_month")],
    ),
    (
        "month-last-year",
        "В сентябре прошлого года ввоз составил $500 млн.",
        PUB,
        None,
        [("2023-09-01", "2023-09-30", "month", "сентябре прошлого года", "ru_month")],
    ),
    (
        "capitals",
        "ЭКСПОРТ В ИЮЛЕ 2023 ГОДА ВЫРОС.",
        PUB,
        None,
        [("2023-07-01", "2023-07-31", "month", "ИЮЛЕ 2023 ГОДА", "ru_month")],
    ),
    # -- quarters and halves
    (
        "roman-quarter",
        "В I квартале экспорт сократился.",
        PUB,
        None,
        [("2023-01-01", "2023-03-31", "quarter", "I квартале", "ru_quarter")],
    ),
    (
        "roman-quarter-three",
        "В III квартале экспорт сократился.",
        PUB,
        None,
        [("2023-07-01", "2023-09-30", "quarter", "III квартале", "ru_quarter")],
    ),
    (
        "word-quarter-year",
        "В первом квартале 2024 года торговля выросла.",
        date(2024, 5, 2),
        None,
        [("2024-01-01", "2024-03-31", "quarter", "первом квартале 2024 года", "ru_quarter")],
    ),
    (
        "digit-quarter-abbreviation",
        "За 4-й кв. 2023 г. отгрузки выросли.",
        PUB,
        None,
        [("2023-10-01", "2023-12-31", "quarter", "4-й кв. 2023 г.", "ru_quarter")],
    ),
    (
        "fourth-quarter-last-year",
        "В четвертом квартале прошлого года импорт вырос.",
        PUB,
        None,
        [
            (
                "2023-10-01",
                "2023-12-31",
                "quarter",
                "четвертом квартале прошлого года",
                "ru_quarter",
            )
        ],
    ),
    (
        "last-quarter-of-year",
        "В последнем квартале 2022 года импорт вырос.",
        PUB,
        None,
        [("2022-10-01", "2022-12-31", "quarter", "последнем квартале 2022 года", "ru_quarter")],
    ),
    (
        "quarters-range",
        "За I–III кварталы 2023 года инвестиции выросли.",
        PUB,
        None,
        [("2023-01-01", "2023-09-30", "range", "I–III кварталы 2023 года", "ru_quarter_range")],
    ),
    (
        "first-half",
        "В первом полугодии товарооборот вырос.",
        date(2024, 8, 1),
        None,
        [("2024-01-01", "2024-06-30", "half", "первом полугодии", "ru_half")],
    ),
    (
        "first-half-not-over",
        "В первом полугодии товарооборот вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-06-30", "half", "первом полугодии", "ru_half")],
    ),
    (
        "first-half-year-g",
        "За первое полугодие 2023 г. торговля выросла.",
        PUB,
        None,
        [("2023-01-01", "2023-06-30", "half", "первое полугодие 2023 г.", "ru_half")],
    ),
    (
        "second-half",
        "Во втором полугодии ожидается рост.",
        PUB,
        None,
        [("2023-07-01", "2023-12-31", "half", "втором полугодии", "ru_half")],
    ),
    (
        "first-half-this-year",
        "По итогам первого полугодия этого года торговля удвоилась.",
        date(2024, 7, 20),
        None,
        [("2024-01-01", "2024-06-30", "half", "первого полугодия этого года", "ru_half")],
    ),
    (
        "first-half-of-the-year-noun",
        "В первой половине 2021 года товарооборот вырос на 28%.",
        PUB,
        None,
        [("2021-01-01", "2021-06-30", "half", "первой половине 2021 года", "ru_half")],
    ),
    (
        "half-a-day-is-no-period",
        "Переговоры заняли первую половину дня.",
        PUB,
        None,
        [],
    ),
    # -- months counted from January
    (
        "nine-months-so-far",
        "За девять месяцев экспорт вырос.",
        date(2023, 10, 20),
        None,
        [("2023-01-01", "2023-09-30", "range", "девять месяцев", "ru_months_so_far")],
    ),
    (
        "eleven-months-so-far-digits",
        "За 11 месяцев поставки выросли на 3%.",
        date(2023, 12, 20),
        None,
        [("2023-01-01", "2023-11-30", "range", "11 месяцев", "ru_months_so_far")],
    ),
    (
        "half-year-so-far",
        "За полгода стороны наторговали на $60 млн.",
        date(2023, 7, 20),
        None,
        [("2023-01-01", "2023-06-30", "half", "полгода", "ru_months_so_far")],
    ),
    (
        "months-of-year",
        "За 9 месяцев 2023 года экспорт вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-09-30", "range", "9 месяцев 2023 года", "ru_months_of_year")],
    ),
    (
        "months-genitive-current-year",
        "По итогам пяти месяцев текущего года Россия осталась главным партнером.",
        date(2024, 7, 1),
        None,
        [
            (
                "2024-01-01",
                "2024-05-31",
                "range",
                "пяти месяцев текущего года",
                "ru_months_of_year",
            )
        ],
    ),
    (
        "first-five-months",
        "За первые пять месяцев торговля выросла.",
        date(2023, 6, 30),
        None,
        [("2023-01-01", "2023-05-31", "range", "первые пять месяцев", "ru_first_months")],
    ),
    (
        "first-ten-months-g",
        "В первые 10 месяцев 2023 г. товарооборот составил $42,5 млрд.",
        PUB,
        None,
        [("2023-01-01", "2023-10-31", "range", "первые 10 месяцев 2023 г.", "ru_first_months")],
    ),
    (
        "first-six-months-this-year",
        "За первые 6 месяцев этого года товарооборот составил $8,4 млрд.",
        date(2024, 8, 1),
        None,
        [("2024-01-01", "2024-06-30", "half", "первые 6 месяцев этого года", "ru_first_months")],
    ),
    # -- relative years
    (
        "last-year",
        "В прошлом году товарооборот вырос на треть.",
        PUB,
        None,
        [("2023-01-01", "2023-12-31", "year", "прошлом году", "ru_relative")],
    ),
    (
        "results-of-last-year",
        "По итогам прошлого года экспорт вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-12-31", "year", "прошлого года", "ru_relative")],
    ),
    (
        "current-year",
        "В текущем году ожидается рост.",
        PUB,
        None,
        [("2024-01-01", "2024-12-31", "year", "текущем году", "ru_relative")],
    ),
    (
        "this-year",
        "В этом году торговля сократилась.",
        PUB,
        None,
        [("2024-01-01", "2024-12-31", "year", "этом году", "ru_relative")],
    ),
    (
        "year-before-last",
        "В позапрошлом году импорт упал.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "позапрошлом году", "ru_relative")],
    ),
    (
        "past-year-minuvshiy",
        "В минувшем году соглашение вступило в силу.",
        PUB,
        None,
        [("2023-01-01", "2023-12-31", "year", "минувшем году", "ru_relative")],
    ),
    (
        "goal-for-this-year",
        "Цель на этот год - более $5 млрд.",
        PUB,
        None,
        [("2024-01-01", "2024-12-31", "year", "этот год", "ru_relative")],
    ),
    (
        "results-of-the-year",
        "По итогам года объем торговли может составить $6 млрд.",
        PUB,
        None,
        [("2024-01-01", "2024-12-31", "year", "По итогам года", "ru_relative")],
    ),
    (
        "by-end-of-the-year",
        "К концу года торговля упадет вдвое.",
        PUB,
        None,
        [("2024-01-01", "2024-12-31", "year", "К концу года", "ru_relative")],
    ),
    (
        "last-month",
        "В прошлом месяце экспорт вырос.",
        PUB,
        None,
        [("2024-02-01", "2024-02-29", "month", "прошлом месяце", "ru_relative")],
    ),
    (
        "last-quarter",
        "В прошлом квартале импорт снизился.",
        PUB,
        None,
        [("2023-10-01", "2023-12-31", "quarter", "прошлом квартале", "ru_relative")],
    ),
    (
        "previous-year-shifts-sentence-period",
        "В 2016 году экспорт вырос на 5% по сравнению с предыдущим годом.",
        PUB,
        None,
        [
            ("2016-01-01", "2016-12-31", "year", "2016 году", "ru_year"),
            (
                "2015-01-01",
                "2015-12-31",
                "year",
                "по сравнению с предыдущим годом",
                "ru_relative",
            ),
        ],
    ),
    (
        "relative-without-date",
        "В прошлом году торговля выросла.",
        None,
        None,
        [],
    ),
    (
        "no-year-without-date",
        "В январе-марте торговля выросла.",
        None,
        None,
        [],
    ),
    # -- comparison bases
    (
        "year-earlier",
        "По итогам года товарооборот достигнет $12 млрд, что выше, чем годом ранее.",
        PUB,
        None,
        [
            ("2024-01-01", "2024-12-31", "year", "По итогам года", "ru_relative"),
            ("2023-01-01", "2023-12-31", "year", "чем годом ранее", "ru_relative"),
        ],
    ),
    (
        "same-period-last-year",
        "В январе-мае 2023 года торговля выросла на 86% по сравнению с аналогичным периодом "
        "прошлого года.",
        PUB,
        None,
        [
            ("2023-01-01", "2023-05-31", "range", "январе-мае 2023 года", "ru_month_range"),
            (
                "2022-01-01",
                "2022-05-31",
                "range",
                "по сравнению с аналогичным периодом прошлого года",
                "ru_same_period",
            ),
        ],
    ),
    (
        "same-period-za",
        "За 8 месяцев торговля выросла до $3 млрд, а за аналогичный период прошлого года "
        "составила $2,6 млрд.",
        date(2025, 10, 13),
        None,
        [
            ("2025-01-01", "2025-08-31", "range", "8 месяцев", "ru_months_so_far"),
            (
                "2024-01-01",
                "2024-08-31",
                "range",
                "аналогичный период прошлого года",
                "ru_same_period",
            ),
        ],
    ),
    (
        "k-same-period",
        "В июле экспорт вырос на 5% к аналогичному периоду прошлого года.",
        AUG,
        None,
        [
            ("2023-07-01", "2023-07-31", "month", "июле", "ru_month"),
            (
                "2022-07-01",
                "2022-07-31",
                "month",
                "к аналогичному периоду прошлого года",
                "ru_same_period",
            ),
        ],
    ),
    (
        "compared-with-last-year",
        "Торговля упадет по сравнению с прошлым годом в два раза.",
        date(2025, 9, 4),
        None,
        [("2024-01-01", "2024-12-31", "year", "по сравнению с прошлым годом", "ru_relative")],
    ),
    (
        "in-comparison-with-year",
        "Поставки выросли в сравнении с 2022 годом.",
        PUB,
        None,
        [("2022-01-01", "2022-12-31", "year", "в сравнении с 2022 годом", "ru_year")],
    ),
    (
        "than-in-year",
        "В 2021 году торговля составила $1,8 млрд, что на 31% больше, чем в 2020 году.",
        PUB,
        None,
        [
            ("2021-01-01", "2021-12-31", "year", "2021 году", "ru_year"),
            ("2020-01-01", "2020-12-31", "year", "чем в 2020 году", "ru_year"),
        ],
    ),
    (
        "compared-with-level-of-year",
        "Импорт вырос по сравнению с показателем 2022 года.",
        PUB,
        None,
        [
            (
                "2022-01-01",
                "2022-12-31",
                "year",
                "по сравнению с показателем 2022 года",
                "ru_year",
            )
        ],
    ),
    (
        "same-period-of-a-year",
        "Сальдо сократилось по сравнению с аналогичным периодом 2022 года.",
        PUB,
        None,
        [
            (
                "2022-01-01",
                "2022-12-31",
                "year",
                "по сравнению с аналогичным периодом 2022 года",
                "ru_same_period_of_year",
            )
        ],
    ),
    (
        "compared-with-month",
        "В июле торговля уменьшилась по сравнению с июнем на 6,4%.",
        AUG,
        None,
        [
            ("2023-07-01", "2023-07-31", "month", "июле", "ru_month"),
            ("2023-06-01", "2023-06-30", "month", "по сравнению с июнем", "ru_month"),
        ],
    ),
    # -- deadlines, spans of years, since, so far
    (
        "k-deadline",
        "Стороны намерены довести товарооборот до $100 млрд к 2030 году.",
        PUB,
        None,
        [("2030-01-01", "2030-12-31", "year", "к 2030 году", "ru_year")],
    ),
    (
        "do-deadline",
        "Инвестиции планируется удвоить до 2030 года.",
        PUB,
        None,
        [("2030-01-01", "2030-12-31", "year", "до 2030 года", "ru_year")],
    ),
    (
        "by-end-of-year-number",
        "Торговля должна достичь $1 млрд к концу 2025 года.",
        PUB,
        None,
        [("2025-01-01", "2025-12-31", "year", "к концу 2025 года", "ru_year_end")],
    ),
    (
        "at-end-of-year",
        "На конец 2023 года накопленные инвестиции составили $27 млрд.",
        PUB,
        None,
        [("2023-01-01", "2023-12-31", "year", "На конец 2023 года", "ru_year_end")],
    ),
    (
        "year-range-plural",
        "В 2021-2023 годах товарооборот рос.",
        PUB,
        None,
        [("2021-01-01", "2023-12-31", "range", "2021-2023 годах", "ru_year_range")],
    ),
    (
        "year-range-gg",
        "Отчет за 2006 – 2009 гг. показал рост.",
        PUB,
        None,
        [("2006-01-01", "2009-12-31", "range", "2006 – 2009 гг.", "ru_year_range")],
    ),
    (
        "year-range-s-po",
        "С 2015 по 2020 год торговля удвоилась.",
        PUB,
        None,
        [("2015-01-01", "2020-12-31", "range", "С 2015 по 2020 год", "ru_year_range")],
    ),
    (
        "year-range-between",
        "Между 2015 и 2020 годами торговля удвоилась.",
        PUB,
        None,
        [("2015-01-01", "2020-12-31", "range", "Между 2015 и 2020 годами", "ru_year_range")],
    ),
    (
        "two-years-joined-by-i",
        "В 2015 и 2020 годах торговля падала.",
        PUB,
        None,
        [
            ("2015-01-01", "2015-12-31", "year", "2015", "ru_year"),
            ("2020-01-01", "2020-12-31", "year", "2020 годах", "ru_year"),
        ],
    ),
    (
        "split-year-no-country",
        "В 2023/2024 году экспорт пшеницы вырос.",
        PUB,
        None,
        [("2023-04-01", "2024-03-31", "fiscal_year", "2023/2024 году", "ru_year_range")],
    ),
    (
        "split-year-pakistan",
        "В 2022/23 году экспорт вырос.",
        PUB,
        "PAK",
        [("2022-07-01", "2023-06-30", "fiscal_year", "2022/23 году", "ru_year_range")],
    ),
    (
        "split-year-calendar-country",
        "В 2023/2024 году экспорт вырос.",
        PUB,
        "RUS",
        [("2023-01-01", "2024-12-31", "range", "2023/2024 году", "ru_year_range")],
    ),
    (
        "fiscal-year-india-two-years",
        "В 2022-2023 финансовом году экспорт Индии в Россию вырос.",
        PUB,
        "IND",
        [
            (
                "2022-04-01",
                "2023-03-31",
                "fiscal_year",
                "2022-2023 финансовом году",
                "ru_year_range",
            )
        ],
    ),
    (
        "fiscal-year-one-label",
        "В 2023 финансовом году импорт вырос.",
        PUB,
        "IND",
        [("2022-04-01", "2023-03-31", "fiscal_year", "2023 финансовом году", "ru_fiscal_year")],
    ),
    (
        "past-five-years",
        "За последние пять лет товарооборот удвоился.",
        PUB,
        None,
        [("2019-01-01", "2023-12-31", "range", "последние пять лет", "ru_past_years")],
    ),
    (
        "past-twenty-years",
        "За последние 20 лет товарооборот вырос в 13 раз.",
        PUB,
        None,
        [("2004-01-01", "2023-12-31", "range", "последние 20 лет", "ru_past_years")],
    ),
    (
        "past-decade",
        "За последнее десятилетие торговля выросла втрое.",
        PUB,
        None,
        [("2014-01-01", "2023-12-31", "range", "последнее десятилетие", "ru_past_years")],
    ),
    (
        "since-year",
        "С 2005 года компании вложили более $27 млрд.",
        PUB,
        None,
        [("2005-01-01", "2024-03-15", "range", "С 2005 года", "ru_since_year")],
    ),
    (
        "since-start-of-year",
        "С начала года объем товарооборота впервые достиг $1 млрд.",
        PUB,
        None,
        [("2024-01-01", "2024-03-15", "range", "С начала года", "ru_year_to_date")],
    ),
    (
        "since-start-of-named-year",
        "С начала 2023 года экспорт вырос на 10%.",
        PUB,
        None,
        [("2023-01-01", "2024-03-15", "range", "С начала 2023 года", "ru_year_to_date")],
    ),
    (
        "as-of-first-of-month",
        "По состоянию на 1 октября экспорт вырос на 7%.",
        date(2023, 10, 12),
        None,
        [("2023-01-01", "2023-09-30", "range", "По состоянию на 1 октября", "ru_as_of")],
    ),
    (
        "as-of-mid-month",
        "По состоянию на 15 октября 2023 года поставки выросли.",
        PUB,
        None,
        [
            (
                "2023-01-01",
                "2023-10-15",
                "range",
                "По состоянию на 15 октября 2023 года",
                "ru_as_of",
            )
        ],
    ),
    (
        "as-of-new-year",
        "По состоянию на 1 января 2024 года торговля выросла на 5%.",
        PUB,
        None,
        [
            (
                "2023-01-01",
                "2023-12-31",
                "year",
                "По состоянию на 1 января 2024 года",
                "ru_as_of",
            )
        ],
    ),
    (
        "whole-year",
        "За весь 2023 год экспорт вырос.",
        PUB,
        None,
        [("2023-01-01", "2023-12-31", "year", "весь 2023 год", "ru_full_year")],
    ),
    # -- Iranian years
    (
        "iranian-year-after",
        "В 1401 иранском году экспорт в Россию вырос на 30%.",
        PUB,
        None,
        [("2022-03-21", "2023-03-20", "fiscal_year", "1401 иранском году", "ru_iranian_year")],
    ),
    (
        "iranian-year-calendar",
        "В 1402 году по иранскому календарю товарооборот составил $4 млрд.",
        PUB,
        None,
        [
            (
                "2023-03-21",
                "2024-03-20",
                "fiscal_year",
                "1402 году по иранскому календарю",
                "ru_iranian_year",
            )
        ],
    ),
    (
        "iranian-year-nominative",
        "1401 иранский год стал рекордным.",
        PUB,
        None,
        [("2022-03-21", "2023-03-20", "fiscal_year", "1401 иранский год", "ru_iranian_year")],
    ),
    ("bare-1401-is-no-year", "В 1401 году был построен храм.", PUB, None, []),
    # -- days
    (
        "day-month-year",
        "Соглашение подписано 15 мая 2018 года.",
        PUB,
        None,
        [("2018-05-15", "2018-05-15", "day", "15 мая 2018 года", "ru_day_month")],
    ),
    (
        "day-month-no-year",
        "Переговоры прошли 7 июня.",
        date(2023, 8, 1),
        None,
        [("2023-06-07", "2023-06-07", "day", "7 июня", "ru_day_month")],
    ),
    (
        "day-month-abbreviation",
        "МОСКВА, 9 сен - ПРАЙМ. Торговля выросла.",
        date(2025, 9, 9),
        None,
        [("2025-09-09", "2025-09-09", "day", "9 сен", "ru_day_month")],
    ),
    (
        "day-range",
        "С 21 марта 2022 года по 20 марта 2023 года экспорт вырос.",
        PUB,
        None,
        [
            (
                "2022-03-21",
                "2023-03-20",
                "range",
                "С 21 марта 2022 года по 20 марта 2023 года",
                "ru_day_range",
            )
        ],
    ),
    (
        "numeric-date",
        "Опубликовано 15.05.2018.",
        PUB,
        None,
        [("2018-05-15", "2018-05-15", "day", "15.05.2018", "ru_numeric_date")],
    ),
    (
        "iso-date",
        "Обновлено 2025-12-03.",
        PUB,
        None,
        [("2025-12-03", "2025-12-03", "day", "2025-12-03", "ru_iso_date")],
    ),
    # -- no periods
    ("strategy-name", "Стратегия «Казахстан-2050» предусматривает рост.", PUB, None, []),
    ("strategy-name-space", "Программа «Казахстан 2050» обновлена.", PUB, None, []),
    ("event-name", "Команда готовится к ЧМ-2026.", PUB, None, []),
    ("page-number", "Подробнее см. стр. 2015.", PUB, None, []),
    ("number-sign", "Приказ № 2020 подписан.", PUB, None, []),
    ("projects-count", "Реализуется более 170 совместных проектов.", PUB, None, []),
    ("tonnes-not-year", "Отгружено 2025 тонн зерна.", PUB, None, []),
    ("millions-not-year", "Сумма составила 2030 млн рублей.", PUB, None, []),
    ("decimal-not-year", "Индекс вырос до 2018,5 пункта.", PUB, None, []),
    ("money-not-year", "Стоимость - $2017.", PUB, None, []),
    ("abbreviation-alone", "Дек в ресторане был закрыт.", PUB, None, []),
    ("year-on-year", "Рост год к году составил 5%.", PUB, None, []),
    ("last-months-are-unread", "За последние 11 месяцев экспорт вырос.", PUB, None, []),
    ("empty", "", PUB, None, []),
]


def _found(text: str, published: date | None, country: str | None) -> list[tuple[str, ...]]:
    return [
        (p.start.isoformat(), p.end.isoformat(), p.granularity, p.surface, p.rule)
        for p in find_periods(text, published, country)
    ]


@pytest.mark.parametrize(
    ("text", "published", "country", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_find_periods(
    text: str,
    published: date | None,
    country: str | None,
    expected: list[tuple[str, str, str, str, str]],
) -> None:
    assert _found(text, published, country) == expected


def test_cases_are_well_formed() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))
    rules = {r.id.removeprefix("periods:") for r in RULES}
    for _, text, _, _, expected in CASES:
        for start, end, granularity, surface, rule in expected:
            assert date.fromisoformat(start) <= date.fromisoformat(end)
            assert granularity in (
                "day",
                "month",
                "quarter",
                "half",
                "year",
                "fiscal_year",
                "range",
            )
            assert surface in text and rule in rules


@pytest.mark.parametrize("text", [pytest.param(case[1], id=case[0]) for case in CASES])
def test_span_is_surface(text: str) -> None:
    for p in find_periods(text, PUB, "IND"):
        assert p.span is not None
        assert text[p.span.start : p.span.end] == p.surface
        assert p.start <= p.end


@pytest.mark.parametrize("text", [pytest.param(case[1], id=case[0]) for case in CASES])
def test_match_then_resolve_is_find(text: str) -> None:
    """The date-free half runs once (on a slice, with the article's tokens); resolving it
    gives what find_periods gives."""
    prefix = "Заголовок. "
    article = prefix + text + " Конец."
    tokens = Tokens(article)
    matches = match_periods(article, len(prefix), len(prefix) + len(text), tokens)
    resolved = resolve_periods(article, matches, PUB, None, floor=len(prefix))
    assert [(p.start, p.end, p.surface) for p in resolved] == [
        (p.start, p.end, p.surface) for p in find_periods(text, PUB)
    ]
    assert tokens.period_anchors is None  # the English grammar's cache is left alone


def test_sorted_and_non_overlapping() -> None:
    text = (
        "В январе-марте 2023 года, по сравнению с I кварталом 2022 года, к 2025 году, "
        "в прошлом году и за девять месяцев."
    )
    spans = [p.span for p in find_periods(text, PUB) if p.span is not None]
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(not a.overlaps(b) for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("text", "comparison"),
    [
        pytest.param("Экспорт вырос по сравнению с 2022 годом.", [True], id="po-sravneniyu"),
        pytest.param("Экспорт вырос в сравнении с 2022 годом.", [True], id="v-sravnenii"),
        pytest.param("Экспорт вырос относительно 2022 года.", [True], id="otnositelno"),
        pytest.param("Экспорт вырос, чем годом ранее.", [True], id="chem-godom-ranee"),
        pytest.param("Экспорт вырос годом ранее.", [True], id="godom-ranee-alone"),
        pytest.param(
            "Экспорт вырос к аналогичному периоду прошлого года.", [True], id="k-same-period"
        ),
        pytest.param(
            "Экспорт за аналогичный период прошлого года составил $2 млрд.",
            [True],
            id="za-same-period",
        ),
        pytest.param("Экспорт вырос к 2030 году.", [False], id="k-deadline"),
        pytest.param("С января по июль 2023 года торговля выросла.", [False], id="range"),
        pytest.param("В прошлом году торговля выросла.", [False], id="reference"),
        pytest.param(
            "Экспорт за аналогичный период 2022 года составил $2 млрд.",
            [False],
            id="same-period-of-year-is-no-base",
        ),
        pytest.param("Торговля ниже уровня 2019 года.", [False], id="no-cue-before"),
    ],
)
def test_is_comparison(text: str, comparison: list[bool]) -> None:
    assert [is_comparison(p) for p in find_periods(text, PUB)] == comparison


@pytest.mark.parametrize(
    ("text", "months"),
    [
        pytest.param("Импорт за аналогичные девять месяцев сократился.", 9, id="nine"),
        pytest.param("Импорт за аналогичных 11 месяцев сократился.", 11, id="digits"),
        pytest.param("Импорт за тот же квартал вырос.", 3, id="quarter"),
        pytest.param("Импорт в том же квартале вырос.", 3, id="quarter-prepositional"),
        pytest.param("Импорт за аналогичное полугодие вырос.", 6, id="half"),
        pytest.param("Импорт в аналогичном месяце вырос.", 1, id="month"),
        pytest.param("Импорт за тот же иранский год вырос.", 12, id="iranian-year"),
        pytest.param("Импорт за тот же период вырос.", None, id="no-length"),
        pytest.param("Импорт за аналогичный период прошлого года вырос.", None, id="base"),
        pytest.param("Импорт за девять месяцев вырос.", None, id="not-a-back-reference"),
    ],
)
def test_named_length(text: str, months: int | None) -> None:
    assert named_length(text) == months


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_example(rule: object) -> None:
    from app.extract.rules import Rule

    assert isinstance(rule, Rule)
    name = rule.id.removeprefix("periods:")
    found = find_periods(rule.example, date.fromisoformat(rule.published))
    assert name in {p.rule for p in found}


def test_rules_are_named_and_complete() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.id.startswith("periods:ru_") and r.language == "ru" for r in RULES)
    assert {i.removeprefix("periods:") for i in ids} == {rule for rule, _, _ in periods._RULES}
    assert set(periods._ANCHORED_BY) == {rule for rule, _, _ in periods._RULES}


# -- the tables -------------------------------------------------------------------------------


def test_months_table_is_well_formed() -> None:
    rows = read_table("ru/months.tsv", ("form", "kind", "number"))
    forms = [r["form"] for r in rows]
    assert len(forms) == len(set(forms))
    assert all(f == f.lower() for f in forms)
    for row in rows:
        assert row["kind"] in ("month", "month_abbr", "weekday", "weekday_abbr")
        top = 12 if row["kind"].startswith("month") else 7
        assert 1 <= int(row["number"]) <= top
    assert sorted(set(periods.MONTHS.values())) == list(range(1, 13))
    # five case forms at least for every month (nominative = accusative)
    for number in range(1, 13):
        full = [r for r in rows if r["kind"] == "month" and int(r["number"]) == number]
        assert len(full) >= 5, number


def test_numbers_table_is_well_formed() -> None:
    rows = read_table("ru/periods_numbers.tsv", ("word", "kind", "value"))
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words))
    assert all(r["kind"] in ("cardinal", "ordinal") and int(r["value"]) > 0 for r in rows)
    assert {int(r["value"]) for r in rows if r["kind"] == "ordinal"} == {1, 2, 3, 4}
    assert set(range(2, 13)) <= {int(r["value"]) for r in rows if r["kind"] == "cardinal"}


def test_relative_table_is_well_formed() -> None:
    rows = read_table("ru/periods_relative.tsv", ("phrase", "unit", "offset", "anchor", "role"))
    phrases = [r["phrase"] for r in rows]
    assert len(phrases) == len(set(phrases))
    assert len(periods._RELATIVES) == len(rows)


def test_every_relative_phrase_resolves_to_itself() -> None:
    for phrase in periods._RELATIVES:
        found = find_periods(phrase, PUB, "IND")
        assert [p.surface.lower() for p in found] == [phrase], phrase


def test_every_same_period_phrase_is_a_base() -> None:
    for head in periods._CUES["same_period"]:
        (p,) = find_periods(f"{head} прошлого года", PUB)
        assert is_comparison(p) and p.rule == "ru_same_period", head
        (q,) = find_periods(f"{head} 2022 года", PUB)
        assert q.rule == "ru_same_period_of_year" and q.start == date(2022, 1, 1), head


def test_cues_table_is_well_formed() -> None:
    rows = read_table("ru/periods_cues.tsv", ("phrase", "role", "weight"))
    keys = [(r["phrase"], r["role"]) for r in rows]
    assert len(keys) == len(set(keys))
    roles = ("comparison", "comparison_filler", "target", "same_period", "published", "updated")
    assert all(r["role"] in roles for r in rows)
    assert all(int(r["weight"]) > 0 for r in rows if r["role"] == "published")
    assert all(int(r["weight"]) < 0 for r in rows if r["role"] == "updated")


def test_anchors_table_is_well_formed() -> None:
    rows = read_table("ru/periods_anchors.tsv", ("word", "class", "case"))
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words))
    used = set().union(*periods._ANCHORED_BY.values())
    assert {r["class"] for r in rows} <= used
    assert all(r["case"] == "" for r in rows)  # Russian anchors match in any case


def test_a_sentence_without_anchors_runs_no_rule() -> None:
    assert match_periods("Стороны обсудили сотрудничество в сфере энергетики и транспорта.") == ()


def test_labels() -> None:
    (p,) = find_periods("В январе-июле 2023 года экспорт вырос.", PUB)
    assert period_label(p) == "2023-01..2023-07"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31 февраля 2020 года и 30 февраля", id="impossible-days"),
        pytest.param("V квартал 2023 года, 3 полугодие 2020, 13 месяцев 2020", id="impossible"),
        pytest.param("2023-2021 годах и с 2025 по 2020 год", id="backwards-ranges"),
        pytest.param("((((января-" * 200, id="repeated-fragments"),
        pytest.param("\x00\ufffd 2018\u200b-2019 " + "9" * 5000, id="binary-noise"),
        pytest.param("с декабря по январь 2023 года", id="month-range-wraps"),
        pytest.param("по состоянию на 31 февраля", id="as-of-impossible"),
        pytest.param("за последние 99 лет и 0 месяцев", id="odd-counts"),
        pytest.param("«" * 300 + "2050" + "»" * 300, id="quotes"),
        pytest.param("годом ранее " * 300, id="many-relatives"),
    ],
)
def test_never_raises(text: str) -> None:
    for country in (None, "IND", "RUS", "xx"):
        for published in (None, PUB, date(2020, 2, 29)):
            find_periods(text, published, country)
