"""Who states a sentence of a Russian article: Latin wire names, the Russian form beside them.

Every text here is written for the project (none is copied from an article)."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
import razdel

from app.extract.ru.speakers import NONE, RULES, SpeakerResolver
from app.extract.ru.speakers.latin import latin_name, transliterate
from app.extract.rules import Rule
from app.extract.tables import read_table
from app.extract.text import Document
from app.extract.types import Span

DATA_RU = Path(__file__).parents[2] / "app" / "extract" / "data" / "ru"


def _sentences(text: str) -> list[Span]:
    return [Span(s.start, s.stop) for s in razdel.sentenize(text)]


def _ask(text: str, sentence: str) -> tuple[str | None, str | None, str]:
    start = text.find(sentence)
    assert start >= 0, f"{sentence!r} is not in the text"
    span = Span(start, start + len(sentence))
    resolver = SpeakerResolver(text, _sentences(text))
    latin, rule = resolver.speaker_and_rule(span)
    return latin, resolver.original_for(span), rule


# -------------------------------------------------------------------------- named speakers
NAMED = [
    pytest.param(
        "Товарооборот России и Армении вырос на 30%, заявил вице-премьер РФ Алексей Оверчук.",
        "Товарооборот России и Армении вырос на 30%, заявил вице-премьер РФ Алексей Оверчук.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_reporting_verb",
        id="verb-then-title-and-name",
    ),
    pytest.param(
        "Алексей Оверчук заявил, что товарооборот России и Армении вырос на 30%.",
        "Алексей Оверчук заявил, что товарооборот России и Армении вырос на 30%.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_reporting_verb",
        id="name-then-verb",
    ),
    pytest.param(
        "По словам Алексея Оверчука, товарооборот России и Армении вырос на 30%.",
        "По словам Алексея Оверчука, товарооборот России и Армении вырос на 30%.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_according_to",
        id="po-slovam-genitive",
    ),
    pytest.param(
        "По мнению Сергея Лаврова, торговля России и Китая растёт.",
        "По мнению Сергея Лаврова, торговля России и Китая растёт.",
        "Sergei Lavrov",
        "Сергей Лавров",
        "speaker:ru_according_to",
        id="po-mneniyu-genitive",
    ),
    pytest.param(
        "Как отметил Касым-Жомарт Токаев, товарооборот Казахстана и России приближается к "
        "$30 млрд.",
        "Как отметил Касым-Жомарт Токаев, товарооборот Казахстана и России приближается к "
        "$30 млрд.",
        "Kassym-Jomart Tokayev",
        "Касым-Жомарт Токаев",
        "speaker:ru_reporting_verb",
        id="kak-otmetil-hyphenated-name",
    ),
    pytest.param(
        "Как сообщил Шавкат Мирзиёев, товарооборот Узбекистана и Казахстана вырос до $4 млрд.",
        "Как сообщил Шавкат Мирзиёев, товарооборот Узбекистана и Казахстана вырос до $4 млрд.",
        "Shavkat Mirziyoyev",
        "Шавкат Мирзиёев",
        "speaker:ru_reporting_verb",
        id="kak-soobshchil-yo",
    ),
    pytest.param(
        "Президент Киргизии Садыр Жапаров провёл переговоры. Жапаров подчеркнул, что "
        "товарооборот Киргизии и Узбекистана превысил $1 млрд.",
        "Жапаров подчеркнул, что товарооборот Киргизии и Узбекистана превысил $1 млрд.",
        "Sadyr Japarov",
        "Садыр Жапаров",
        "speaker:ru_reporting_verb",
        id="surname-alone-after-full-name",
    ),
    pytest.param(
        "Глава МИД РФ Сергей Лавров прибыл в Пекин. Товарооборот России и Китая вырос на 25%, "
        "напомнил Лавров.",
        "Товарооборот России и Китая вырос на 25%, напомнил Лавров.",
        "Sergei Lavrov",
        "Сергей Лавров",
        "speaker:ru_reporting_verb",
        id="inverted-surname-alone",
    ),
    pytest.param(
        "Премьер-министр Армении Никол Пашинян встретился с Михаилом Мишустиным. Товарооборот "
        "России и Армении вырос вдвое, сказал Пашинян.",
        "Товарооборот России и Армении вырос вдвое, сказал Пашинян.",
        "Nikol Pashinyan",
        "Никол Пашинян",
        "speaker:ru_reporting_verb",
        id="caucasian-name",
    ),
    pytest.param(
        "А. Оверчук сообщил, что товарооборот России и Ирана вырос на 22%.",
        "А. Оверчук сообщил, что товарооборот России и Ирана вырос на 22%.",
        "A. Overchuk",
        "А. Оверчук",
        "speaker:ru_reporting_verb",
        id="initial-only",
    ),
    pytest.param(
        "Вице-премьер Алексей Оверчук прибыл в Тегеран. А. Оверчук сообщил, что товарооборот "
        "России и Ирана вырос на 22%.",
        "А. Оверчук сообщил, что товарооборот России и Ирана вырос на 22%.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_reporting_verb",
        id="initial-after-full-name",
    ),
    pytest.param(
        "Касым-Жомарт Кемелевич Токаев заявил, что товарооборот Казахстана и Китая достиг $44 "
        "млрд.",
        "Касым-Жомарт Кемелевич Токаев заявил, что товарооборот Казахстана и Китая достиг $44 "
        "млрд.",
        "Kassym-Jomart Tokayev",
        "Касым-Жомарт Кемелевич Токаев",
        "speaker:ru_reporting_verb",
        id="patronymic-left-out-of-latin",
    ),
    pytest.param(
        "Об этом сообщила вице-премьер РФ Виктория Абрамченко. Товарооборот России и Монголии "
        "превысил $2 млрд, добавила Абрамченко.",
        "Товарооборот России и Монголии превысил $2 млрд, добавила Абрамченко.",
        "Victoria Abramchenko",
        "Виктория Абрамченко",
        "speaker:ru_reporting_verb",
        id="woman-indeclinable-surname",
    ),
    pytest.param(
        "Проректор академии Наталья Волчкова отметила, что товарооборот России и Казахстана "
        "вырос на 5%.",
        "Проректор академии Наталья Волчкова отметила, что товарооборот России и Казахстана "
        "вырос на 5%.",
        "Natalia Volchkova",
        "Наталья Волчкова",
        "speaker:ru_reporting_verb",
        id="woman-ova",
    ),
    pytest.param(
        "Товарооборот России и Азербайджана вырос на 10%, сообщил Ильхам Алиев, передаёт ТАСС.",
        "Товарооборот России и Азербайджана вырос на 10%, сообщил Ильхам Алиев, передаёт ТАСС.",
        "Ilham Aliyev",
        "Ильхам Алиев",
        "speaker:ru_reporting_verb",
        id="person-before-outlet",
    ),
    pytest.param(
        "Об этом на встрече с президентом России Владимиром Путиным заявил президент "
        "Азербайджана Ильхам Алиев.",
        "Об этом на встрече с президентом России Владимиром Путиным заявил президент "
        "Азербайджана Ильхам Алиев.",
        "Ilham Aliyev",
        "Ильхам Алиев",
        "speaker:ru_reporting_verb",
        id="object-in-instrumental-is-no-subject",
    ),
    pytest.param(
        "Товарооборот России и Белоруссии достиг $50 млрд. Такую цифру озвучил белорусский "
        "посол в Москве Дмитрий Крутой.",
        "Товарооборот России и Белоруссии достиг $50 млрд.",
        "Dmitry Krutoy",
        "Дмитрий Крутой",
        "speaker:ru_backref",
        id="backref-takuyu-tsifru",
    ),
    pytest.param(
        "Товарооборот Ирана и России вырос на 20%. Об этом агентству ILNA сказал официальный "
        "представитель таможенного управления Ирана Рухолла Латифи.",
        "Товарооборот Ирана и России вырос на 20%.",
        "Ruhollah Latifi",
        "Рухолла Латифи",
        "speaker:ru_backref",
        id="backref-ob-etom-spokesman-of-a-body",
    ),
    pytest.param(
        "Вице-премьер Жамшид Ходжаев заявил, что торговля растёт. По итогам года товарооборот "
        "Узбекистана и России достигнет $12 млрд.",
        "По итогам года товарооборот Узбекистана и России достигнет $12 млрд.",
        "Jamshid Khodjaev",
        "Жамшид Ходжаев",
        "speaker:ru_carried",
        id="carried-after-chto",
    ),
    pytest.param(
        "Торговля России и Армении сократилась, заявил вице-премьер Алексей Оверчук. По итогам "
        "года она составит $6 млрд.",
        "По итогам года она составит $6 млрд.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_carried",
        id="carried-after-inverted-verb",
    ),
    pytest.param(
        "Иранский посол Казем Джалали выступил на приёме. По словам дипломата, товарооборот "
        "Ирана и России превысит $5 млрд.",
        "По словам дипломата, товарооборот Ирана и России превысит $5 млрд.",
        "Kazem Jalali",
        "Казем Джалали",
        "speaker:ru_title",
        id="title-in-genitive-for-a-person",
    ),
    pytest.param(
        "Президент Таджикистана провёл встречу. Рахмон утверждает, что товарооборот "
        "Таджикистана и России вырос на 25%.",
        "Рахмон утверждает, что товарооборот Таджикистана и России вырос на 25%.",
        "Rahmon",
        "Рахмон",
        "speaker:ru_reporting_verb",
        id="lone-surname-the-dictionary-reads-as-a-name",
    ),
    pytest.param(
        "Президент Казахстана Касым-Жомарт Токаев выступил на форуме.\nГлава государства "
        "отметил, что товарооборот Казахстана и России приближается к $30 млрд.",
        "Глава государства отметил, что товарооборот Казахстана и России приближается к $30 млрд.",
        "Kassym-Jomart Tokayev",
        "Касым-Жомарт Токаев",
        "speaker:ru_title",
        id="head-of-state",
    ),
    pytest.param(
        "Президент России Владимир Путин принял президента Казахстана Касым-Жомарта Токаева. "
        "Президент Казахстана сообщил, что товарооборот двух стран вырос на 6%.",
        "Президент Казахстана сообщил, что товарооборот двух стран вырос на 6%.",
        "Kassym-Jomart Tokayev",
        "Касым-Жомарт Токаев",
        "speaker:ru_title",
        id="title-with-country-picks-its-holder",
    ),
    pytest.param(
        "В Астане выступил турецкий президент Реджеп Тайип Эрдоган. Политик отметил, что "
        "товарооборот Турции и России составляет $55 млрд.",
        "Политик отметил, что товарооборот Турции и России составляет $55 млрд.",
        "Recep Tayyip Erdogan",
        "Реджеп Тайип Эрдоган",
        "speaker:ru_title",
        id="generic-word-for-last-named",
    ),
    pytest.param(
        "Из уст заместителя премьер-министра Казахстана Серика Жумангарина прозвучала цифра: "
        "товарооборот с Узбекистаном превысил $5 млрд.",
        "Из уст заместителя премьер-министра Казахстана Серика Жумангарина прозвучала цифра: "
        "товарооборот с Узбекистаном превысил $5 млрд.",
        "Serik Zhumangarin",
        "Серик Жумангарин",
        "speaker:ru_according_to",
        id="iz-ust-genitive",
    ),
    pytest.param(
        "ТАСС приводит слова Алексея Оверчука: товарооборот России и Ирана вырос на 22%.",
        "ТАСС приводит слова Алексея Оверчука: товарооборот России и Ирана вырос на 22%.",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_according_to",
        id="privodit-slova",
    ),
    pytest.param(
        "Оверчук: товарооборот России и Ирана вырос на 22%\nВице-премьер Алексей Оверчук "
        "выступил в Тегеране.",
        "Оверчук: товарооборот России и Ирана вырос на 22%",
        "Alexei Overchuk",
        "Алексей Оверчук",
        "speaker:ru_label",
        id="headline-label",
    ),
    pytest.param(
        "Посол Джалали: Иран хочет довести товарооборот с Россией до $30 млрд\nИранский посол "
        "Казем Джалали выступил на приёме.",
        "Посол Джалали: Иран хочет довести товарооборот с Россией до $30 млрд",
        "Kazem Jalali",
        "Казем Джалали",
        "speaker:ru_label",
        id="headline-label-with-title",
    ),
    pytest.param(
        "Турция и Россия доведут товарооборот до $100 млрд - Эрдоган\nПрезидент Турции Реджеп "
        "Тайип Эрдоган прибыл в Астану.",
        "Турция и Россия доведут товарооборот до $100 млрд - Эрдоган",
        "Recep Tayyip Erdogan",
        "Реджеп Тайип Эрдоган",
        "speaker:ru_label_after",
        id="headline-closed-by-name",
    ),
    pytest.param(
        "Министр торговли Серик Жумангарин ответил на вопросы.\nВопрос: Что с торговлей?\n"
        "Ответ: Товарооборот Казахстана и Узбекистана превысил $5 млрд.",
        "Ответ: Товарооборот Казахстана и Узбекистана превысил $5 млрд.",
        "Serik Zhumangarin",
        "Серик Жумангарин",
        "speaker:ru_label",
        id="interview-answer",
    ),
    pytest.param(
        "Посол Турции в Москве Мехмет Самсар выступил на форуме.\nПосол: товарооборот Турции и "
        "России к концу года составит $60 млрд.",
        "Посол: товарооборот Турции и России к концу года составит $60 млрд.",
        "Mehmet Samsar",
        "Мехмет Самсар",
        "speaker:ru_label",
        id="label-by-a-bare-title",
    ),
    pytest.param(
        "Первый вице-премьер Андрей Белоусов дал интервью журналу.\n— Андрей Рэмович, как "
        "растёт торговля с Китаем?\n— Товарооборот России и Китая превысил $200 млрд.\n— А "
        "что с Индией?\n— Торговля с Индией выросла вдвое.",
        "Товарооборот России и Китая превысил $200 млрд.",
        "Andrei Belousov",
        "Андрей Белоусов",
        "speaker:ru_interview_answer",
        id="dashed-interview-answer",
    ),
    pytest.param(
        "Президент России Владимир Путин провёл переговоры в Минске. Товарооборот России и "
        "Белоруссии вырос на треть, сказал глава РФ.",
        "Товарооборот России и Белоруссии вырос на треть, сказал глава РФ.",
        "Vladimir Putin",
        "Владимир Путин",
        "speaker:ru_title",
        id="head-and-a-country-is-head-of-state",
    ),
    pytest.param(
        "Вице-премьер Белоруссии Леонид Заяц выступил в Минске. По его информации, экспорт "
        "Белоруссии в Россию вырос на 25%.",
        "По его информации, экспорт Белоруссии в Россию вырос на 25%.",
        "Leonid Zayats",
        "Леонид Заяц",
        "speaker:ru_pronoun",
        id="po-ego-informatsii",
    ),
]


@pytest.mark.parametrize(("text", "sentence", "latin", "russian", "rule"), NAMED)
def test_named_speaker(text: str, sentence: str, latin: str, russian: str, rule: str) -> None:
    assert _ask(text, sentence) == (latin, russian, rule)


# ------------------------------------------------------------------------ direct speech
QUOTES = [
    pytest.param(
        "«Товарооборот России и Белоруссии достигнет $40 млрд», — подчеркнул Путин. Президент "
        "России Владимир Путин выступил в Минске.",
        "«Товарооборот России и Белоруссии достигнет $40 млрд», — подчеркнул Путин.",
        "Vladimir Putin",
        "speaker:ru_quote_after",
        id="guillemets-em-dash",
    ),
    pytest.param(
        'Вице-премьер Жамшид Ходжаев выступил в Ташкенте. "Товарооборот между нашими странами '
        'превысил 11 миллиардов. Мы ожидаем 12 миллиардов", - сказал он.',
        "Товарооборот между нашими странами превысил 11 миллиардов.",
        "Jamshid Khodjaev",
        "speaker:ru_pronoun",
        id="quote-over-two-sentences-hyphen-pronoun",
    ),
    pytest.param(
        "Президент Казахстана Касым-Жомарт Токаев выступил в Астане. „Наш товарооборот растёт и "
        "приближается к $30 млрд“, – отметил Токаев.",
        "„Наш товарооборот растёт и приближается к $30 млрд“, – отметил Токаев.",
        "Kassym-Jomart Tokayev",
        "speaker:ru_quote_after",
        id="low-quotes-en-dash",
    ),
    pytest.param(
        "Вице-премьер РФ Виктория Абрамченко провела заседание. «Ожидаем, что товарооборот "
        "России и Монголии превысит $2 млрд», — отметила она.",
        "«Ожидаем, что товарооборот России и Монголии превысит $2 млрд», — отметила она.",
        "Victoria Abramchenko",
        "speaker:ru_pronoun",
        id="she-for-the-woman",
    ),
    pytest.param(
        "Глава МИД РФ Сергей Лавров встретился с министром Натальей Ивановой. «Товарооборот "
        "России и Китая вырос в 13 раз», — сказал он.",
        "«Товарооборот России и Китая вырос в 13 раз», — сказал он.",
        "Sergei Lavrov",
        "speaker:ru_pronoun",
        id="he-skips-the-woman",
    ),
    pytest.param(
        "Вице-премьер Белоруссии Леонид Заяц выступил в Минске.\n- Экспорт Белоруссии в "
        "Россию вырос на 25%, - сообщил он.",
        "- Экспорт Белоруссии в Россию вырос на 25%, - сообщил он.",
        "Leonid Zayats",
        "speaker:ru_pronoun",
        id="speech-set-off-by-hyphens",
    ),
    pytest.param(
        "«Товарооборот России и Ирана вырос на 22%», — цитирует ТАСС Алексея Оверчука.",
        "«Товарооборот России и Ирана вырос на 22%», — цитирует ТАСС Алексея Оверчука.",
        "Alexei Overchuk",
        "speaker:ru_quote_after",
        id="quoted-by-an-outlet",
    ),
    pytest.param(
        "Президент России Владимир Путин заявил: «Товарооборот России и Белоруссии в этом году "
        "достигнет $40 млрд».",
        "«Товарооборот России и Белоруссии в этом году достигнет $40 млрд».",
        "Vladimir Putin",
        "speaker:ru_quote_before",
        id="quote-introduced-by-colon",
    ),
    pytest.param(
        "«Наша цель — $100 млрд», — сказал президент Турции Реджеп Тайип Эрдоган. «Сейчас "
        "товарооборот Турции и России составляет $55 млрд».",
        "«Сейчас товарооборот Турции и России составляет $55 млрд».",
        "Recep Tayyip Erdogan",
        "speaker:ru_quote_borrowed",
        id="quote-borrows-from-its-neighbour",
    ),
    pytest.param(
        "В Баку прошли переговоры. Ильхам Алиев выступил первым.\n«Товарооборот Азербайджана и "
        "России вырос на 10%», — сказал глава государства.",
        "«Товарооборот Азербайджана и России вырос на 10%», — сказал глава государства.",
        None,
        "speaker:ru_unnamed",
        id="title-with-no-title-holder-named",
    ),
]


@pytest.mark.parametrize(("text", "sentence", "latin", "rule"), QUOTES)
def test_direct_speech(text: str, sentence: str, latin: str | None, rule: str) -> None:
    got_latin, _, got_rule = _ask(text, sentence)
    assert (got_latin, got_rule) == (latin, rule)


# ----------------------------------------------------------------------- no one named
NOBODY = [
    pytest.param(
        "Товарооборот России и Казахстана в 2023 году вырос на 5%.",
        "Товарооборот России и Казахстана в 2023 году вырос на 5%.",
        NONE,
        id="article-voice",
    ),
    pytest.param(
        "Товарооборот России и Китая вырос на 36%, сообщило Главное таможенное управление КНР.",
        "Товарооборот России и Китая вырос на 36%, сообщило Главное таможенное управление КНР.",
        "speaker:ru_institution",
        id="customs-said",
    ),
    pytest.param(
        "Министерство экономического развития сообщило, что товарооборот России и Индии "
        "вырос на 9%.",
        "Министерство экономического развития сообщило, что товарооборот России и Индии "
        "вырос на 9%.",
        "speaker:ru_institution",
        id="ministry-said",
    ),
    pytest.param(
        "По данным Росстата, товарооборот России и Армении вырос на 86%.",
        "По данным Росстата, товарооборот России и Армении вырос на 86%.",
        "speaker:ru_institution",
        id="po-dannym-statistics",
    ),
    pytest.param(
        "По данным ФТС, товарооборот России и Турции составил $55 млрд.",
        "По данным ФТС, товарооборот России и Турции составил $55 млрд.",
        "speaker:ru_institution",
        id="po-dannym-customs",
    ),
    pytest.param(
        "Товарооборот Казахстана и России вырос на 7%, сообщили в Минэкономразвития.",
        "Товарооборот Казахстана и России вырос на 7%, сообщили в Минэкономразвития.",
        "speaker:ru_institution",
        id="plural-verb-in-a-ministry",
    ),
    pytest.param(
        "Товарооборот Казахстана и Узбекистана достиг $4,5 млрд, сообщает пресс-служба "
        "правительства Казахстана.",
        "Товарооборот Казахстана и Узбекистана достиг $4,5 млрд, сообщает пресс-служба "
        "правительства Казахстана.",
        "speaker:ru_institution",
        id="press-service",
    ),
    pytest.param(
        "Товарооборот Казахстана и России вырос на 3%, сообщил Комитет по статистике.",
        "Товарооборот Казахстана и России вырос на 3%, сообщил Комитет по статистике.",
        "speaker:ru_institution",
        id="statistics-committee",
    ),
    pytest.param(
        "Экспорт Ирана в Россию вырос на 30%. Об этом сообщает агентство ИСНА со ссылкой на "
        "таможенную службу Ирана.",
        "Экспорт Ирана в Россию вырос на 30%.",
        "speaker:ru_institution",
        id="backref-to-a-body",
    ),
    pytest.param(
        "Президенты Узбекистана и Киргизии Шавкат Мирзиёев и Садыр Жапаров отметили рост "
        "товарооборота до $1 млрд.",
        "Президенты Узбекистана и Киргизии Шавкат Мирзиёев и Садыр Жапаров отметили рост "
        "товарооборота до $1 млрд.",
        "speaker:ru_several",
        id="two-presidents",
    ),
    pytest.param(
        "По словам таджикских чиновников, товарооборот Таджикистана и Узбекистана вырос вдвое.",
        "По словам таджикских чиновников, товарооборот Таджикистана и Узбекистана вырос вдвое.",
        "speaker:ru_several",
        id="officials-plural",
    ),
    pytest.param(
        "Как отмечается в сообщении, товарооборот России и Монголии превысил $1 млрд.",
        "Как отмечается в сообщении, товарооборот России и Монголии превысил $1 млрд.",
        "speaker:ru_impersonal",
        id="impersonal",
    ),
    pytest.param(
        "Было отмечено, что товарооборот Азербайджана и России вырос на 10%.",
        "Было отмечено, что товарооборот Азербайджана и России вырос на 10%.",
        "speaker:ru_impersonal",
        id="bylo-otmecheno",
    ),
    pytest.param(
        "«Товарооборот Узбекистана и Киргизии достиг $1 млрд», — отмечается в сообщении.",
        "«Товарооборот Узбекистана и Киргизии достиг $1 млрд», — отмечается в сообщении.",
        "speaker:ru_impersonal",
        id="quote-of-a-statement",
    ),
    pytest.param(
        "Вице-премьер Алексей Оверчук посетил Ереван. Как сообщал Оверчук, торговля "
        "сокращается. В 2024 году товарооборот России и Армении достиг $12,7 млрд.",
        "В 2024 году товарооборот России и Армении достиг $12,7 млрд.",
        NONE,
        id="earlier-statement-is-not-carried",
    ),
    pytest.param(
        "Вице-премьер Алексей Оверчук заявил, что торговля растёт.\nВ 2024 году товарооборот "
        "России и Армении достиг $12,7 млрд.",
        "В 2024 году товарооборот России и Армении достиг $12,7 млрд.",
        NONE,
        id="no-carry-into-a-new-paragraph",
    ),
    pytest.param(
        "Товарооборот России и Турции вырастет до $60 млрд, считают эксперты.",
        "Товарооборот России и Турции вырастет до $60 млрд, считают эксперты.",
        "speaker:ru_several",
        id="experts-plural",
    ),
    pytest.param(
        "Переговоры прошли в Москве. Товарооборот России и Турции вырос на 5%, сообщил он.",
        "Товарооборот России и Турции вырос на 5%, сообщил он.",
        "speaker:ru_unnamed",
        id="pronoun-with-no-one-before",
    ),
    pytest.param(
        "По словам президента России Владимира Путина, торговля растёт.\nВ Минске прошли "
        "переговоры. Стороны подписали соглашения. Лукашенко провёл пресс-конференцию. "
        "Товарооборот России и Белоруссии вырос на 10%.\n«Мы выйдем на $40 млрд», — "
        "подчеркнул Путин.",
        "Товарооборот России и Белоруссии вырос на 10%.",
        NONE,
        id="a-long-paragraph-between-is-the-outlets",
    ),
    pytest.param(
        "Казатомпром сообщил, что экспорт Казахстана в Китай вырос на 12%.",
        "Казатомпром сообщил, что экспорт Казахстана в Китай вырос на 12%.",
        "speaker:ru_not_a_person",
        id="company-shaped-word-is-no-surname",
    ),
    pytest.param(
        "Пекин заявил, что товарооборот Китая и России превысит $200 млрд.",
        "Пекин заявил, что товарооборот Китая и России превысит $200 млрд.",
        "speaker:ru_not_a_person",
        id="capital-is-no-surname",
    ),
    pytest.param(
        "Сбербанк сообщил, что платежи между Россией и Китаем выросли на 30%.",
        "Сбербанк сообщил, что платежи между Россией и Китаем выросли на 30%.",
        "speaker:ru_not_a_person",
        id="bank-is-no-surname",
    ),
    pytest.param(
        "Товарооборот России и Вьетнама вырос на 10%, сообщила газета «Ведомости».",
        "Товарооборот России и Вьетнама вырос на 10%, сообщила газета «Ведомости».",
        "speaker:ru_institution",
        id="newspaper",
    ),
]


@pytest.mark.parametrize(("text", "sentence", "rule"), NOBODY)
def test_no_person(text: str, sentence: str, rule: str) -> None:
    latin, russian, got = _ask(text, sentence)
    assert (latin, russian, got) == (None, None, rule)


def test_dateline_split_off_takes_the_next_sentence() -> None:
    text = (
        "ТАШКЕНТ, 3 дек - ПРАЙМ. Товарооборот Узбекистана и России достигнет $12 млрд, заявил "
        "вице-премьер Жамшид Ходжаев."
    )
    resolver = SpeakerResolver(text, _sentences(text))
    dateline = Span(0, text.index(".") + 1)
    assert resolver.speaker_and_rule(dateline) == ("Jamshid Khodjaev", "speaker:ru_reporting_verb")


def test_oblique_only_mention_is_put_in_the_nominative() -> None:
    text = (
        "Лукашенко провёл переговоры с Михаилом Мишустиным. По словам Мишустина, товарооборот "
        "России и Белоруссии вырос на 10%."
    )
    sentence = "По словам Мишустина, товарооборот России и Белоруссии вырос на 10%."
    assert _ask(text, sentence)[:2] == ("Mikhail Mishustin", "Михаил Мишустин")


@pytest.mark.parametrize(
    ("genitive", "latin", "russian"),
    [
        ("Натальи Волчковой", "Natalia Volchkova", "Наталья Волчкова"),
        ("Марии Захаровой", "Maria Zakharova", "Мария Захарова"),
        ("Александра Лукашенко", "Alexander Lukashenko", "Александр Лукашенко"),
        ("Касым-Жомарта Токаева", "Kassym-Jomart Tokayev", "Касым-Жомарт Токаев"),
        (
            "Касым-Жомарта Кемелевича Токаева",
            "Kassym-Jomart Tokayev",
            "Касым-Жомарт Кемелевич Токаев",
        ),
        ("Шавката Мирзиёева", "Shavkat Mirziyoyev", "Шавкат Мирзиёев"),
        ("Садыра Жапарова", "Sadyr Japarov", "Садыр Жапаров"),
        ("Никола Пашиняна", "Nikol Pashinyan", "Никол Пашинян"),
        ("Рухоллы Латифи", "Ruhollah Latifi", "Рухолла Латифи"),
        ("Эмомали Рахмона", "Emomali Rahmon", "Эмомали Рахмон"),
        ("Андрея Травникова", "Andrei Travnikov", "Андрей Травников"),
        ("Дмитрия Крутого", "Dmitry Krutoy", "Дмитрий Крутой"),
    ],
)
def test_a_name_in_the_genitive_is_put_in_the_nominative(
    genitive: str, latin: str, russian: str
) -> None:
    text = f"По словам {genitive}, товарооборот двух стран вырос на 5%."
    assert _ask(text, text) == (latin, russian, "speaker:ru_according_to")


def test_a_womans_name_that_is_also_a_mans_genitive() -> None:
    text = "Александра Лукашенко заявила, что товарооборот двух стран вырос на 5%."
    assert _ask(text, text)[:2] == ("Alexandra Lukashenko", "Александра Лукашенко")


# ------------------------------------------------------------------------ transliteration
@pytest.mark.parametrize(
    ("russian", "latin"),
    [
        ("Алексей Оверчук", "Alexei Overchuk"),
        ("Сергей Лавров", "Sergei Lavrov"),
        ("Юрий Ушаков", "Yuri Ushakov"),
        ("Андрей Белоусов", "Andrei Belousov"),
        ("Александр Новак", "Alexander Novak"),
        ("Дмитрий Песков", "Dmitry Peskov"),
        ("Николай Патрушев", "Nikolai Patrushev"),
        ("Михаил Мишустин", "Mikhail Mishustin"),
        ("Максим Решетников", "Maxim Reshetnikov"),
        ("Евгений Примаков", "Yevgeny Primakov"),
        ("Мария Захарова", "Maria Zakharova"),
        ("Наталья Волчкова", "Natalia Volchkova"),
        ("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
        ("Нурсултан Назарбаев", "Nursultan Nazarbayev"),
        ("Шавкат Мирзиёев", "Shavkat Mirziyoyev"),
        ("Шавкат Мирзиеев", "Shavkat Mirziyoyev"),
        ("Садыр Жапаров", "Sadyr Japarov"),
        ("Ильхам Алиев", "Ilham Aliyev"),
        ("Никол Пашинян", "Nikol Pashinyan"),
        ("Жамшид Ходжаев", "Jamshid Khodjaev"),
        ("Серик Жумангарин", "Serik Zhumangarin"),
        ("Казем Джалали", "Kazem Jalali"),
        ("Си Цзиньпин", "Xi Jinping"),
        ("Касым-Жомарт Кемелевич Токаев", "Kassym-Jomart Tokayev"),
        ("А. Оверчук", "A. Overchuk"),
        ("Дональд Трамп", "Donald Trump"),
        ("Реджеп Тайип Эрдоган", "Recep Tayyip Erdogan"),
    ],
)
def test_wire_spelling(russian: str, latin: str) -> None:
    assert latin_name(russian) == latin


@pytest.mark.parametrize(
    ("word", "latin"),
    [("Мирзиёев", "Mirziyoyev"), ("Токаев", "Tokayev"), ("Абаев", "Abayev"), ("Джалали", "Jalali")],
)
def test_scheme_habits(word: str, latin: str) -> None:
    assert transliterate(word) == latin


# ---------------------------------------------------------------------------- the tables
def _rows(name: str) -> list[dict[str, str]]:
    return read_table(f"ru/{name}")


def test_every_table_is_documented_and_well_formed() -> None:
    readme = (DATA_RU.parent / "README.md").read_text(encoding="utf-8")
    for path in sorted(DATA_RU.glob("*.tsv")):
        assert f"ru/{path.name}" in readme, f"{path.name} has no section in data/README.md"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        width = len(lines[0].split("\t"))
        for line in lines[1:]:
            if not line.startswith("#"):
                assert len(line.split("\t")) == width, f"{path.name}: {line!r}"


def test_titles_table() -> None:
    kinds = {"title", "qualifier", "institution", "place", "honorific", "non_name"}
    seen: set[str] = set()
    for row in _rows("titles.tsv"):
        assert row["kind"] in kinds, row
        assert row["phrase"] not in seen, row
        seen.add(row["phrase"])
        if row["kind"] == "place":
            assert row["group"] == "-" or re.fullmatch("[A-Z]{3}", row["group"]), row
        assert row["gender"] in ("", "m", "f"), row


def test_reporting_verbs_table() -> None:
    kinds = {"verb", "prep", "impersonal", "backref", "filler", "interview"}
    for row in _rows("reporting_verbs.tsv"):
        assert row["kind"] in kinds, row
        assert row["inverts"] in ("yes", "no"), row
        assert row["speaker"] in ("any", "body", "m", "f", "plural", "-"), row
        if row["kind"] == "verb":
            assert row["phrase"].split()[0].endswith(("ть", "ти", "чь", "ться", "тись")), row


def test_first_names_table() -> None:
    seen: set[str] = set()
    for row in _rows("first_names.tsv"):
        assert row["name"] not in seen, row
        seen.add(row["name"])
        assert row["gender"] in ("m", "f"), row
        assert re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*", row["latin"]), row


def test_person_spellings_say_what_the_scheme_cannot() -> None:
    for row in _rows("person_spellings.tsv"):
        spelled = {
            " ".join(transliterate(w) for w in variant.split())
            for variant in (row["russian"], row["russian"].replace("ё", "е"))
        }
        assert row["latin"] not in spelled or len(spelled) > 1, row


def test_word_classes_table() -> None:
    names = {row["class"] for row in _rows("word_classes.tsv")}
    assert {"speaker_preposition", "pronoun_male", "pronoun_female", "surname_oblique"} <= names


# --------------------------------------------------------------------------------- rules
def test_rule_ids_are_unique_and_named_so() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"speaker:ru_[a-z_]+", i) for i in ids)
    assert all(r.language == "ru" for r in RULES)
    assert NONE in ids


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_fires_on_its_example(rule: Rule[object, object]) -> None:
    text = rule.example
    resolver = SpeakerResolver(text, _sentences(text))
    fired = {resolver.speaker_and_rule(s)[1] for s in _sentences(text)}
    assert rule.id in fired


# ----------------------------------------------------------------------------- odd input
@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "«",
        "»",
        "«Товарооборот вырос», — ",
        '"""',
        "— сказал он.",
        "по словам",
        "По словам .",
        "А.",
        "А. .",
        "Заявил Оверчук",
        "Об этом",
        "Об этом заявил.",
        "Токаев:",
        ": Токаев",
        "- Эрдоган",
        "«Цитата без конца. Ещё одна",
        "„Товарооборот“ — ”сказал“ «он»",
        "\n\n\n— Вопрос?\n— Ответ.\n",
        "Вице-премьер Вице-премьер Вице-премьер заявил",
        "ТАСС.",
        "12345 %%% $$$",
        "Ёлка Ёжиков заявил, что ёж.",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    resolver = SpeakerResolver(text, _sentences(text))
    for s in [*_sentences(text), Span(0, len(text)), Span(0, 0)]:
        latin, rule = resolver.speaker_and_rule(s)
        assert latin is None or isinstance(latin, str)
        assert isinstance(rule, str)
        resolver.original_for(s)


def test_random_fragments_never_raise() -> None:
    rng = random.Random(7)
    pieces = [
        "заявил",
        "Оверчук",
        "Алексей",
        "«",
        "»",
        ",",
        "—",
        "-",
        ".",
        "по словам",
        "Алексея",
        "он",
        "она",
        "Об этом",
        "министр",
        "посол",
        "\n",
        ":",
        "А.",
        "Токаев",
        "пресс-служба",
        "отметили",
        '"',
        "товарооборот",
        "$5 млрд",
    ]
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        resolver = SpeakerResolver(text, _sentences(text))
        for s in _sentences(text):
            resolver.speaker_and_rule(s)
            resolver.original_for(s)


def test_span_outside_text_gives_none() -> None:
    text = "Алексей Оверчук заявил, что товарооборот вырос."
    resolver = SpeakerResolver(text, _sentences(text))
    assert resolver.speaker_and_rule(Span(500, 900)) == (None, NONE)
    assert resolver.original_for(Span(500, 900)) is None


def test_sentences_may_be_empty() -> None:
    text = "Алексей Оверчук заявил, что товарооборот России и Ирана вырос на 22%."
    resolver = SpeakerResolver(text, [])
    assert resolver.speaker_for(Span(0, len(text))) == "Alexei Overchuk"


# ---------------------------------------------------------------------- document tokens
def _all_texts() -> list[str]:
    texts = [p.values[0] for p in NAMED + QUOTES + NOBODY]
    return [t for t in texts if isinstance(t, str)] + [r.example for r in RULES]


@pytest.mark.parametrize("text", _all_texts())
def test_document_tokens_give_the_same_answers(text: str) -> None:
    doc = Document(text)
    spans = _sentences(doc.text)
    plain = SpeakerResolver(doc.text, spans)
    shared = SpeakerResolver(doc.text, spans, tokens=doc.tokens)
    for s in spans:
        assert plain.speaker_and_rule(s) == shared.speaker_and_rule(s)
        assert plain.original_for(s) == shared.original_for(s)


# --------------------------------------------------------------------------------- speed
def test_speed_on_an_article_sized_text() -> None:
    paragraph = (
        "ТАШКЕНТ, 3 дек - ПРАЙМ. Узбекистан рассчитывает довести товарооборот с Россией до 12 "
        "миллиардов долларов, заявил вице-премьер страны Жамшид Ходжаев. «По итогам года "
        "товарооборот превысил 11 миллиардов», - сказал он. Ходжаев также отметил, что экспорт "
        "вырос. По словам Алексея Оверчука, торговля растёт. Об этом сообщила пресс-служба.\n"
    )
    text = paragraph * 4  # about 1,700 characters, an ordinary article
    spans = _sentences(text)
    SpeakerResolver(text, spans)  # warm the caches of pymorphy's readings
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        resolver = SpeakerResolver(text, spans)
        for s in spans:
            resolver.speaker_and_rule(s)
    per_article = (time.perf_counter() - start) / runs
    assert per_article < 0.02  # ~1 ms on an idle machine; generous for a loaded one
