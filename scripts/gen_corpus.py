#!/usr/bin/env python3
"""Deterministic generator of raw news-like corpora (Kazakh, Russian, English) with ground truth.

Every word list, template, name and furniture phrase below was written for this script; the
"news" is nonsense that only looks like scraped news. Standard library only.

    python3 scripts/gen_corpus.py OUT_DIR [--size-mb 100 | --docs N] [--seed 0]
        [--format txt|jsonl|both] [--sites 12] [--repost-rate 0.08] [--dup-rate 0.03]
        [--langs kk,ru,en] [--style news|wire]

--style news (the default) writes articles from templates over a small vocabulary; its output is
kept byte-identical across changes of this script (benchmark corpora and tests depend on it).
--style wire writes many small agency/TV-news items: about 2 KB each, short sentences (12 words
on average), and words synthesized from per-language stems with Zipfian frequencies and
inflection (Kazakh suffix chains under vowel harmony, Russian endings), so that the vocabulary
keeps growing with the corpus as real text does (type/token ratio about 0.3 at 1 MB, 0.1 at
80 MB) and punctuation sits on the tokens; one Kazakh site writes the 2021 Latin alphabet. Same
sites, furniture kinds (less of it), reposts, duplicates and truth files as the news style.

Same arguments => byte-identical output (own random.Random instances seeded with ints only,
no hash(), no clock). Output:

  OUT_DIR/articles/<site>/<yyyy>/<mm>/<n>.txt     txt format (id = "<site>/<yyyy>/<mm>/<n>")
  OUT_DIR/articles/<site>.jsonl                   jsonl format ({"id","url","title","date","text"},
                                                  id = "<site>-<n>")
  OUT_DIR/truth.jsonl                             one line per article file / jsonl record
  OUT_DIR/truth_summary.json                      counts (articles, kinds, langs, sites, bytes...)

truth.jsonl fields: id (txt: path under OUT_DIR/articles without ".txt"; jsonl: the id field),
format ("txt"|"jsonl"), site, lang, story ("s<k>"), kind ("original"|"repost"|"duplicate"),
of (id of the article this one copies, same format; null for originals; a repost's "of" is
always an original, a duplicate's "of" is the original or repost it copies), edited_sentences
(0/1, reposts only), date, dup_variant (duplicates: "exact"|"crlf"|"trailing_spaces"|
"double_spaces"; else null), lines: [{text, label: "title"|"body"|"furniture",
furniture_kind: "credit"|"read_also"|"read_also_headline"|"cta"|"copyright"|"site_header"|
"tags"|null}] = the text split on "\n" with whitespace-only lines left out, verbatim (so a CRLF
duplicate's lines end in "\r", a trailing-space duplicate's lines keep their spaces).

With --format both every article is written twice (txt file and jsonl record, same text) and
truth.jsonl has a line for each; feed corpusmill one form at a time (the jsonl files sit inside
OUT_DIR/articles too). --size-mb counts the txt bytes (MB = 10**6 bytes).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
from bisect import bisect_right

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

KK_TO_RU = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
                          "һ": "х", "і": "и", "Ә": "А", "Ғ": "Г", "Қ": "К", "Ң": "Н", "Ө": "О",
                          "Ұ": "У", "Ү": "У", "Һ": "Х", "І": "И"})
_CYR_LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
            "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
            "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
            "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
            "һ": "h", "і": "i"}
KK_TO_EN = str.maketrans({**_CYR_LAT, **{k.upper(): v.capitalize() for k, v in _CYR_LAT.items()}})
# Latin look-alikes as scraped Kazakh text often has them (і -> i, а -> a, ...).
LOOKALIKE = str.maketrans({"і": "i", "а": "a", "с": "c", "о": "o", "е": "e", "р": "p",
                           "х": "x", "у": "y", "І": "I", "А": "A", "С": "C", "О": "O", "Е": "E",
                           "Р": "P", "К": "K", "М": "M", "Т": "T", "Н": "H"})
LATIN_I = str.maketrans({"і": "i", "І": "I"})

_SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")


def compile_tpl(s: str):
    """'a {X} b' -> ['a ', ('X',), ' b'] (fixed strings and slot keys)."""
    out = []
    pos = 0
    for m in _SLOT.finditer(s):
        if m.start() > pos:
            out.append(s[pos:m.start()])
        out.append((m.group(1),))
        pos = m.end()
    if pos < len(s):
        out.append(s[pos:])
    return out


def lines(block: str) -> list[str]:
    return [x.strip() for x in block.strip().split("\n") if x.strip()]


def words(block: str) -> list[str]:
    return [x.strip() for x in block.replace("\n", "|").split("|") if x.strip()]


def mix(*parts: int) -> int:
    """Deterministic integer seed from ints (no hash())."""
    h = 1469598103934665603
    for p in parts:
        h ^= p & 0xFFFFFFFFFFFFFFFF
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 29
    return h


# ---------------------------------------------------------------------------------------------
# Names, places, organisations (invented by composition)
# ---------------------------------------------------------------------------------------------

KK_INITIALS = list("АБҒДЕЖЗИҚКЛМНОӨПРСТҰҮШЫӘІЕ") + ["Ә", "Ғ", "Қ", "Ө", "Ұ", "Ү", "Ш", "Ж"]
KK_ROOTS = words("""Бекен|Нұрлан|Сейіт|Ерлан|Жанқұл|Мұрат|Тоқтар|Әліби|Сағын|Ғалым|Өмірзақ|Қайрат|
Ұланбек|Дәулет|Серікбай|Ахметжан|Төлеген|Жұмабай|Есенгелді|Болат|Қасымхан|Ілияс|Шәкір|Мүсір|
Құдайберген|Әбдіқадыр|Жақсылық|Тұрсын|Бейсен|Кеңес|Оразалы|Сәрсен|Үмбет|Нұрғали|Ысқақ|Дүйсен|
Байжан|Көшербай|Рахым|Әуез|Тілеу|Ержан|Қалдыбай|Сұлтан|Жәнібек|Мырзахмет|Айдарбек|Бақыт|Тәжібай|
Ғабит|Зейнолла|Өтеп|Қуаныш|Байтұрсын|Жетпіс|Смағұл|Әділбек|Хасен|Ниязбек|Құрманғали|Бөкей""")
KK_SUFFIX_M = ["ов", "ұлы", "бекұлы", "баев"]
KK_SUFFIX_F = ["ова", "қызы", "бекова"]

PLACE_A = words("Ақ|Қара|Көк|Сары|Жаңа|Ұзын|Талды|Шұбар|Ескі|Қызыл|Күн|Ой|Бел|Тас|Құм|Алтын|Теңіз|Жел|Аққу|Бозша")
PLACE_B = words("су|тау|көл|арық|бұлақ|дала|өзек|тоғай|жар|қорған|шоқы|бұта|қайың|терек|тұма|сай|бел|ағаш|дөң|құдық")
REGION_A = words("Шығыс|Батыс|Солтүстік|Оңтүстік|Орталық|Жоғарғы|Төменгі|Ұлы|Кіші|Жасыл")
REGION_B = words("Дала|Ертіс|Алатау|Сарыжайлау|Көкжиек|Тобыл|Ақкөл|Шу|Іле|Маңғыстау-Жаңа|Ақсуат|Бетпақ")
STREETS = words("Абылай|Тәуке|Жамбыл|Сейфуллин|Бұқар|Қабанбай|Райымбек|Құлагер|Тұлпар|Бәйтерек|Көктем|Шапағат")

KK_ORG_HEAD = lines("""
облыстық білім басқармасы
аудандық әкімдік
қалалық мәслихат
облыстық денсаулық сақтау басқармасы
төтенше жағдайлар департаменті
жергілікті полиция департаменті
аудандық ауыл шаруашылығы бөлімі
қалалық тұрғын үй инспекциясы
облыстық мәдениет басқармасы
жастар ресурстық орталығы
кәсіпкерлер палатасының өңірлік филиалы
облыстық статистика департаменті
табиғи ресурстар басқармасы
жолаушылар көлігі бөлімі
""")
RU_ORG_HEAD = lines("""
областное управление образования
районный акимат
городской маслихат
областное управление здравоохранения
департамент по чрезвычайным ситуациям
департамент полиции области
районный отдел сельского хозяйства
городская жилищная инспекция
областное управление культуры
молодёжный ресурсный центр
региональный филиал палаты предпринимателей
департамент статистики области
управление природных ресурсов
отдел пассажирского транспорта
""")
EN_ORG_HEAD = lines("""
regional education department
district administration
city council
regional health department
emergency situations department
regional police department
district agriculture office
city housing inspectorate
regional culture department
youth resource centre
regional chamber of entrepreneurs
regional statistics office
natural resources department
public transport office
""")
COMPANY_A = words("Дала|Нұр|Алтын|Көк|Жібек|Самал|Ақ|Шың|Арай|Бастау|Өркен|Таң|Тұмар|Ұлағат|Мерей")
COMPANY_B = words("Агро|Строй|Сервис|Трейд|Энерго|Транс|Инвест|Мед|Құрылыс|Логистик|Сут|Тех")

MONTHS_KK = words("қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан")
MONTHS_KK_LOC = words("қаңтарда|ақпанда|наурызда|сәуірде|мамырда|маусымда|шілдеде|тамызда|қыркүйекте|"
                      "қазанда|қарашада|желтоқсанда")
MONTHS_RU_GEN = words("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря")
MONTHS_RU = words("январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре")
MONTHS_EN = words("January|February|March|April|May|June|July|August|September|October|November|December")


class Names:
    def __init__(self, rng: random.Random):
        self.surnames_m = []
        self.surnames_f = []
        for r in KK_ROOTS:
            for s in KK_SUFFIX_M + KK_SUFFIX_F:
                if s in ("ов", "ова") and r[-1] in "йаеыіоұүуәиө":
                    s = "е" + s[1:]
                    root = r[:-1] if r[-1] == "й" else r
                else:
                    root = r
                (self.surnames_m if s in KK_SUFFIX_M or s == "ев" else self.surnames_f).append(root + s)
        self.cities = sorted({a + b.lower() if a[-1] != b[0] else a + b[1:] for a in PLACE_A for b in PLACE_B})
        self.cities = [c[0].upper() + c[1:] for c in self.cities]
        self.regions = [a + " " + b for a in REGION_A for b in REGION_B]
        self.companies = [a + b for a in COMPANY_A for b in COMPANY_B]


NAMES = Names(random.Random(0))


def person_kk(r) -> str:
    """'А.С. Бекенов' / 'Ғ. Мүсірова' / 'Бекенов Ә.' with Kazakh letters."""
    x = r()
    sur = NAMES.surnames_m if x < 0.6 else NAMES.surnames_f
    s = sur[int(r() * len(sur))]
    i1 = KK_INITIALS[int(r() * len(KK_INITIALS))]
    y = r()
    if y < 0.55:
        return i1 + ". " + s
    i2 = KK_INITIALS[int(r() * len(KK_INITIALS))]
    if y < 0.9:
        return i1 + "." + i2 + ". " + s
    return s + " " + i1 + "."


# ---------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------
# per topic and language: sector (T1), objects (T2, singular), items (T3, kk singular / ru plural
# genitive / en plural), tags, section name.

TOPICS = {
    "edu": {
        "kk": dict(T1=words("білім беру|мектепке дейінгі білім|кәсіптік оқыту|жоғары білім"),
                   T2=words("мектеп|балабақша|колледж|оқу орталығы|кітапхана|жатақхана|лицей|мектеп-гимназия|спорт залы|робототехника кабинеті"),
                   T3=words("оқушы|мұғалім|оқулық|грант|парта|компьютер|оқу бағдарламасы|стипендия|түлек|сынып"),
                   tags=words("білім|мектеп|мұғалім|оқушылар|грант|ҰБТ"), sec="Білім"),
        "ru": dict(T1=words("образования|дошкольного воспитания|профобучения|высшей школы"),
                   T2=words("школа|детский сад|колледж|учебный центр|библиотека|общежитие|лицей|гимназия|спортзал|кабинет робототехники"),
                   T3=words("учеников|учителей|учебников|грантов|парт|компьютеров|программ|стипендий|выпускников|классов"),
                   tags=words("образование|школа|учителя|ЕНТ|гранты|студенты"), sec="Образование"),
        "en": dict(T1=words("education|pre-school care|vocational training|higher education"),
                   T2=words("school|kindergarten|college|training centre|library|dormitory|lyceum|gymnasium|sports hall|robotics lab"),
                   T3=words("pupils|teachers|textbooks|grants|desks|computers|curricula|scholarships|graduates|classrooms"),
                   tags=words("education|schools|teachers|grants|students"), sec="Education"),
    },
    "health": {
        "kk": dict(T1=words("денсаулық сақтау|алғашқы медициналық көмек|жедел жәрдем|фармацевтика"),
                   T2=words("аурухана|емхана|фельдшерлік пункт|перзентхана|диагностикалық орталық|дәріхана|жедел жәрдем станциясы|оңалту орталығы"),
                   T3=words("дәрігер|медбике|төсек-орын|вакцина|дәрі-дәрмек|науқас|жедел жәрдем көлігі|томограф|скрининг"),
                   tags=words("денсаулық|медицина|дәрігерлер|вакцина|емхана"), sec="Денсаулық"),
        "ru": dict(T1=words("здравоохранения|первичной помощи|скорой помощи|фармацевтики"),
                   T2=words("больница|поликлиника|фельдшерский пункт|роддом|диагностический центр|аптека|подстанция скорой помощи|реабилитационный центр"),
                   T3=words("врачей|медсестёр|коек|вакцин|лекарств|пациентов|машин скорой помощи|томографов|скринингов"),
                   tags=words("здоровье|медицина|врачи|вакцинация|больницы"), sec="Здоровье"),
        "en": dict(T1=words("healthcare|primary care|emergency medicine|pharmacy"),
                   T2=words("hospital|clinic|rural health post|maternity ward|diagnostic centre|pharmacy|ambulance station|rehabilitation centre"),
                   T3=words("doctors|nurses|hospital beds|vaccines|medicines|patients|ambulances|scanners|screenings"),
                   tags=words("health|medicine|doctors|vaccination|hospitals"), sec="Health"),
    },
    "agro": {
        "kk": dict(T1=words("ауыл шаруашылығы|мал шаруашылығы|егін шаруашылығы|суармалы егіншілік"),
                   T2=words("шаруа қожалығы|сүт фермасы|элеватор|жылыжай|мал бордақылау алаңы|суару каналы|құс фабрикасы|ет өңдеу цехы"),
                   T3=words("гектар|бас мал|тонна астық|трактор|комбайн|субсидия|тұқым|жайылым|егістік"),
                   tags=words("ауыл|егін|мал|фермер|субсидия"), sec="Аграрлық сектор"),
        "ru": dict(T1=words("сельского хозяйства|животноводства|растениеводства|орошаемого земледелия"),
                   T2=words("крестьянское хозяйство|молочная ферма|элеватор|теплица|откормочная площадка|оросительный канал|птицефабрика|мясной цех"),
                   T3=words("гектаров|голов скота|тонн зерна|тракторов|комбайнов|субсидий|семян|пастбищ|посевов"),
                   tags=words("село|урожай|животноводство|фермеры|субсидии"), sec="АПК"),
        "en": dict(T1=words("agriculture|livestock farming|crop farming|irrigated farming"),
                   T2=words("family farm|dairy farm|grain elevator|greenhouse|feedlot|irrigation canal|poultry plant|meat processing shop"),
                   T3=words("hectares|head of cattle|tonnes of grain|tractors|combines|subsidies|seeds|pastures|fields"),
                   tags=words("farming|harvest|livestock|farmers|subsidies"), sec="Agriculture"),
    },
    "sport": {
        "kk": dict(T1=words("бұқаралық спорт|кәсіби спорт|жасөспірімдер спорты|ұлттық ойындар"),
                   T2=words("стадион|спорт кешені|жүзу бассейні|мұз айдыны|футбол алаңы|күрес залы|ат спорты манежі|велотрек"),
                   T3=words("спортшы|жаттықтырушы|медаль|жарыс|турнир|чемпионат|секция|жанкүйер|команда"),
                   tags=words("спорт|футбол|күрес|көкпар|чемпионат"), sec="Спорт"),
        "ru": dict(T1=words("массового спорта|профессионального спорта|детско-юношеского спорта|национальных игр"),
                   T2=words("стадион|спорткомплекс|бассейн|ледовая арена|футбольное поле|борцовский зал|манеж|велотрек"),
                   T3=words("спортсменов|тренеров|медалей|соревнований|турниров|чемпионатов|секций|болельщиков|команд"),
                   tags=words("спорт|футбол|борьба|кокпар|чемпионат"), sec="Спорт"),
        "en": dict(T1=words("community sport|professional sport|youth sport|national games"),
                   T2=words("stadium|sports complex|swimming pool|ice rink|football pitch|wrestling hall|riding arena|velodrome"),
                   T3=words("athletes|coaches|medals|competitions|tournaments|championships|clubs|fans|teams"),
                   tags=words("sport|football|wrestling|championship"), sec="Sport"),
    },
    "econ": {
        "kk": dict(T1=words("шағын және орта бизнес|өнеркәсіп|сауда|инвестиция тарту"),
                   T2=words("индустриялық аймақ|зауыт|сауда орталығы|бизнес-инкубатор|логистикалық хаб|тігін цехы|нан зауыты|кірпіш зауыты"),
                   T3=words("кәсіпкер|жұмыс орны|несие|салық түсімі|экспорт|өнім|инвестор|кәсіпорын|шағын кредит"),
                   tags=words("экономика|бизнес|кәсіпкерлер|инвестиция|салық"), sec="Экономика"),
        "ru": dict(T1=words("малого и среднего бизнеса|промышленности|торговли|привлечения инвестиций"),
                   T2=words("индустриальная зона|завод|торговый центр|бизнес-инкубатор|логистический хаб|швейный цех|хлебозавод|кирпичный завод"),
                   T3=words("предпринимателей|рабочих мест|кредитов|налоговых поступлений|экспортных контрактов|тонн продукции|инвесторов|предприятий|микрокредитов"),
                   tags=words("экономика|бизнес|предприниматели|инвестиции|налоги"), sec="Экономика"),
        "en": dict(T1=words("small business|manufacturing|retail trade|investment"),
                   T2=words("industrial zone|plant|shopping centre|business incubator|logistics hub|garment workshop|bakery|brick works"),
                   T3=words("entrepreneurs|jobs|loans|tax receipts|export deals|products|investors|companies|microloans"),
                   tags=words("economy|business|investment|taxes"), sec="Business"),
    },
    "culture": {
        "kk": dict(T1=words("мәдениет|театр өнері|ұлттық мұра|кітап басу ісі"),
                   T2=words("драма театры|мұражай|мәдениет үйі|өнер мектебі|концерт залы|филармония|көрме залы|ауылдық клуб"),
                   T3=words("қойылым|көрме|фестиваль|кітап|жәдігер|ақын|әнші|домбырашы|айтыс"),
                   tags=words("мәдениет|театр|айтыс|мұражай|әдебиет"), sec="Мәдениет"),
        "ru": dict(T1=words("культуры|театрального искусства|национального наследия|книгоиздания"),
                   T2=words("драмтеатр|музей|дом культуры|школа искусств|концертный зал|филармония|выставочный зал|сельский клуб"),
                   T3=words("спектаклей|выставок|фестивалей|книг|экспонатов|поэтов|исполнителей|домбристов|концертов"),
                   tags=words("культура|театр|музей|литература|айтыс"), sec="Культура"),
        "en": dict(T1=words("culture|theatre|national heritage|publishing"),
                   T2=words("drama theatre|museum|house of culture|art school|concert hall|philharmonic|exhibition hall|village club"),
                   T3=words("performances|exhibitions|festivals|books|artefacts|poets|singers|dombra players|concerts"),
                   tags=words("culture|theatre|museums|books"), sec="Culture"),
    },
    "roads": {
        "kk": dict(T1=words("жол құрылысы|қоғамдық көлік|жол қауіпсіздігі|теміржол қатынасы"),
                   T2=words("республикалық трасса|көпір|автовокзал|аялдама|жол айрығы|жерасты өткелі|теміржол вокзалы|автобус паркі"),
                   T3=words("шақырым жол|автобус|бағдаршам|жол белгісі|рейс|жолаушы|жол апаты|айыппұл|такси"),
                   tags=words("жол|көлік|автобус|трасса|ЖКО"), sec="Көлік"),
        "ru": dict(T1=words("дорожного строительства|общественного транспорта|безопасности дорожного движения|железнодорожного сообщения"),
                   T2=words("республиканская трасса|мост|автовокзал|остановка|развязка|подземный переход|вокзал|автобусный парк"),
                   T3=words("километров дорог|автобусов|светофоров|дорожных знаков|рейсов|пассажиров|ДТП|штрафов|такси"),
                   tags=words("дороги|транспорт|автобусы|ДТП|трасса"), sec="Транспорт"),
        "en": dict(T1=words("road building|public transport|road safety|rail service"),
                   T2=words("national highway|bridge|bus terminal|bus stop|interchange|underpass|railway station|bus depot"),
                   T3=words("kilometres of road|buses|traffic lights|road signs|routes|passengers|crashes|fines|taxis"),
                   tags=words("roads|transport|buses|highway"), sec="Transport"),
    },
    "eco": {
        "kk": dict(T1=words("экология|су ресурстары|орман шаруашылығы|қалдықтарды қайта өңдеу"),
                   T2=words("полигон|тазарту қондырғысы|саябақ|орман алқабы|су қоймасы|қорық|жасыл белдеу|сұрыптау станциясы"),
                   T3=words("көшет|тонна қоқыс|текше метр су|шығарынды|ағаш|балық|құс|экоактивист|қалдық"),
                   tags=words("экология|су|орман|қоқыс|табиғат"), sec="Экология"),
        "ru": dict(T1=words("экологии|водных ресурсов|лесного хозяйства|переработки отходов"),
                   T2=words("полигон|очистные сооружения|парк|лесной массив|водохранилище|заповедник|зелёный пояс|сортировочная станция"),
                   T3=words("саженцев|тонн мусора|кубометров воды|выбросов|деревьев|рыб|птиц|экоактивистов|отходов"),
                   tags=words("экология|вода|лес|мусор|природа"), sec="Экология"),
        "en": dict(T1=words("environment|water resources|forestry|waste recycling"),
                   T2=words("landfill|treatment plant|park|woodland|reservoir|nature reserve|green belt|sorting station"),
                   T3=words("saplings|tonnes of waste|cubic metres of water|emissions|trees|fish|birds|volunteers|waste"),
                   tags=words("ecology|water|forests|waste|nature"), sec="Environment"),
    },
    "housing": {
        "kk": dict(T1=words("тұрғын үй құрылысы|коммуналдық шаруашылық|жылумен жабдықтау|газдандыру"),
                   T2=words("көппәтерлі үй|жылу электр орталығы|қазандық|газ құбыры|су құбыры|жатақхана|тұрғын үй кешені|кәріз желісі"),
                   T3=words("пәтер|шаршы метр|отбасы|жалдамалы үй|шақырым құбыр|тариф|кезекте тұрған азамат|ипотека|лифт"),
                   tags=words("тұрғын үй|коммуналдық қызмет|газ|жылу|пәтер"), sec="Қоғам"),
        "ru": dict(T1=words("жилищного строительства|ЖКХ|теплоснабжения|газификации"),
                   T2=words("многоквартирный дом|ТЭЦ|котельная|газопровод|водопровод|общежитие|жилой комплекс|канализационная сеть"),
                   T3=words("квартир|квадратных метров|семей|арендных домов|километров труб|тарифов|очередников|ипотечных займов|лифтов"),
                   tags=words("жильё|ЖКХ|газ|отопление|квартиры"), sec="Общество"),
        "en": dict(T1=words("housing|utilities|district heating|gas supply"),
                   T2=words("apartment block|power plant|boiler house|gas pipeline|water main|dormitory|housing estate|sewer network"),
                   T3=words("flats|square metres|families|rental homes|kilometres of pipe|tariffs|people on the waiting list|mortgages|lifts"),
                   tags=words("housing|utilities|heating|gas"), sec="Society"),
    },
    "digital": {
        "kk": dict(T1=words("цифрландыру|байланыс|электрондық үкімет|киберқауіпсіздік"),
                   T2=words("деректер орталығы|IT-хаб|халыққа қызмет көрсету орталығы|мобильді қосымша|талшықты-оптикалық желі|байланыс мұнарасы|IT-мектеп|онлайн платформа"),
                   T3=words("электрондық қызмет|ауыл|абонент|бағдарламашы|стартап|өтінім|базалық станция|пайдаланушы|қосымша"),
                   tags=words("IT|интернет|цифрландыру|стартап|eGov"), sec="Технология"),
        "ru": dict(T1=words("цифровизации|связи|электронного правительства|кибербезопасности"),
                   T2=words("дата-центр|IT-хаб|ЦОН|мобильное приложение|оптоволоконная сеть|вышка связи|IT-школа|онлайн-платформа"),
                   T3=words("электронных услуг|сёл|абонентов|программистов|стартапов|заявок|базовых станций|пользователей|приложений"),
                   tags=words("IT|интернет|цифровизация|стартапы|eGov"), sec="Технологии"),
        "en": dict(T1=words("digitalisation|telecoms|e-government|cybersecurity"),
                   T2=words("data centre|IT hub|public service centre|mobile app|fibre network|cell tower|coding school|online platform"),
                   T3=words("e-services|villages|subscribers|programmers|start-ups|applications|base stations|users|apps"),
                   tags=words("IT|internet|digital|start-ups"), sec="Technology"),
    },
}
TOPIC_KEYS = sorted(TOPICS)

# ---------------------------------------------------------------------------------------------
# Language packs: pools, body templates, quote templates, title templates
# ---------------------------------------------------------------------------------------------

KK = dict(
    TIME=lines("""
Кеше
Бүгін
Биыл
Өткен аптада
Таяуда
Жыл басынан бері
Ағымдағы жылы
Өткен айда
Жақында
Осы аптада
Жексенбі күні
Сәрсенбіде
"""),
    ADV=lines("""
Алдағы уақытта
Жыл соңына дейін
Келесі жылы
Болашақта
Жақын арада
Қысқа мерзімде
Бірінші кезекте
Ең алдымен
"""),
    ADV2=lines("""
біртіндеп
жыл сайын
айтарлықтай
тез арада
жүйелі түрде
кезең-кезеңімен
шұғыл түрде
"""),
    ROLE=lines("""
облыс әкімі
аудан әкімі
облыс әкімінің орынбасары
басқарма басшысы
бөлім меңгерушісі
мәслихат депутаты
министрлік өкілі
департамент директоры
ауыл әкімі
Парламент Мәжілісінің депутаты
қоғам белсендісі
сарапшы
ғалым, профессор
"""),
    CUR="теңге",
    MLN="млн", MLRD="млрд.", THOUS="мың",
    PCT_WORD=["%", " пайыз", "%"],
    SAY=lines("""
деді
деп атап өтті
деп мәлімдеді
деді ол
деп түсіндірді
деп толықтырды
дейді
"""),
)
KK_BODY = lines("""
{TIME} {CITY} қаласында {T1} бойынша {NUM} жоба іске асырылды.
Бұл туралы {ROLE} {P} мәлімдеді.
{ORG} мәліметінше, {YEAR} жылы {T1} саласына {BIG} бөлінген.
{P} {T2} мәселесіне ерекше тоқталды.
Қазіргі таңда {REG} облысында {NUM} {T3} бар.
Өткен жылмен салыстырғанда бұл көрсеткіш {PCT} өскен.
{DATEL} {ORG2} өкілдері {CITY2} ауылына барып, {T2} жағдайымен танысты.
{ADV} {T2} сапасын арттыру үшін {NUM} маман тартылмақ.
Жиынға {ORG2}, {ORG3} т.б. ұйымдардың өкілдері қатысты.
Жоспар бойынша жұмыстар {YEAR} ж. соңына дейін аяқталады.
Сонымен қатар {T3} үшін {BIG} қарастырылған.
{P2} пікірінше, {T1} саласындағы өзгерістер {ADV2} байқалады.
Айта кетейік, {YEAR} жылы {CITY} қаласында жаңа {T2} ашылған еді.
{ORG} {NUM} адамды тұрақты жұмыспен қамтуды көздеп отыр.
Мамандардың айтуынша, {T3} қажеттілігі {PCT} қамтылған.
Осыған орай {P2} {ORG2} басшылығымен кездесті.
Қаржы жергілікті бюджеттен және {COMPANY} серіктестігі есебінен бөлінеді.
Ағымдағы жылдың {MON} айында {T2} {NUM} рет тексерілді.
Нәтижесінде {CITY2} кентіндегі {NUM} {T2} күрделі жөндеуден өтті.
Шара аясында {NUM2} {THOUS} тұрғынға {T1} қызметі көрсетілді.
{CITY2} ауылының тұрғыны {PN} {T2} туралы өз ойын білдірді.
{ADV} {ORG} {T3} бойынша жаңа бағдарлама әзірлейді.
Ведомство дерегінше, биыл {NUM} өтінім түскен, оның {NUM2} қанағаттандырылды.
Бұдан бөлек, {REG} облысының {NUM2} ауданында {T1} орталықтары ашылады.
Былтыр бұл мақсатқа {BIG} жұмсалған.
{P} {DATE} күні {CITY} қаласындағы {T2} нысанын аралады.
Жалпы құны {BIG} болатын жоба {COMPANY} ЖШС тапсырысымен жүзеге асуда.
Еске салсақ, {DATE} {YEAR} ж. {ORG} {T3} жөнінде шешім қабылдаған болатын.
Қазір {T1} саласында {NUM2} {THOUS}нан астам адам еңбек етеді.
{STREET} көш. бойындағы тұрғындар {T2} мәселесін бірнеше рет көтерген.
{ORG3} ұсынысы бойынша {T3} тізімі {PCT} кеңейтілді.
{PN} {NUM2} жылдан бері {T1} саласында қызмет етеді.
Биылғы {MON} айында {T2} жөніндегі кеңес отырысы өтті.
Сарапшылар {T3} бағасы {PCT} қымбаттауы мүмкін екенін ескертеді.
Ол {ORG2} қызметкерлерінің жұмысына оң баға берді.
Бағдарламаға {NUM} отбасы, {NUM2} кәсіпкер қатысады.
{TIME} {REG} облысына {PN} бастаған жұмыс тобы келді.
Оның сөзінше, {T3} тапшылығы {ADV2} шешілуі тиіс.
Жобаның бірінші кезеңі {YEAR} жылы басталған, екінші кезеңі {YEAR2} ж. аяқталмақ.
{CITY} бойынша {T3} саны {NUM} бірлікке жетті.
Ақпарат үшін: {REG} облысында {NUM} {T2}, {NUM2} {T3} тіркелген.
{P} {T1} саласының бүгінгі ахуалын {PN} бастаған топпен талқылады.
Тексеру барысында {NUM2} заң бұзушылық анықталып, {BIG} айыппұл салынды.
{ORG} хабарлауынша, {T3} саны {YEAR} жылмен салыстырғанда {NUM} бірлікке артқан.
{DATEL} {CITY} қаласындағы {STREET} көшесінде {T2} пайдалануға берілді.
Әкімдік {T2} ғимаратын {YEAR2} жылға дейін қайта жаңартуды жоспарлап отыр.
Ауыл тұрғындары {T3} жетіспейтінін, ал {T2} ескіргенін айтады.
Биыл {CITY2} ауданында {NUM} {T3} сатып алынады, бұл былтырғыдан {PCT} көп.
Жергілікті атқарушы орган {T1} бағытында {NUM2} меморандумға қол қойды.
{PN} басқаратын {COMPANY} компаниясы {T2} салуға {BIG} инвестиция салмақ.
Қоғамдық тыңдауға {NUM} адам қатысып, {T1} мәселесі бойынша ұсыныстарын айтты.
Бұған дейін {P2} {T2} жұмысын жандандыру қажет екенін айтқан еді.
Жыл қорытындысы бойынша {T1} саласындағы көрсеткіштер {PCT} жақсарды.
{YEAR} жылдан бастап {T3} саны екі есе көбейді.
Мәселен, {CITY2} ауылында {T2} жоқ, тұрғындар {NUM2} шақырым жерге қатынайды.
""")
KK_QUOTE_CONTENT = lines("""
Біз {T1} саласын дамытуға ерекше көңіл бөліп отырмыз
{YEAR2} жылға дейін {NUM} {T2} салу жоспарланып отыр
Бұл – {T1} үшін үлкен мүмкіндік
Тұрғындардың барлық өтініштері мұқият қаралады
{T3} мәселесі әлі де өзекті болып қала бермек
Бізге {ORG2} тарапынан қолдау қажет
Жұмыс тоқтамайды, {MON} айына дейін бәрі дайын болады
{T2} ашылса, {NUM} адам жұмысқа орналасады
Қаражат бөлінді, енді сапаға мән беру керек
Ауыл адамдары {T3} жетіспейтінін жиі айтады
Біз {REG} облысының тәжірибесін зерделедік
Бұл бастаманы {CITY} тұрғындары қолдады
Алдағы уақытта {T3} саны {PCT} артады деп күтеміз
Әр тиынның есебі болуы тиіс
""")
KK_QUOTE = lines("""
«{QK}», – {SAY} {P}.
– {QK}, – {SAY}.
«{QK}. {QK2}», – дейді {ROLE} {P2}.
{P} «{QK}» екенін атап өтті.
– {QK}. {QK2}, – деді {PN}.
«{QK}», – деп жазды {ORG} баспасөз қызметі.
""")
KK_TITLE = lines("""
{CITY} қаласында жаңа {T2} ашылды
{REG} облысында {T1} бойынша {NUM} жоба іске асады
{P}: «{QK}»
{T1} саласына {BIG} бөлінеді
Биыл {NUM} {T2} жөнделеді
{ORG} {T2} туралы не дейді?
{CITY2} ауылында {T2} салынбақ
{T3} саны {PCT} артты
{YEAR2} жылға дейін {NUM} {T2} салынады
{CITY} тұрғындары {T2} мәселесін көтерді
{REG} облысында {T3} тапшылығы байқалады
{P} {CITY} қаласындағы {T2} нысанын аралады
{T1}: {NUM} {T3} жаңартылады
{CITY2} кентінде {T2} пайдалануға берілді
""")
KK_CODESWITCH = lines("""
«{QR}», – деді {P2} орыс тілінде.
Жиында {PN} орыс тілінде сөйлеп: «{QR}», – деді.
«{QR}», – деп жазды {ORG} өкілі әлеуметтік желідегі парақшасында.
""")

RU = dict(
    TIME=lines("""
Вчера
Сегодня
В этом году
На прошлой неделе
Накануне
С начала года
В текущем году
В прошлом месяце
На днях
На этой неделе
В воскресенье
В среду
"""),
    ADV=lines("""
В ближайшее время
До конца года
В следующем году
В перспективе
В скором времени
В сжатые сроки
В первую очередь
Прежде всего
"""),
    ADV2=lines("""
постепенно
ежегодно
заметно
в кратчайшие сроки
системно
поэтапно
в срочном порядке
"""),
    ROLE=lines("""
аким области
аким района
заместитель акима области
руководитель управления
заведующий отделом
депутат маслихата
представитель министерства
директор департамента
аким сельского округа
депутат Мажилиса
общественный активист
эксперт
профессор
"""),
    SAY=lines("""
сказал
отметил
заявил
сказал он
пояснил
добавил
подчеркнул
"""),
)
RU_BODY = lines("""
{TIME} в городе {CITY} в сфере {T1} реализовано {NUM} проектов.
Об этом сообщил {ROLE} {P}.
По данным {ORGG}, в {YEAR} г. на нужды {T1} выделено {BIG}.
{P} отдельно остановился на проблеме: {T2} требует ремонта.
На сегодняшний день в {REG} области насчитывается {NUM} {T3}.
По сравнению с прошлым годом показатель вырос на {PCT}.
{DATE} представители {ORGG2} посетили село {CITY2} и ознакомились с тем, как работает {T2}.
{ADV} для повышения качества {T1} планируется привлечь {NUM} специалистов.
Во встрече приняли участие представители {ORGG2}, {ORGG3} и т.д.
По плану работы завершатся к концу {YEAR} г.
Кроме того, на закупку {T3} предусмотрено {BIG}.
По мнению {P2G}, изменения в сфере {T1} {ADV2} становятся заметны.
Напомним, в {YEAR} году в городе {CITY} уже открывался {T2}.
{ORGC} планирует трудоустроить {NUM} человек на постоянной основе.
Как отмечают специалисты, потребность в закупке {T3} покрыта на {PCT}.
В связи с этим {P2} провёл встречу с руководством {ORGG2}.
Средства выделяются из местного бюджета и ТОО «{COMPANY}».
В {MONP} текущего года {T2} проверили {NUM} раз.
В результате в посёлке {CITY2} капитально отремонтировано {NUM} объектов.
В рамках акции услуги {T1} получили {NUM2} тыс. жителей.
Житель села {CITY2} {PN} поделился мнением о том, как работает {T2}.
{ADV} {ORGC} разработает новую программу закупки {T3}.
По данным ведомства, в этом году поступило {NUM} заявок, {NUM2} из них удовлетворены.
Кроме того, в {NUM2} районах {REG} области откроются центры {T1}.
В прошлом году на эти цели было израсходовано {BIG}.
{DATE} {P} посетил объект в городе {CITY}: {T2} на ул. {STREET}.
Проект общей стоимостью {BIG} реализуется по заказу ТОО «{COMPANY}».
Напомним, {DATE} {YEAR} г. {ORGC} принял решение о закупке {T3}.
Сейчас в сфере {T1} заняты более {NUM2} тыс. человек.
Жители ул. {STREET} неоднократно поднимали вопрос: {T2} в аварийном состоянии.
По предложению {ORGG3} список {T3} расширен на {PCT}.
{PN} работает в сфере {T1} уже {NUM2} лет.
В {MONP} этого года прошло заседание совета по вопросам {T1}.
Эксперты предупреждают, что стоимость {T3} может вырасти на {PCT}.
Он положительно оценил работу сотрудников {ORGG2}.
В программе участвуют {NUM} семей и {NUM2} предпринимателей.
{TIME} в {REG} область прибыла рабочая группа во главе с {PNI}.
По его словам, дефицит {T3} должен решаться {ADV2}.
Первый этап проекта стартовал в {YEAR} г., второй завершится в {YEAR2} г.
Количество {T3} в городе {CITY} достигло {NUM}.
Для справки: в {REG} области зарегистрировано {NUM} {T3}, т.е. на {PCT} больше.
{P} обсудил положение дел в сфере {T1} с группой во главе с {PNI}.
В ходе проверки выявлено {NUM2} нарушений, наложены штрафы на {BIG}.
Как сообщает {ORG}, количество {T3} по сравнению с {YEAR} г. увеличилось на {NUM}.
{DATE} в городе {CITY} на ул. {STREET} сдан в эксплуатацию {T2}.
Акимат планирует реконструировать здание, где расположен {T2}, до {YEAR2} года.
Сельчане жалуются на нехватку {T3}, а {T2} давно устарел.
В этом году в районе {CITY2} закупят {NUM} {T3}, что на {PCT} больше, чем годом ранее.
Местный исполнительный орган подписал {NUM2} меморандумов в сфере {T1}.
Компания «{COMPANY}», которую возглавляет {PN}, вложит {BIG} в проект.
В общественных слушаниях приняли участие {NUM} человек, они высказали предложения.
Ранее {P2} заявлял, что {T2} необходимо модернизировать.
По итогам года показатели в сфере {T1} улучшились на {PCT}.
С {YEAR} г. количество {T3} выросло вдвое.
Так, в селе {CITY2} нет своего объекта, жители ездят за {NUM2} км.
""")
RU_QUOTE_CONTENT = lines("""
Мы уделяем особое внимание развитию сферы {T1}
До {YEAR2} года планируется построить {NUM} объектов
Это большой шанс для всей сферы {T1}
Все обращения жителей будут внимательно рассмотрены
Проблема нехватки {T3} по-прежнему остаётся актуальной
Нам нужна поддержка со стороны {ORGG2}
Работы не остановятся, в {MONP} всё будет готово
Если объект откроется, работу получат {NUM} человек
Деньги выделены, теперь важно качество
Сельчане часто говорят нам о нехватке {T3}
Мы изучили опыт {REG} области
Эту инициативу поддержали жители города {CITY}
В дальнейшем ожидаем рост числа {T3} на {PCT}
Каждый тенге должен быть на счету
""")
RU_QUOTE = lines("""
«{QR}», – {SAY} {P}.
– {QR}, – {SAY}.
«{QR}. {QR2}», – говорит {ROLE} {P2}.
{P} отметил, что «{QR}».
– {QR}. {QR2}, – сказал {PN}.
«{QR}», – сообщили в пресс-службе {ORGG}.
""")
RU_TITLE = lines("""
В городе {CITY} открылся новый объект: {T2}
В {REG} области реализуют {NUM} проектов в сфере {T1}
{P}: «{QR}»
На развитие {T1} выделят {BIG}
В этом году отремонтируют {NUM} объектов
Что говорят в ведомстве о закупке {T3}?
В селе {CITY2} построят новый объект
Количество {T3} выросло на {PCT}
К {YEAR2} году построят {NUM} объектов сферы {T1}
Жители города {CITY} жалуются на нехватку {T3}
В {REG} области ощущается дефицит {T3}
{P} посетил объект в городе {CITY}
Сфера {T1}: обновят {NUM} {T3}
В посёлке {CITY2} сдан в эксплуатацию {T2}
""")
RU_CODESWITCH = lines("""
Мероприятие прошло под девизом «{KKP}».
Как говорят в народе, «{KKP}».
Гостей встречали словами «{KKP}».
На баннере у входа было написано: «{KKP}».
Участники акции скандировали «{KKP}!»
""")
KK_PHRASES = lines("""
Біз біргеміз
Туған жерге тағзым
Ел іші – алтын бесік
Білім – болашақ кілті
Ауылым – алтын бесігім
Жасыл ел
Бірлік бар жерде тірлік бар
Таза ауа – таза өмір
Жақсы жол – жарқын болашақ
Еңбек етсең емерсің
Жастар – ел тірегі
Қош келдіңіздер
Рақмет, ағайын
Халық үшін қызмет
""")

EN = dict(
    TIME=lines("""
Yesterday
Today
This year
Last week
Earlier this week
Since January
So far this year
Last month
Recently
On Sunday
On Wednesday
"""),
    ADV=lines("""
In the coming months
By the end of the year
Next year
Over the next five years
Soon
As a first step
Above all
"""),
    ADV2=lines("""
gradually
every year
noticeably
quickly
step by step
as a matter of urgency
"""),
    ROLE=lines("""
regional governor
district head
deputy governor
head of department
office manager
city council member
ministry spokesperson
department director
village head
member of parliament
community activist
analyst
professor
"""),
    SAY=lines("""
said
noted
stated
explained
added
told reporters
"""),
)
EN_BODY = lines("""
{TIME} the city of {CITY} completed {NUM} projects in {T1}.
This was announced by {ROLE} {P}.
According to the {ORG}, {BIG} was allocated to {T1} in {YEAR}.
{P} paid special attention to the state of the local {T2}.
There are currently {NUM} {T3} in {REG} region.
Compared with last year the figure rose by {PCT}.
On {DATE} officials from the {ORG2} visited the village of {CITY2} to inspect the {T2}.
{ADV} about {NUM} specialists will be hired to improve {T1}.
Representatives of the {ORG2}, the {ORG3} etc. attended the meeting.
The works are scheduled to finish by the end of {YEAR}.
In addition, {BIG} has been set aside for {T3}.
In the opinion of {P2}, changes in {T1} are {ADV2} becoming visible.
In {YEAR} a new {T2} was opened in {CITY}.
The {ORG} plans to create {NUM} permanent jobs.
Specialists say demand for {T3} is {PCT} covered.
{P2} then met the leadership of the {ORG2}.
Funding comes from the local budget and from {COMPANY} LLP.
In {MON} the {T2} was inspected {NUM} times.
As a result, {NUM} buildings in the settlement of {CITY2} were overhauled.
About {NUM2} thousand residents used {T1} services during the campaign.
{PN}, who lives in {CITY2}, shared his view of the {T2}.
{ADV} the {ORG} will draft a new programme for {T3}.
The agency received {NUM} applications this year and approved {NUM2} of them.
Centres for {T1} will also open in {NUM2} districts of {REG} region.
Last year {BIG} was spent for these purposes.
On {DATE} {P} toured the {T2} on {STREET} Street in {CITY}.
The project, worth {BIG}, is commissioned by {COMPANY} LLP.
On {DATE} {YEAR} the {ORG} decided to purchase more {T3}.
More than {NUM2} thousand people now work in {T1}.
Residents of {STREET} Street have repeatedly complained about the {T2}.
At the suggestion of the {ORG3}, the list of {T3} was expanded by {PCT}.
{PN} has worked in {T1} for {NUM2} years.
A council meeting on {T1} was held in {MON}.
Analysts warn that the cost of {T3} may rise by {PCT}.
He praised the work of the {ORG2} staff.
Some {NUM} families and {NUM2} entrepreneurs take part in the scheme.
{TIME} a working group led by {PN} arrived in {REG} region.
In his words, the shortage of {T3} must be solved {ADV2}.
The first stage began in {YEAR}; the second will end in {YEAR2}.
The number of {T3} in {CITY} has reached {NUM}.
For reference: {NUM} {T3} are registered in {REG} region, i.e. {PCT} more.
Inspectors found {NUM2} violations and imposed fines of {BIG}.
The local authority signed {NUM2} memoranda on {T1}.
{COMPANY}, headed by {PN}, will invest {BIG} in a new {T2}.
Some {NUM} people attended the public hearing and made proposals on {T1}.
Earlier {P2} said the {T2} needed to be modernised.
Villagers in {CITY2} have no {T2} of their own and travel {NUM2} km.
""")
EN_QUOTE_CONTENT = lines("""
We pay special attention to {T1}
By {YEAR2} we plan to build {NUM} new facilities
This is a big opportunity for {T1}
Every request from residents will be considered
The shortage of {T3} remains a pressing issue
We need support from the {ORG2}
The work will not stop, everything will be ready by {MON}
Once it opens, {NUM} people will get jobs
The money is there, now quality matters
People in the villages keep telling us about {T3}
We studied the experience of {REG} region
""")
EN_QUOTE = lines("""
"{QE}," {P} {SAY}.
"{QE}. {QE2}," said {ROLE} {P2}.
{P} noted that "{QE}".
"{QE}," the {ORG} press office wrote.
“{QE},” {PN} {SAY}.
""")
EN_TITLE = lines("""
New {T2} opens in {CITY}
{REG} region to carry out {NUM} projects in {T1}
{P}: "{QE}"
{BIG} to be allocated to {T1}
{NUM} facilities to be repaired this year
What does the {ORG} say about {T3}?
New {T2} to be built in {CITY2}
Number of {T3} up {PCT}
{NUM} new facilities by {YEAR2}
{CITY} residents raise concerns over {T2}
{REG} region faces shortage of {T3}
{P} inspects {T2} in {CITY}
{T2} in {CITY2} put into service
""")

BODY = {"kk": [compile_tpl(t) for t in KK_BODY], "ru": [compile_tpl(t) for t in RU_BODY],
        "en": [compile_tpl(t) for t in EN_BODY]}
QUOTE = {"kk": [compile_tpl(t) for t in KK_QUOTE], "ru": [compile_tpl(t) for t in RU_QUOTE],
         "en": [compile_tpl(t) for t in EN_QUOTE]}
QCONTENT = {"kk": [compile_tpl(t) for t in KK_QUOTE_CONTENT],
            "ru": [compile_tpl(t) for t in RU_QUOTE_CONTENT],
            "en": [compile_tpl(t) for t in EN_QUOTE_CONTENT]}
TITLE = {"kk": [compile_tpl(t) for t in KK_TITLE], "ru": [compile_tpl(t) for t in RU_TITLE],
         "en": [compile_tpl(t) for t in EN_TITLE]}
CODESWITCH = {"kk": [compile_tpl(t) for t in KK_CODESWITCH],
              "ru": [compile_tpl(t) for t in RU_CODESWITCH]}
PACK = {"kk": KK, "ru": RU, "en": EN}

# Replacement words for repost edits ("a word changed").
EDIT_WORDS = {
    "kk": words("жаңа|ірі|заманауи|қосымша|арнайы|негізгі|жергілікті|маңызды|бірқатар|көптеген"),
    "ru": words("новый|крупный|современный|дополнительный|специальный|основной|местный|важный|ряд|многие"),
    "en": words("new|large|modern|additional|special|main|local|important|several|many"),
}


# ---------------------------------------------------------------------------------------------
# Story: the language-level content shared by an original and its reposts
# ---------------------------------------------------------------------------------------------

def fmt_dec(x: float, lang: str) -> str:
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return s if lang == "en" else s.replace(".", ",")


class Cast:
    """Slot filler for one story (main people, places, topic) in one language."""

    __slots__ = ("lang", "r", "P", "P2", "ORG", "ORG2", "ORG3", "CITY", "CITY2", "REG", "topic",
                 "company", "street", "pack", "year", "last_q")

    def __init__(self, lang: str, rnd: random.Random, topic: str):
        r = rnd.random
        self.lang = lang
        self.r = r
        self.topic = TOPICS[topic][lang]
        self.pack = PACK[lang]
        self.P = self.person()
        self.P2 = self.person()
        self.CITY = self.pick(NAMES.cities)
        self.CITY2 = self.pick(NAMES.cities)
        self.REG = self.pick(NAMES.regions)
        self.company = self.pick(NAMES.companies)
        self.street = self.pick(STREETS)
        heads = {"kk": KK_ORG_HEAD, "ru": RU_ORG_HEAD, "en": EN_ORG_HEAD}[lang]
        self.ORG = self.pick(heads)
        self.ORG2 = self.pick(heads)
        self.ORG3 = self.pick(heads)
        self.year = 2008 + int(r() * 17)
        self.last_q = None
        if lang != "kk":
            tr = KK_TO_RU if lang == "ru" else KK_TO_EN
            self.CITY = self.CITY.translate(tr)
            self.CITY2 = self.CITY2.translate(tr)
            self.REG = self.REG.translate(tr)
            self.company = self.company.translate(tr)
            self.street = self.street.translate(tr)

    def pick(self, lst):
        return lst[int(self.r() * len(lst))]

    def person(self) -> str:
        p = person_kk(self.r)
        if self.lang == "ru":
            return p.translate(KK_TO_RU)
        if self.lang == "en":
            return p.translate(KK_TO_EN)
        return p

    def num(self) -> str:
        r = self.r()
        if r < 0.5:
            return str(2 + int(self.r() * 30))
        if r < 0.85:
            return str(30 + int(self.r() * 470))
        n = 1000 + int(self.r() * 99000)
        if self.lang == "en":
            return f"{n:,}"
        return f"{n:,}".replace(",", " ")

    def big(self) -> str:
        lang = self.lang
        r = self.r()
        if lang == "kk":
            if r < 0.45:
                return fmt_dec(0.1 + self.r() * 40, lang) + " млрд. теңге"
            if r < 0.9:
                return str(5 + int(self.r() * 990)) + " млн теңге"
            return str(10 + int(self.r() * 900)) + " мың теңге"
        if lang == "ru":
            if r < 0.45:
                return fmt_dec(0.1 + self.r() * 40, lang) + (" млрд тенге" if self.r() < 0.6 else " млрд. тенге")
            if r < 0.9:
                return str(5 + int(self.r() * 990)) + " млн тенге"
            return str(10 + int(self.r() * 900)) + " тыс. тенге"
        if r < 0.5:
            return fmt_dec(0.1 + self.r() * 40, lang) + " billion tenge"
        if r < 0.8:
            return str(5 + int(self.r() * 990)) + " million tenge"
        return "$" + fmt_dec(0.2 + self.r() * 90, lang) + " million"

    def pct(self) -> str:
        v = fmt_dec(0.5 + self.r() * 60, self.lang) if self.r() < 0.6 else str(2 + int(self.r() * 80))
        if self.lang == "kk":
            return v + ("%" if self.r() < 0.7 else " пайыз" if self.r() < 0.5 else " пайызға")
        if self.lang == "ru":
            return v + ("%" if self.r() < 0.75 else " процента")
        return v + ("%" if self.r() < 0.7 else " percent")

    def year_(self) -> str:
        return str(self.year if self.r() < 0.5 else 2000 + int(self.r() * 26))

    def date(self) -> str:
        m = int(self.r() * 12)
        d = str(1 + int(self.r() * 28))
        if self.lang == "kk":
            return d + " " + MONTHS_KK[m]
        if self.lang == "ru":
            return d + " " + MONTHS_RU_GEN[m]
        return MONTHS_EN[m] + " " + d

    def fill(self, tpl) -> str:
        out = []
        ap = out.append
        for part in tpl:
            if part.__class__ is str:
                ap(part)
            else:
                ap(SLOTS[part[0]](self))
        s = "".join(out)
        if s.endswith(".."):
            s = s[:-1]
        return s[0].upper() + s[1:] if s[0].islower() else s

    def slot(self, k: str) -> str:
        return SLOTS[k](self)

    def quote(self, ql: str) -> str:
        c = self if ql == self.lang else foreign_cast(ql, self)
        lst = QCONTENT[ql]
        t = lst[int(self.r() * len(lst))]
        if t is self.last_q:  # no "X. X" in one quote
            t = lst[(lst.index(t) + 1) % len(lst)]
        self.last_q = t
        return c.fill(t)

    def _city(self) -> str:
        c = self.pick(NAMES.cities)
        if self.lang == "ru":
            return c.translate(KK_TO_RU)
        if self.lang == "en":
            return c.translate(KK_TO_EN)
        return c

    def _street(self) -> str:
        c = self.pick(STREETS)
        if self.lang == "ru":
            return c.translate(KK_TO_RU)
        if self.lang == "en":
            return c.translate(KK_TO_EN)
        return c


def _month(c):
    return MONTHS_KK[int(c.r() * 12)] if c.lang == "kk" else MONTHS_EN[int(c.r() * 12)]


def _datel(c):
    m = int(c.r() * 12)
    return str(1 + int(c.r() * 28)) + " " + MONTHS_KK_LOC[m]


SLOTS = {
    "T1": lambda c: c.pick(c.topic["T1"]),
    "T2": lambda c: c.pick(c.topic["T2"]),
    "T3": lambda c: c.pick(c.topic["T3"]),
    "NUM": lambda c: c.num(),
    "NUM2": lambda c: str(2 + int(c.r() * 40)),
    "P": lambda c: c.P,
    "P2": lambda c: c.P2,
    "P2G": lambda c: c.P2,
    "PN": lambda c: c.person(),
    "PNI": lambda c: c.person(),
    "CITY": lambda c: c.CITY,
    "CITY2": lambda c: c.CITY2 if c.r() < 0.6 else c._city(),
    "REG": lambda c: c.REG,
    "BIG": lambda c: c.big(),
    "PCT": lambda c: c.pct(),
    "YEAR": lambda c: c.year_(),
    "YEAR2": lambda c: str(2025 + int(c.r() * 6)),
    "DATE": lambda c: c.date(),
    "DATEL": _datel,
    "MON": _month,
    "MONP": lambda c: MONTHS_RU[int(c.r() * 12)],
    "ORG": lambda c: c.ORG,
    "ORGP": lambda c: c.ORG,
    "ORGC": lambda c: c.ORG[0].upper() + c.ORG[1:],
    "ORG2": lambda c: c.ORG2,
    "ORG3": lambda c: c.ORG3,
    "ORGG": lambda c: ru_gen(c.ORG),
    "ORGG2": lambda c: ru_gen(c.ORG2),
    "ORGG3": lambda c: ru_gen(c.ORG3),
    "COMPANY": lambda c: c.company,
    "STREET": lambda c: c.street if c.r() < 0.7 else c._street(),
    "TIME": lambda c: c.pick(c.pack["TIME"]),
    "ADV": lambda c: c.pick(c.pack["ADV"]),
    "ADV2": lambda c: c.pick(c.pack["ADV2"]),
    "ROLE": lambda c: c.pick(c.pack["ROLE"]),
    "SAY": lambda c: c.pick(c.pack["SAY"]),
    "THOUS": lambda c: "мың",
    "QK": lambda c: c.quote("kk"),
    "QK2": lambda c: c.quote("kk"),
    "QR": lambda c: c.quote("ru"),
    "QR2": lambda c: c.quote("ru"),
    "QE": lambda c: c.quote("en"),
    "QE2": lambda c: c.quote("en"),
    "KKP": lambda c: c.pick(KK_PHRASES),
}


_RU_GEN_FIX = [("ое управление", "ого управления"), ("ый акимат", "ого акимата"),
               ("ой маслихат", "ого маслихата"), ("департамент", "департамента"),
               ("ый отдел", "ого отдела"), ("ая жилищная инспекция", "ой жилищной инспекции"),
               ("ый ресурсный центр", "ого ресурсного центра"), ("ый филиал", "ого филиала"),
               ("управление ", "управления "), ("отдел ", "отдела ")]


def ru_gen(o: str) -> str:
    for a, b in _RU_GEN_FIX:
        if a in o:
            return o.replace(a, b, 1)
    return o


def foreign_cast(lang: str, base: Cast) -> Cast:
    c = Cast.__new__(Cast)
    c.lang = lang
    c.r = base.r
    c.topic = TOPICS[TOPIC_KEYS[int(base.r() * len(TOPIC_KEYS))]][lang]
    c.pack = PACK[lang]
    tr = KK_TO_RU if lang == "ru" else (KK_TO_EN if lang == "en" else None)
    conv = (lambda s: s.translate(tr)) if tr else (lambda s: s)
    c.P = conv(person_kk(base.r))
    c.P2 = conv(person_kk(base.r))
    c.CITY = conv(NAMES.cities[int(base.r() * len(NAMES.cities))])
    c.CITY2 = conv(NAMES.cities[int(base.r() * len(NAMES.cities))])
    c.REG = conv(NAMES.regions[int(base.r() * len(NAMES.regions))])
    c.company = conv(NAMES.companies[int(base.r() * len(NAMES.companies))])
    c.street = conv(STREETS[int(base.r() * len(STREETS))])
    heads = {"kk": KK_ORG_HEAD, "ru": RU_ORG_HEAD, "en": EN_ORG_HEAD}[lang]
    c.ORG = heads[int(base.r() * len(heads))]
    c.ORG2 = heads[int(base.r() * len(heads))]
    c.ORG3 = heads[int(base.r() * len(heads))]
    c.year = base.year
    c.last_q = None
    return c


def make_title(cast: Cast) -> str:
    t = cast.fill(cast.pick(TITLE[cast.lang]))
    while t and t[-1] == ".":
        t = t[:-1]
    return t


class Deck:
    """Draw templates without replacement (refilled when used up), so an article repeats none early."""

    __slots__ = ("items", "r", "left")

    def __init__(self, items, r):
        self.items = items
        self.r = r
        self.left = []

    def draw(self):
        left = self.left
        if not left:
            left = self.left = list(range(len(self.items)))
        i = int(self.r() * len(left))
        left[i], left[-1] = left[-1], left[i]
        return self.items[left.pop()]


def make_paragraph(cast: Cast, rnd: random.Random, n_sent: int, allow_cs: bool, decks) -> list[str]:
    r = rnd.random
    lang = cast.lang
    x = r()
    if x < 0.16:
        return [cast.fill(decks["quote"].draw())]
    if allow_cs and x < 0.19 and lang in CODESWITCH:
        return [cast.fill(cast.pick(CODESWITCH[lang]))]
    body = decks["body"]
    return [cast.fill(body.draw()) for _ in range(n_sent)]


class Story:
    __slots__ = ("sid", "lang", "topic", "title", "paras", "cast", "rnd", "date", "tags")

    def __init__(self, sid: int, seed: int, lang: str, length: str):
        rnd = random.Random(mix(seed, sid, 17))
        r = rnd.random
        self.sid = sid
        self.lang = lang
        self.rnd = rnd
        self.topic = TOPIC_KEYS[int(r() * len(TOPIC_KEYS))]
        cast = Cast(lang, rnd, self.topic)
        self.cast = cast
        self.title = make_title(cast)
        if length == "short":
            n_par = 1
        elif length == "long":
            n_par = 40 + int(r() * 25)
        else:
            n_par = 3 + int(r() * 13)
        paras = []
        decks = {"body": Deck(BODY[lang], r), "quote": Deck(QUOTE[lang], r)}
        for i in range(n_par):
            ns = 1 + int(r() * 4)
            if n_par == 1:
                ns = 2 + int(r() * 3)
            if n_par == 1:
                paras.append([cast.fill(decks["body"].draw()) for _ in range(ns)])
            else:
                paras.append(make_paragraph(cast, rnd, ns, i > 0, decks))
        self.paras = paras
        tg = TOPICS[self.topic][lang]["tags"]
        k = 2 + int(r() * 3)
        self.tags = [tg[int(r() * len(tg))] for _ in range(k)]
        self.tags = list(dict.fromkeys(self.tags))
        # days since 2019-01-01 (dates up to the end of 2025)
        self.date = int(r() * (365 * 7 - 10))

    def n_sentences(self) -> int:
        return sum(len(p) for p in self.paras)


_NUM_RE = re.compile(r"\d+")


def edit_paras(story: Story, rnd: random.Random) -> tuple[list[list[str]], int]:
    """Copy of the story's paragraphs with 0 or 1 sentence edited (for a repost)."""
    paras = [list(p) for p in story.paras]
    r = rnd.random
    total = sum(len(p) for p in paras)
    if r() < 0.4 or total < 3:  # tiny texts are reposted verbatim
        return paras, 0
    kind = r()
    if total >= 5 and kind < 0.2:  # drop one sentence from a multi-sentence paragraph
        multi = [i for i, p in enumerate(paras) if len(p) >= 2]
        if multi:
            i = multi[int(r() * len(multi))]
            del paras[i][int(r() * len(paras[i]))]
            return paras, 1
    if total >= 5 and kind < 0.4:  # add one sentence
        i = int(r() * len(paras))
        if isinstance(story, WireStory):
            s = story.extra_sentence(r)
        else:
            body = BODY[story.lang]
            cast = story.cast
            saved = cast.r
            cast.r = r
            try:
                s = cast.fill(body[int(r() * len(body))])
            finally:
                cast.r = saved
        paras[i].insert(int(r() * (len(paras[i]) + 1)), s)
        return paras, 1
    flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p))]
    if kind < 0.7:  # change a number
        with_num = [(i, j) for i, j in flat if _NUM_RE.search(paras[i][j])]
        if with_num:
            i, j = with_num[int(r() * len(with_num))]
            s = paras[i][j]
            ms = list(_NUM_RE.finditer(s))
            m = ms[int(r() * len(ms))]
            old = m.group(0)
            new = str(int(old) + 1 + int(r() * 9)) if len(old) < 4 else str(int(old) - 1 - int(r() * 9))
            paras[i][j] = s[:m.start()] + new + s[m.end():]
            return paras, 1
    # change a word
    i, j = flat[int(r() * len(flat))]
    s = paras[i][j]
    toks = s.split(" ")
    cand = [k for k, t in enumerate(toks) if len(t) >= 4 and t.isalpha() and k > 0]
    ew = EDIT_WORDS[story.lang]
    if cand:
        k = cand[int(r() * len(cand))]
        toks.insert(k, ew[int(r() * len(ew))])
    else:
        toks.insert(1 if len(toks) > 1 else 0, ew[int(r() * len(ew))])
    paras[i][j] = " ".join(toks)
    return paras, 1


# ---------------------------------------------------------------------------------------------
# Sites and furniture
# ---------------------------------------------------------------------------------------------
# A site has a slug (used in paths), a display name, a domain, languages with weights, and one
# furniture style per language (picked once, so fixed lines recur in every article of the site).

BASE_SITES = [
    # slug, display name, domain, {lang: weight}, unusual furniture?
    ("saryarqa-shugyla", "Сарыарқа шұғыласы", "saryarqa-shugyla.kz", {"kk": 1.0}, False),
    ("dala-zharshysy", "Дала жаршысы", "dalazharshy.kz", {"kk": 1.0}, False),
    ("kokoray", "Көкорай ақпарат", "kokoray-aqparat.kz", {"kk": 1.0}, True),
    ("ertis-tolqyny", "Ертіс толқыны", "ertis-tolqyny.kz", {"kk": 0.6, "ru": 0.4}, False),
    ("stepkrai-news", "Новости Степного края", "stepkrai-news.kz", {"ru": 1.0}, False),
    ("priozerny-vestnik", "Приозёрный вестник", "priozerny-vestnik.kz", {"ru": 1.0}, True),
    ("steppe-ledger", "The Steppe Ledger", "steppeledger.com", {"en": 1.0}, False),
    ("zhuldyzdy-zhol", "Жұлдызды жол", "zhuldyzdy-zhol.kz", {"kk": 0.7, "ru": 0.3}, False),
    ("tulpar-media", "Tulpar Media", "tulpar-media.kz", {"kk": 0.5, "ru": 0.3, "en": 0.2}, True),
    ("infopotok", "Инфопоток", "infopotok.kz", {"ru": 0.7, "kk": 0.3}, False),
    ("auyl-ainasy", "Ауыл айнасы", "auyl-ainasy.kz", {"kk": 1.0}, True),
    ("orda-wire", "Orda Wire", "ordawire.kz", {"en": 0.6, "ru": 0.4}, False),
]
EXTRA_A = words("Жаңа|Көк|Ақ|Алтын|Бірлік|Таң|Шапағат|Кең|Асыл|Өркен")
EXTRA_B = words("таң|жол|дала|сәуле|хабар|үн|кеңістік|арна|жаршы|өлке")

CREDIT = {
    "kk": [["Фото: {SRC}"], ["Сурет: {SRC}"], ["Дереккөз: {SRC}"], ["Фото: {SITE}"],
           ["Фото: {SITE} тілшісі {PN}"], ["Суретті түсірген {PN}"], ["Фото ашық дереккөздерден алынды"]],
    "ru": [["Фото: {SRC}"], ["Фото: {SITE}"], ["Источник: {SRC}"], ["Фото автора"],
           ["Фото: пресс-служба акимата"], ["Фото {PN}"], ["Фото из открытых источников"]],
    "en": [["Photo: {SRC}"], ["Photo: {SITE}"], ["Source: {SRC}"], ["Photo by {PN}"],
           ["Photo courtesy of the {ORG}"]],
}
CREDIT_SRC = {
    "kk": lines("""облыс әкімдігінің баспасөз қызметі
министрліктің баспасөз қызметі
Ақорда
ашық дереккөздер
оқырман мұрағатынан
полиция департаменті
әлеуметтік желі"""),
    "ru": lines("""пресс-служба акимата области
пресс-служба министерства
Акорда
открытые источники
архив редакции
департамент полиции
соцсети"""),
    "en": lines("""regional press office
ministry press service
open sources
archive
police department"""),
}
READ_ALSO = {
    "kk": ["Тағы да оқыңыздар:", "Сондай-ақ оқыңыз:", "Оқи отырыңыз:", "Байланысты жаңалық:",
           "Тақырыпқа орай:", "ТАҒЫ ОҚЫҢЫЗ"],
    "ru": ["Читайте также:", "Читайте также", "По теме:", "Ранее мы писали:", "Это интересно:"],
    "en": ["Read also:", "Related:", "See also:", "READ MORE"],
}
CTA = {
    "kk": ["Telegram арнамызға жазылыңыз!", "Жаңалықтарды бірінші болып білгіңіз келсе, Telegram арнамызға жазылыңыз",
           "Instagram парақшамызға жазылыңыз", "Маңызды жаңалықтарды WhatsApp арқылы алыңыз",
           "Бізді Facebook желісінен де оқи аласыз"],
    "ru": ["Подписывайтесь на наш Telegram-канал", "Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать новости",
           "Больше новостей — в нашем Instagram", "Следите за новостями в WhatsApp",
           "Нашли ошибку? Выделите текст и нажмите Ctrl+Enter"],
    "en": ["Follow us on Instagram", "Subscribe to our Telegram channel", "Get the news first on WhatsApp",
           "Sign up for our morning newsletter"],
}
COPYRIGHT = {
    "kk": ["© {SITE}, {CY}. Материалды көшіріп басуға тыйым салынады.", "Барлық құқықтар қорғалған. © {SITE}",
           "Материалды пайдаланғанда {DOMAIN} сайтына гиперсілтеме міндетті.", "© {CY} {SITE}"],
    "ru": ["© {SITE}, {CY}. Все права защищены.", "Все права защищены. При цитировании ссылка на {DOMAIN} обязательна.",
           "© {CY} {SITE}. Перепечатка без разрешения запрещена."],
    "en": ["© {CY} {SITE}. All rights reserved.", "Copyright {SITE} {CY}", "All rights reserved. {DOMAIN}"],
}
HEADER = {
    "kk": ["Басты бет / Жаңалықтар / {SEC}", "Басты бет » {SEC}", "{SITE} | {SEC}", "Жаңалықтар › {SEC}"],
    "ru": ["Главная / Новости / {SEC}", "Главная » {SEC}", "{SITE} | {SEC}", "Новости › {SEC}"],
    "en": ["Home / News / {SEC}", "Home » {SEC}", "{SITE} | {SEC}"],
}
TAGS = {
    "kk": ["Тегтер: {TAGS}", "Кілт сөздер: {TAGS}", "#{HASH}"],
    "ru": ["Теги: {TAGS}", "Метки: {TAGS}", "#{HASH}"],
    "en": ["Tags: {TAGS}", "Topics: {TAGS}", "#{HASH}"],
}
# Deliberately odd phrasings: no rule list would know them, only repetition across a site.
ODD = {
    "kk": dict(
        credit=["Көз: {SRC}", "Кадр авторы — {PN}", "Суреттер {SITE} мұрағатынан"],
        read_also=["Мұны да өткізіп алмаңыз ↓", "Осыған ұқсас:", "Редактор ұсынады:"],
        cta=["Хабарды достарыңызбен бөлісуді ұмытпаңыз 🙂", "Ойыңызды «Үн қос» ботына жолдаңыз – біз оқимыз!",
             "Біздің YouTube арнада толық нұсқасы бар — сілтеме профильде"],
        copyright=["Редакция пікірі автор пікірімен сәйкес келмеуі мүмкін. {SITE} ⓒ", "Мәтін мен суреттер — {SITE} меншігі."],
        site_header=["◆ {SEC} ◆ {SITE}", "{SITE} ▸ лента ▸ {SEC}"],
        tags=["Тақырып белгілері — {TAGS}", "Іздеу үшін: {TAGS}"],
    ),
    "ru": dict(
        credit=["Кадр: {SRC}", "Снимки — {PN}", "Иллюстрация: редакция {SITE}"],
        read_also=["А ещё у нас:", "Не пропустите ↓", "Выбор редакции:"],
        cta=["Понравился материал? Поделитесь с друзьями 🙂", "Есть новость? Пишите нашему боту «Звонок в редакцию»",
             "Полная версия — на нашем YouTube, ссылка в профиле"],
        copyright=["Мнение редакции может не совпадать с мнением автора. {SITE} ⓒ", "Тексты и фото — собственность {SITE}."],
        site_header=["◆ {SEC} ◆ {SITE}", "{SITE} ▸ лента ▸ {SEC}"],
        tags=["Ключевые слова — {TAGS}", "Для поиска: {TAGS}"],
    ),
    "en": dict(
        credit=["Frame: {SRC}", "Images — {PN}", "Illustration: {SITE} desk"],
        read_also=["Don't miss ↓", "Editor's pick:", "Also on the wire:"],
        cta=["Liked it? Pass it on to a friend 🙂", "Got a tip? Message our newsroom bot",
             "Full video on our YouTube, link in bio"],
        copyright=["Views expressed are the author's own. {SITE} ⓒ", "Text and images property of {SITE}."],
        site_header=["◆ {SEC} ◆ {SITE}", "{SITE} ▸ wire ▸ {SEC}"],
        tags=["Filed under — {TAGS}", "Search terms: {TAGS}"],
    ),
}


class Site:
    def __init__(self, idx: int, seed: int, allowed_langs: list[str]):
        rnd = random.Random(mix(seed, 1000 + idx, 5))
        r = rnd.random
        if idx < len(BASE_SITES):
            slug, name, domain, langs, odd = BASE_SITES[idx]
        else:
            a = EXTRA_A[idx % len(EXTRA_A)]
            b = EXTRA_B[(idx // len(EXTRA_A) + idx) % len(EXTRA_B)]
            name = f"{a} {b} {idx}"
            slug = f"site{idx:03d}"
            domain = f"{slug}.kz"
            pick = r()
            langs = {"kk": 1.0} if pick < 0.5 else {"ru": 1.0} if pick < 0.75 else {"kk": 0.5, "ru": 0.5} if pick < 0.9 else {"en": 0.7, "ru": 0.3}
            odd = r() < 0.3
        self.slug, self.name, self.domain, self.odd = slug, name, domain, odd
        langs = {k: v for k, v in langs.items() if k in allowed_langs}
        self.langs = langs  # may be empty: then the site takes any language (furniture in it)
        self.para_sep = "\n\n" if r() < 0.7 else "\n"
        self.latin_i = idx == 2 or (idx >= len(BASE_SITES) and r() < 0.1)
        self.copyright_year = 2020 + int(r() * 6) if r() < 0.5 else None  # None: year of article
        self.style = {}
        for lang in ("kk", "ru", "en"):
            self.style[lang] = self._style(rnd, lang)

    def _style(self, rnd: random.Random, lang: str) -> dict:
        r = rnd.random

        def ch(lst):
            return lst[int(r() * len(lst))]
        odd = ODD[lang] if self.odd else None
        st = {}
        st["header"] = ch(odd["site_header"] if odd and r() < 0.7 else HEADER[lang]) if r() < 0.55 else None
        st["header_pos"] = "top" if r() < 0.6 else "after_title"
        st["credit"] = ch(odd["credit"] if odd and r() < 0.7 else [c[0] for c in CREDIT[lang]])
        st["credit_p"] = 0.4 + 0.55 * r()
        st["credit_pos"] = ch(["after_title", "after_p1", "end"])
        st["credit_split"] = r() < 0.2  # "Фото:" and the source on two lines
        st["read_also"] = ch(odd["read_also"] if odd and r() < 0.8 else READ_ALSO[lang])
        st["read_also_p"] = 0.2 + 0.6 * r()
        st["read_also_n"] = 1 if r() < 0.7 else 2
        st["cta"] = ch(odd["cta"] if odd and r() < 0.8 else CTA[lang])
        st["cta_p"] = 0.95 if r() < 0.5 else 0.3 + 0.4 * r()
        st["cta_pos"] = "end" if r() < 0.7 else "middle"
        st["copyright"] = ch(odd["copyright"] if odd and r() < 0.8 else COPYRIGHT[lang]) if r() < 0.75 else None
        st["tags"] = ch(odd["tags"] if odd and r() < 0.8 else TAGS[lang]) if r() < 0.5 else None
        st["tags_pos"] = "end" if r() < 0.6 else "before_copyright"
        return st

    def furniture_lang(self, lang: str) -> str:
        return lang


SECTIONS = {"kk": "Аймақтар", "ru": "Регионы", "en": "Regions"}


def furn_fill(tpl: str, site: Site, lang: str, cast: Cast, story: Story, year: int) -> str:
    if "{" not in tpl:
        return tpl
    r = cast.r
    rep = {}
    if "{SRC}" in tpl:
        src = CREDIT_SRC[lang]
        rep["{SRC}"] = src[int(r() * len(src))] if r() < 0.8 else site.name
    if "{SITE}" in tpl:
        rep["{SITE}"] = site.name
    if "{DOMAIN}" in tpl:
        rep["{DOMAIN}"] = site.domain
    if "{PN}" in tpl:
        p = person_kk(r)
        rep["{PN}"] = p if lang == "kk" else p.translate(KK_TO_RU if lang == "ru" else KK_TO_EN)
    if "{ORG}" in tpl:
        rep["{ORG}"] = cast.ORG if lang == cast.lang else EN_ORG_HEAD[0]
    if "{CY}" in tpl:
        rep["{CY}"] = str(site.copyright_year or year)
    if "{SEC}" in tpl:
        rep["{SEC}"] = TOPICS[story.topic][lang]["sec"] if r() < 0.85 else SECTIONS[lang]
    if "{TAGS}" in tpl:
        rep["{TAGS}"] = ", ".join(story_tags(story, lang))
    if "{HASH}" in tpl:
        rep["{HASH}"] = " #".join(t.replace(" ", "_") for t in story_tags(story, lang))
    for k, v in rep.items():
        tpl = tpl.replace(k, v)
    return tpl


def story_tags(story: Story, lang: str) -> list[str]:
    if lang == story.lang:
        return story.tags
    return TOPICS[story.topic][lang]["tags"][:3]


# ---------------------------------------------------------------------------------------------
# Article assembly
# ---------------------------------------------------------------------------------------------

FURN_KINDS = ("credit", "read_also", "read_also_headline", "cta", "copyright", "site_header", "tags")


def build_article(story: Story, paras: list[list[str]], site: Site, rnd: random.Random,
                  headlines) -> list[tuple[str, str, str | None]]:
    """Return [(line, label, furniture_kind)], '' for a blank line (label None)."""
    lang = story.lang
    st = site.style[lang]
    r = rnd.random
    saved = story.cast.r
    story.cast.r = r  # furniture randomness comes from the article, not the story
    try:
        year = 2019 + story.date // 365
        out = []
        sep_blank = site.para_sep == "\n\n"

        def furn(text, kind):
            out.append((text, "furniture", kind))

        if st["header"] and st["header_pos"] == "top":
            furn(furn_fill(st["header"], site, lang, story.cast, story, year), "site_header")
        out.append((story.title, "title", None))
        if st["header"] and st["header_pos"] == "after_title":
            furn(furn_fill(st["header"], site, lang, story.cast, story, year), "site_header")
        out.append(("", None, None))
        credit = r() < st["credit_p"]
        credit_line = furn_fill(st["credit"], site, lang, story.cast, story, year) if credit else None

        def put_credit():
            head, colon, tail = credit_line.partition(": ")
            if st["credit_split"] and colon and tail:
                furn(head + ":", "credit")
                furn(tail, "credit")
            else:
                furn(credit_line, "credit")

        if credit and st["credit_pos"] == "after_title":
            put_credit()
            out.append(("", None, None))
        n = len(paras)
        ra_at = -1
        if n >= 3 and r() < st["read_also_p"]:
            ra_at = 1 + int(r() * (n - 2))
        cta_mid = -1
        cta = r() < st["cta_p"]
        if cta and st["cta_pos"] == "middle" and n >= 3:
            cta_mid = 1 + int(r() * (n - 2))
        for i, p in enumerate(paras):
            if not p:
                continue
            if i == ra_at:
                seen = {story.title}
                for _ in range(st["read_also_n"]):
                    h = headlines(lang, r)
                    for _retry in range(3):
                        if h not in seen:
                            break
                        h = headlines(lang, r)
                    seen.add(h)
                    furn(furn_fill(st["read_also"], site, lang, story.cast, story, year), "read_also")
                    furn(h, "read_also_headline")
                if sep_blank:
                    out.append(("", None, None))
            if i == cta_mid:
                furn(furn_fill(st["cta"], site, lang, story.cast, story, year), "cta")
                if sep_blank:
                    out.append(("", None, None))
            if sep_blank and len(p) > 1 and r() < 0.15:
                # some sites break long paragraphs into one line per sentence
                for s in p:
                    out.append((s, "body", None))
            else:
                out.append((" ".join(p), "body", None))
            if sep_blank:
                out.append(("", None, None))
            if i == 0 and credit and st["credit_pos"] == "after_p1":
                put_credit()
                if sep_blank:
                    out.append(("", None, None))
        if credit and st["credit_pos"] == "end":
            put_credit()
        tags_line = furn_fill(st["tags"], site, lang, story.cast, story, year) if st["tags"] else None
        if tags_line and st["tags_pos"] == "end" and st["copyright"] is None:
            furn(tags_line, "tags")
        if cta and cta_mid < 0:
            furn(furn_fill(st["cta"], site, lang, story.cast, story, year), "cta")
        if tags_line and (st["tags_pos"] == "before_copyright" or st["copyright"] is not None) :
            furn(tags_line, "tags")
        if st["copyright"]:
            furn(furn_fill(st["copyright"], site, lang, story.cast, story, year), "copyright")
        while out and out[-1][1] is None:
            out.pop()
        return out
    finally:
        story.cast.r = saved


# ---------------------------------------------------------------------------------------------
# Wire style (--style wire)
# ---------------------------------------------------------------------------------------------
# Many small agency / TV-news items: short articles, short sentences, and a vocabulary that keeps
# growing with the corpus as real text does (Heaps' law) rather than a few hundred template words.
# Words are synthesized: per language a fixed lexicon of stems (a hand-written core of common news
# words first, then stems built from syllables) drawn with Zipfian frequencies and inflected:
# Kazakh stems take agglutinative suffix chains under vowel harmony and consonant assimilation
# (жұмыс -> жұмыстарының), Russian stems case, number and tense endings (and verb prefixes),
# English stems a few endings. Each story reuses some words of its own (burstiness) and has its
# own people, places and organisations; punctuation sits on the tokens as in scraped text
# (`жылы,` `«Нұр` `(15%)`). The lexicon does not depend on --seed: a language's words are fixed,
# another seed gives other articles. Sentence and article lengths were calibrated against real
# news (statistics only; docs/benchmark.md has the numbers).


class Zipf:
    """Ranks 0..n-1 with weight 1/(rank + q)^s, drawn by bisecting a cumulative table."""

    __slots__ = ("cum", "total", "last")

    def __init__(self, n: int, s: float = 1.0, q: float = 1.0):
        cum = []
        t = 0.0
        for k in range(n):
            t += 1.0 / (k + q) ** s
            cum.append(t)
        self.cum = cum
        self.total = t
        self.last = n - 1

    def draw(self, r) -> int:
        i = bisect_right(self.cum, r() * self.total)
        return i if i < self.last else self.last


def lognormal_int(r, median: float, sigma: float, lo: int, hi: int) -> int:
    """Integer from a log-normal (the normal approximated by 12 uniforms), clamped to lo..hi."""
    z = r() + r() + r() + r() + r() + r() + r() + r() + r() + r() + r() + r() - 6.0
    n = int(median * math.exp(sigma * z) + 0.5)
    return lo if n < lo else hi if n > hi else n


def cap(s: str) -> str:
    return s[0].upper() + s[1:] if s and s[0].islower() else s


# ---- Kazakh ---------------------------------------------------------------------------------

_KK_BACK = set("аоұыяё")
_KK_FRONT = set("әөүіеэи")  # и: loanwords (министр -> министрге)
_KK_VOWELS = set("аоұыяёәөүіеэиую")


def kk_front(word: str) -> bool:
    for ch in reversed(word):
        if ch in _KK_BACK:
            return False
        if ch in _KK_FRONT:
            return True
    return False  # у alone (су, ту): back


def kk_class(word: str) -> int:
    """0 vowel, 1 у/й/р, 2 л, 3 з/ж, 4 м/н/ң, 5 voiceless and other consonants."""
    c = word[-1]
    if c in "уйр":
        return 1
    if c in _KK_VOWELS:
        return 0
    if c == "л":
        return 2
    if c in "зж":
        return 3
    if c in "мнң":
        return 4
    return 5


# Archiphonemes: A а/е, I ы/і, G ғ/г, Q қ/к (back/front). One template per class of kk_class.
KK_SUF = {
    "PL": ("лAр", "лAр", "дAр", "дAр", "дAр", "тAр"),
    "GEN": ("нIң", "дIң", "дIң", "дIң", "нIң", "тIң"),
    "ACC": ("нI", "дI", "дI", "дI", "дI", "тI"),
    "DAT": ("GA", "GA", "GA", "GA", "GA", "QA"),
    "LOC": ("дA", "дA", "дA", "дA", "дA", "тA"),
    "ABL": ("дAн", "дAн", "дAн", "дAн", "нAн", "тAн"),
    "INS": ("мен", "мен", "мен", "бен", "мен", "пен"),
    "PX3": ("сI", "I", "I", "I", "I", "I"),
    "PX1PL": ("мIз", "IмIз", "IмIз", "IмIз", "IмIз", "IмIз"),
    "PX2": ("ңIз", "IңIз", "IңIз", "IңIз", "IңIз", "IңIз"),
    "P3DAT": ("нA",) * 6,
    "P3LOC": ("ндA",) * 6,
    "P3ACC": ("н",) * 6,
    "P3ABL": ("нAн",) * 6,
    "ADJZ": ("дAGI", "дAGI", "дAGI", "дAGI", "дAGI", "тAQI"),
    "GI": ("GI", "GI", "GI", "GI", "GI", "QI"),
    "LIQ": ("лIQ", "лIQ", "дIQ", "дIQ", "дIQ", "тIQ"),
    "SHY": ("шI",) * 6,
    "SYZ": ("сIз",) * 6,
    "PST3": ("дI", "дI", "дI", "дI", "дI", "тI"),
    "PST1PL": ("дIQ", "дIQ", "дIQ", "дIQ", "дIQ", "тIQ"),
    "PTCP": ("GAн", "GAн", "GAн", "GAн", "GAн", "QAн"),
    "FUTP": ("йтIн", "AтIн", "AтIн", "AтIн", "AтIн", "AтIн"),
    "PRES": ("йдI", "AдI", "AдI", "AдI", "AдI", "AдI"),
    "VN": ("у",) * 6,
    "GER": ("п", "Iп", "Iп", "Iп", "Iп", "Iп"),
    "COND": ("сA",) * 6,
    "INT": ("мAQ", "мAQ", "мAQ", "бAQ", "бAQ", "пAQ"),
    "NEG": ("мA", "мA", "мA", "бA", "бA", "пA"),
    "PASS": ("л", "Iл", "Iн", "Iл", "Iл", "Iл"),
    "CAUS": ("т", "дIр", "дIр", "дIр", "дIр", "тIр"),
    "RECIP": ("с", "Iс", "Iс", "Iс", "Iс", "Iс"),
}
_KK_ARCH_BACK = str.maketrans({"A": "а", "I": "ы", "G": "ғ", "Q": "қ"})
_KK_ARCH_FRONT = str.maketrans({"A": "е", "I": "і", "G": "г", "Q": "к"})


def kk_add(word: str, code: str) -> str:
    suf = KK_SUF[code][kk_class(word)]
    suf = suf.translate(_KK_ARCH_FRONT if kk_front(word) else _KK_ARCH_BACK)
    last = word[-1]
    if last in "ыі":
        if suf[0] == "у":  # оқы + у -> оқу
            return word[:-1] + suf
        if suf[0] == "й":  # оқы + йды -> оқиды
            return word[:-1] + "и" + suf[1:]
    elif last in "қкп" and suf[0] in _KK_VOWELS and suf[0] != "у":  # шық + ады -> шығады
        return word[:-1] + {"қ": "ғ", "к": "г", "п": "б"}[last] + suf
    return word + suf


def kk_form(stem: str, chain: tuple) -> str:
    w = stem
    for code in chain:
        w = kk_add(w, code)
    return w


# Suffix chains, most frequent first (drawn with Zipfian weights).
KK_NOUN_CHAINS = [tuple(c.split()) for c in lines("""
-
PX3
LOC
DAT
GEN
ACC
PL
PX3 P3LOC
ABL
PX3 P3DAT
INS
PL PX3
PX3 P3ACC
PL GEN
LIQ
PL DAT
ADJZ
PL LOC
PL ACC
PX3 GEN
PL PX3 GEN
PL PX3 P3DAT
PL PX3 P3LOC
PL ABL
PX3 P3ABL
LIQ PX3
PL INS
SHY
SHY PL
PL PX3 P3ACC
PX1PL
LIQ LOC
LIQ DAT
LIQ GEN
GI
SYZ
SHY PL GEN
LIQ PX3 P3DAT
PL ADJZ
PX1PL DAT
SHY PL PX3
LIQ PL
PX2
LOC GI
LIQ PX3 P3LOC
PX1PL GEN
SHY DAT
SHY LOC
LIQ ACC
SYZ LIQ
""")]
KK_NOUN_CHAINS = [() if c == ("-",) else c for c in KK_NOUN_CHAINS]
KK_VERB_FINAL = [tuple(c.split()) for c in lines("""
PST3
PRES
PASS PST3
INT
PTCP
NEG PRES
CAUS PST3
PASS PRES
NEG PST3
PST1PL
RECIP PST3
CAUS PRES
PASS INT
NEG PASS PST3
""")]
KK_VERB_NONFINAL = [tuple(c.split()) for c in lines("""
GER
PTCP
VN
VN DAT
FUTP
PTCP PX3
VN LOC
PASS PTCP
PTCP LOC
PTCP PX3 P3DAT
COND
VN PX3
PASS GER
CAUS VN
PASS VN
VN GEN
NEG PTCP
PTCP PL
CAUS PTCP
PTCP PX3 P3ACC
VN ACC
PASS FUTP
CAUS GER
PTCP ABL
""")]

KK_FUNC = words("""
және|бұл|мен|да|де|үшін|бойынша|туралы|осы|бар|деп|бір|ол|жылы|сондай-ақ|тағы|қазір|кейін|
жоқ|болып|болды|ретінде|арқылы|дейін|бері|қатысты|алайда|бірақ|олар|біз|оның|олардың|барлық|
әр|ең|көп|аса|өте|шамамен|яғни|немесе|сол|соң|қарай|сияқты|тек|ғана|әлі|енді|бүгін|кеше|
биыл|мұнда|онда|сонымен|айтуынша|мәліметінше|хабарлауынша|атап|өтті|деді|екен|еді|керек|тиіс|
мүмкін|болады|емес|жатыр|алдағы|екі|үш|төрт|бес|он|жүз|мың|тиісті|түрлі|басқа|өз|өзі|өзінің|
ішінде|бойы|кезінде|кезде|жөнінде|байланысты|сай|орай|соның|ішінара|біршама|жуырда|таяуда|
әзірге|әрине|себебі|өйткені|егер|онымен|сонда|міне|қазіргі|бұрын|бірге|бірнеше|көптеген|
бірқатар|біраз|аз|ұзақ|жуық|артық|кем|дерлік|бірден|тікелей|жеке|ортақ|жалпы|нақты
""")

KK_NOUNS = words("""
жыл|жұмыс|адам|ел|қала|облыс|аудан|ауыл|мектеп|халық|мемлекет|үкімет|министр|министрлік|әкім|
әкімдік|бала|су|жер|жол|үй|ақша|баға|сала|жоба|бағдарлама|қызмет|іс|шара|мәселе|нәтиже|жағдай|
уақыт|ай|күн|апта|сағат|тұрғын|азамат|жас|мұғалім|дәрігер|оқушы|студент|маман|қызметкер|басшы|
депутат|президент|парламент|сот|полиция|прокуратура|құқық|заң|талап|шешім|жиын|кездесу|отырыс|
көрме|байқау|жарыс|турнир|ойын|команда|спортшы|медаль|чемпионат|аурухана|емхана|дәрі|вакцина|
ауру|науқас|өнім|тауар|нарық|бизнес|кәсіпкер|кәсіпорын|зауыт|фабрика|өндіріс|құрылыс|нысан|
ғимарат|көпір|көше|аула|саябақ|көлік|автобус|пойыз|ұшақ|әуежай|вокзал|жолаушы|жүргізуші|апат|
өрт|тасқын|ауа|температура|қар|жаңбыр|жел|күз|қыс|көктем|жаз|егін|астық|мал|ферма|фермер|жем|
шөп|тәжірибе|зерттеу|ғалым|университет|колледж|грант|стипендия|білім|ғылым|мәдениет|театр|
музей|кітап|ақын|жазушы|әнші|концерт|фестиваль|мереке|той|ардагер|соғыс|тарих|ескерткіш|ана|
әке|отбасы|зейнеткер|зейнетақы|жәрдемақы|жалақы|салық|бюджет|қаржы|несие|банк|инвестиция|
инвестор|экспорт|импорт|шетел|елші|делегация|келіссөз|келісім|серіктестік|ынтымақтастық|даму|
өсу|көрсеткіш|мөлшер|көлем|сан|үлес|тізім|өтініш|құжат|куәлік|ақпарат|хабар|жаңалық|сұхбат|
мақала|сайт|желі|интернет|байланыс|телефон|жүйе|технология|дерек|сарапшы|мекеме|ұйым|қор|
орталық|басқарма|бөлім|департамент|комитет|кеңес|комиссия|топ|жұмысшы|еңбек|кезек|пәтер|газ|
жылу|электр|энергия|мұнай|көмір|кен|шикізат|өзен|көл|тау|дала|орман|ағаш|гүл|жануар|құс|балық|
жоспар|мақсат|міндет|мүмкіндік|қолдау|көмек|тексеру|бақылау|қауіпсіздік|тәртіп|қылмыс|айыппұл|
тергеу|күдікті|куә|жәбірленуші|сарбаз|әскер|шекара|кеден|жүк|тонна|гектар|метр|шақырым|пайыз|
теңге|доллар|сом|рубль|сома|шығын|табыс|пайда|қарыз|төлем|тариф|тұтынушы|абонент|пайдаланушы
""")
KK_VERBS = words("""
бол|ал|бер|кел|кет|жаса|айт|көр|біл|ет|шық|түс|қой|жүр|сал|ұсын|бөл|жина|өт|аш|жап|құр|тап|
қара|сөйле|оқы|жаз|сат|төле|тексер|қарастыр|жоспарла|аяқта|баста|жалғас|арт|азай|өс|көбей|
тірке|анықта|ұйымдастыр|өткіз|қатыс|жең|ұт|қорға|сақта|тарт|жібер|әкел|қабылда|тағайында|
мәлімде|хабарла|түсіндір|толықтыр|ескерт|шақыр|жөнде|қамты|енгіз|шеш|дайында|жеткіз|қолдан|
пайдалан|көмектес|тұр|отыр|жат|ізде|ұста|тоқта|күт|сұра|жауап бер|тыңда|сен|таны|таста|жой|
қайтар|өзгерт|жақсарт|дамыт|кеңейт|қысқарт|бекіт|тыйым сал|рұқсат ет
""")
KK_VERBS = [v for v in KK_VERBS if " " not in v and v.isalpha()]
KK_ADJS = words("""
жаңа|үлкен|ірі|кіші|жақсы|жоғары|төмен|ұзақ|қысқа|негізгі|маңызды|арнайы|заманауи|жергілікті|
халықаралық|республикалық|облыстық|аудандық|қалалық|ауылдық|мемлекеттік|жеке|әлеуметтік|
экономикалық|қаржылық|медициналық|ұлттық|тарихи|мәдени|ғылыми|техникалық|қауіпсіз|қауіпті|
тегін|ақылы|бірінші|екінші|соңғы|алғашқы|келесі|өткен|биылғы|қосымша|толық|ашық|жабық|ескі|
жас|кәсіби|цифрлық|сапалы|тиімді|қолайлы|күрделі|жеңіл|ауыр|жылы|суық|таза|лас|бос|ортақ
""")

# Syllables for stems made up by the script (vowel harmony kept inside a stem).
KK_ON1 = words("б|ж|қ|т|с|ш|м|н|д|ж|б|қ|т|с|к|ж|б|ш|ә|а|е|о|ө|ұ|ү|||")
KK_ON = words("б|д|ж|з|қ|л|м|н|р|с|т|ш|ғ|п|л|р|н|д|т|с|м|б|қ|ж")
KK_VB = words("а|а|а|а|ы|ы|ы|о|ұ|ұ")
KK_VF = words("е|е|е|е|і|і|і|ө|ү|ү|ә|ә")
KK_CODA_MID = words("|||||р|л|н|с|з|қ|й|ң|т|р|л")
KK_CODA_END = words("|қ|н|р|л|с|т|ш|з|ң|й|м|п|лт|рт|ст|қ|н|р|л|с|т|ш")


def kk_stem(r) -> str:
    front = r() < 0.45
    vs = KK_VF if front else KK_VB
    n = 1 + int(r() * 2.6)
    out = []
    for i in range(n):
        if i == 0:
            on = KK_ON1[int(r() * len(KK_ON1))]
            if on in _KK_VOWELS:  # a stem that starts with its vowel
                on = ""
        else:
            on = KK_ON[int(r() * len(KK_ON))]
        v = vs[int(r() * len(vs))]
        co = (KK_CODA_END if i == n - 1 else KK_CODA_MID)[int(r() * len(KK_CODA_END if i == n - 1 else KK_CODA_MID))]
        s = on + v + co
        if front:
            s = s.replace("қ", "к").replace("ғ", "г")
        out.append(s)
    return "".join(out)


KK_NAMES_M = words("""Айдар|Ерлан|Нұрлан|Асхат|Данияр|Бауыржан|Ержан|Қанат|Мұрат|Серік|Арман|Дәурен|
Ғалым|Жандос|Тимур|Ерболат|Марат|Бекзат|Әділ|Олжас|Руслан|Нұрсұлтан|Ақылбек|Еркебұлан""")
KK_NAMES_F = words("""Гүлнар|Айгүл|Мәдина|Жанар|Сәуле|Динара|Айжан|Ақмарал|Әсел|Гүлмира|Жадыра|
Айнұр|Назерке|Салтанат|Меруерт|Ләззат|Балжан|Аружан|Томирис|Қарлығаш""")
KK_NAME_END_M = words("бек|жан|хан|бай|ат|ан|ғали|нұр|бол|тай")
KK_NAME_END_F = words("гүл|ай|жан|нұр|сұлу|ерке|шаш|бике")
KK_CITIES = words("""Астана|Алматы|Шымкент|Қарағанды|Ақтөбе|Тараз|Павлодар|Өскемен|Семей|Атырау|
Қостанай|Қызылорда|Орал|Петропавл|Ақтау|Түркістан|Көкшетау|Талдықорған|Жезқазған|Екібастұз|
Теміртау|Қонаев|Балқаш|Сәтбаев|Риддер|Жаңаөзен|Кентау|Арқалық|Байқоңыр|Сарыағаш""")
KK_REGIONS = words("""Абай|Ақмола|Ақтөбе|Алматы|Атырау|Жамбыл|Жетісу|Қарағанды|Қостанай|Қызылорда|
Маңғыстау|Павлодар|Түркістан|Ұлытау""")
KK_PLACE_END = words("тау|көл|су|бұлақ|ағаш|арал|қала|өзек|сай|тал|құдық|төбе|бел|дала")
KK_ORG_HEADS = words("""министрлігі|басқармасы|департаменті|комитеті|қоры|орталығы|кеңесі|палатасы|
агенттігі|қауымдастығы|холдингі|компаниясы|әкімдігі|мәслихаты|университеті|ауруханасы""")
KK_SAY = lines("""
деді
деп атап өтті
деп мәлімдеді
деп түсіндірді
деп хабарлады
дейді
деп толықтырды
деп сендірді
""")
KK_OPEN = lines("""
Бұл туралы
Айта кетейік,
Сонымен қатар
Алайда
Сондай-ақ
Естеріңізге сала кетейік,
Атап айтқанда,
Оның айтуынша,
Мәселен,
Нәтижесінде
Қазіргі уақытта
Бүгінгі таңда
""")

# ---- Russian --------------------------------------------------------------------------------

RU_NOUN_END = {
    "m": ["", "а", "ы", "ов", "е", "у", "ом", "ам", "ами", "ах"],
    "f": ["а", "ы", "у", "е", "ой", "", "ам", "ами", "ах"],
    "n": ["о", "а", "е", "ом", "у", "ам", "ами", "ах"],
    "ie": ["ие", "ия", "ии", "ий", "ию", "ием", "иям", "иями", "иях"],
    "ia": ["ия", "ии", "ию", "ией", "ий", "иям", "иями", "иях"],
    "s": ["ь", "и", "ей", "ью", "ям", "ями", "ях"],
}
RU_ADJ_END = {
    "h": ["ый", "ого", "ой", "ых", "ые", "ая", "ом", "ому", "ую", "ое", "ым", "ыми"],
    "k": ["ий", "ого", "ой", "их", "ие", "ая", "ом", "ому", "ую", "ое", "им", "ими"],
    "s": ["ий", "его", "ей", "их", "ие", "яя", "ем", "ему", "юю", "ее", "им", "ими"],
}
RU_VERB_END = {
    "a": ["ет", "л", "ла", "ли", "ют", "ть", "ние", "ния", "ется", "ются", "лся", "лась", "лись",
          "нию", "нием", "ющих", "ющий", "вший", "нных", "нный", "ло", "ем", "нные", "ющие"],
    "i": ["ит", "ил", "ила", "или", "ят", "ить", "ение", "ения", "ится", "ятся", "ился", "илась",
          "ились", "ению", "ением", "ивший", "енный", "енных", "ящих", "ило", "им", "енные"],
    "o": ["ует", "овал", "овала", "овали", "уют", "овать", "ование", "ования", "уется",
          "уются", "ованный", "ованных", "ующих", "ующий", "овано", "ованию", "ованы", "уем"],
}
RU_PREFIX = words("|||||||по|пере|вы|за|на|от|под|при|раз|с|у|до|об|про|в|со")
RU_FUNC = words("""
в|и|на|с|по|что|не|для|о|из|к|а|это|как|также|от|за|его|до|будет|уже|при|более|но|он|они|все|
этого|было|был|была|были|так|только|после|мы|их|может|или|об|том|есть|сейчас|который|которые|
которая|которых|где|чтобы|если|бы|ее|им|этом|этой|эти|тем|между|около|через|под|над|без|
против|среди|вместе|ещё|очень|теперь|кроме|того|сообщает|отметил|сказал|заявил|рассказал|
пояснил|тыс.|млн|млрд|тенге|процентов|человек|лет|году|года|во|со|ко|же|ли|ни|то|там|здесь|
пока|именно|всего|всех|свои|своих|свой|своей|данный|данным|ряд|порядка|около|почти|уже|снова|
тоже|затем|поэтому|однако|кроме|благодаря|согласно|вокруг|вдоль|возле|ради|сразу|вновь
""")
RU_NOUNS = [tuple(x.split(":")) for x in words("""
год:m|человек:m|район:m|город:m|центр:m|проект:m|вопрос:m|закон:m|суд:m|министр:m|аким:m|
депутат:m|президент:m|бюджет:m|налог:m|завод:m|объект:m|транспорт:m|автобус:m|маршрут:m|
сотрудник:m|специалист:m|результат:m|случай:m|рост:m|уровень:m|период:m|процесс:m|контроль:m|
ремонт:m|участник:m|турнир:m|чемпионат:m|матч:m|спортсмен:m|врач:m|учитель:m|студент:m|
фермер:m|урожай:m|бизнес:m|предприниматель:m|рынок:m|банк:m|кредит:m|договор:m|документ:m|
школ:f|стран:f|работ:f|программ:f|систем:f|дорог:f|больниц:f|цен:f|зарплат:f|встреч:f|
проверк:f|служб:f|групп:f|команд:f|побед:f|задач:f|помощ:s|област:s|площад:s|част:s|сет:s|
власт:s|мер:f|сумм:f|продукци:ia|пенси:ia|компани:ia|организаци:ia|информаци:ia|ситуаци:ia|
территори:ia|полици:ia|комисси:ia|категори:ia|инвестици:ia|мест:n|дел:n|решен:ie|управлен:ie|
населен:ie|строительств:n|производств:n|предприят:ie|учрежден:ie|мероприят:ie|соглашен:ie|
количеств:n|качеств:n|сел:n|министерств:n|государств:n|образован:ie|заявлен:ie|развит:ie|
событ:ie|обеспечен:ie|здан:ie|направлен:ie|сообщен:ie|предложен:ie|внимани:n|лечен:ie
""")]
RU_VERBS = [tuple(x.split(":")) for x in words("""
дела:a|работа:a|получа:a|выполня:a|проверя:a|принима:a|рассматрива:a|обсужда:a|сообща:a|
заявля:a|отмеча:a|рассказыва:a|начина:a|продолжа:a|увеличива:a|снижа:a|помога:a|собира:a|
говор:i|постро:i|провод:i|выдел:i|направ:i|установ:i|реш:i|объяв:i|сохран:i|определ:i|
заверш:i|привлек:a|получ:i|ответ:i|предлож:i|подготов:i|оплат:i|запуст:i|
организ:o|реализ:o|планир:o|финансир:o|модерниз:o|контролир:o|регистрир:o|рекомен:o|
использ:o|формир:o|информир:o|гарантир:o
""")]
RU_ADJS = [tuple(x.split(":")) for x in words("""
нов:h|крупн:h|местн:h|главн:h|основн:h|государственн:h|областн:h|районн:h|городск:k|
социальн:h|экономическ:k|медицинск:k|национальн:h|международн:h|специальн:h|современн:h|
последн:s|перв:h|втор:h|прошл:h|текущ:s|нынешн:s|сельск:k|общ:s|дополнительн:h|важн:h|
больш:k|высок:k|низк:k|частн:h|бесплатн:h|платн:h|открыт:h|закрыт:h|цифров:h|транспортн:h|
строительн:h|жилищн:h|коммунальн:h|финансов:h|налогов:h|инвестиционн:h|спортивн:h|детск:k
""")]
RU_ON = words("б|в|г|д|ж|з|к|л|м|н|п|р|с|т|ф|х|ч|ш|л|н|р|т|с|д|в|м|к|п|б|г|з")
RU_ON1 = words("бр|вр|гр|др|кр|пр|тр|бл|гл|кл|пл|сл|ст|ск|сп|св|зв|зн|сн|см")
RU_V = words("о|о|о|о|а|а|а|е|е|е|и|и|и|у|я|ы")
RU_CODA = words("||||||||н|р|л|с")
RU_FINAL = words("н|р|л|т|к|д|в|м|ст|ск|ц|ч|нт|ш|ж|б|п|з|с|н|р|л|т|к")


def ru_stem(r) -> str:
    n = 1 + int(r() * 2.4)
    out = []
    for i in range(n):
        on = RU_ON1[int(r() * len(RU_ON1))] if i == 0 and r() < 0.2 else RU_ON[int(r() * len(RU_ON))]
        out.append(on + RU_V[int(r() * len(RU_V))] + (RU_CODA[int(r() * len(RU_CODA))] if i < n - 1 else ""))
    return "".join(out) + RU_FINAL[int(r() * len(RU_FINAL))]


def ru_join(stem: str, end: str) -> str:
    if end and end[0] == "ы" and stem and stem[-1] in "кгхжшщч":
        end = "и" + end[1:]
    if end and end[0] == "я" and stem and stem[-1] in "кгхжшщч":
        end = "а" + end[1:]
    return stem + end


def ru_gen_word(w: str) -> str:
    """Genitive of an organisation head word (управление -> управления)."""
    if w.endswith("ия"):
        return w[:-1] + "и"
    if w[-1] == "о":
        return w[:-1] + "а"
    if w[-1] == "е":
        return w[:-1] + "я"
    if w[-1] == "а":
        return ru_join(w[:-1], "ы")
    return w + "а"


RU_CITIES = words("""Астана|Алматы|Шымкент|Караганда|Актобе|Тараз|Павлодар|Усть-Каменогорск|Семей|Атырау|
Костанай|Кызылорда|Уральск|Петропавловск|Актау|Туркестан|Кокшетау|Талдыкорган|Жезказган|Экибастуз|
Темиртау|Конаев|Балхаш|Сатпаев|Риддер|Жанаозен|Кентау|Аркалык|Байконур|Сарыагаш""")
RU_REGIONS = words("""Абайской|Акмолинской|Актюбинской|Алматинской|Атырауской|Жамбылской|Жетысуской|
Карагандинской|Костанайской|Кызылординской|Мангистауской|Павлодарской|Туркестанской|Улытауской""")
RU_ORG_HEADS = lines("""
министерство
управление
департамент
комитет
фонд
центр
совет
палата
агентство
ассоциация
акимат
маслихат
""")
RU_SAY = lines("""
сказал
отметил
заявил
пояснил
добавил
рассказал
подчеркнул
уточнил
""")
RU_SAY_F = [s + "а" for s in RU_SAY]
RU_OPEN = lines("""
Кроме того,
Как сообщает
Ранее
При этом
Между тем
Также
Напомним,
Как отметили в ведомстве,
По словам специалистов,
Однако
В итоге
Сейчас
""")

# ---- English --------------------------------------------------------------------------------

EN_FUNC = words("""
the|of|and|to|in|a|for|on|with|by|from|at|is|was|were|that|this|said|will|has|have|be|it|its|
as|are|an|which|also|after|more|than|over|about|their|they|he|she|not|but|up|been|into|year|
years|per|cent|million|billion|tenge|had|would|could|all|other|some|there|when|who|while|
since|until|under|between|against|during|before|most|such|only|new|first|last|two|three|four|
five|ten|hundred|thousand|no|any|each|both|his|her|them|these|those|then|now|still|already
""")
EN_NOUNS = words("""
region|city|district|village|school|hospital|road|project|programme|company|government|ministry|
minister|official|resident|farmer|teacher|doctor|police|court|law|plan|budget|tax|price|market|
water|land|house|family|child|student|worker|team|match|season|report|data|growth|service|office|
centre|park|bridge|station|route|bus|train|flight|airport|passenger|driver|crash|fire|flood|
weather|snow|rain|harvest|grain|cattle|farm|research|university|grant|culture|theatre|museum|book|
festival|holiday|veteran|history|monument|pension|salary|loan|bank|investment|investor|export|
import|agreement|meeting|talk|deal|partner|official|expert|agency|fund|council|committee|group|
job|worker|flat|gas|heat|power|energy|oil|coal|river|lake|mountain|forest|tree|animal|bird|fish
""")
EN_VERBS = words("""
open|build|plan|announce|report|launch|receive|provide|complete|start|hold|visit|meet|sign|
approve|support|increase|reduce|repair|install|check|review|discuss|adopt|allocate|attract|
create|develop|expand|finish|improve|invest|organise|present|protect|register|replace|return|
serve|train|warn|win|host|lead|name|note|add|explain|confirm|expect|need|want|help|work|pay
""")
EN_ADJS = words("""
new|local|regional|national|public|private|major|small|large|first|last|next|social|economic|
medical|international|special|modern|main|additional|important|free|digital|rural|urban|annual|
former|current|recent|key|total|average|high|low|long|short|young|old|safe|clean|full|open
""")
EN_ON = words("b|c|d|f|g|h|j|k|l|m|n|p|r|s|t|v|w|br|cl|cr|dr|fl|gr|pl|pr|st|tr|sh|ch|th|sp|sl|bl|gl|sc")
EN_V = words("a|e|i|o|u|ea|ai|ou|oo|a|e|i|o")
EN_CODA = words("|||n|r|l|s|t|nd|nt|st|rt|ck|ll|ss|ng|m|p|rd|ld|x")


def en_stem(r) -> str:
    n = 1 + int(r() * 2.0)
    out = []
    for i in range(n):
        out.append(EN_ON[int(r() * len(EN_ON))] + EN_V[int(r() * len(EN_V))]
                   + (EN_CODA[int(r() * len(EN_CODA))] if i == n - 1 or r() < 0.3 else ""))
    return "".join(out)


def en_join(stem: str, end: str) -> str:
    if not end:
        return stem
    if stem.endswith("e") and end[0] in "ei":
        return stem[:-1] + end
    if end == "s" and stem[-1] in "sxh":
        return stem + "es"
    if end == "s" and stem[-1] == "y" and stem[-2:-1] not in ("a", "e", "o", "u"):
        return stem[:-1] + "ies"
    return stem + end


EN_NOUN_END = ["", "s", "", "s", "al", "er", "ers", "ion", "ions", "ment", "ments", "ness", "ity", "ship"]
EN_VERB_END = ["ed", "s", "", "ing", "ed", "es"]
EN_SAY = words("said|noted|added|explained|stressed|told reporters|confirmed")
EN_OPEN = lines("""
Earlier,
However,
In addition,
Meanwhile,
According to officials,
At the same time,
As a result,
Last week,
On Monday,
This year,
""")

KK_LATIN = str.maketrans({
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "ıo",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u",
    "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "ıý", "я": "ıa",
    "А": "A", "Ә": "Á", "Б": "B", "В": "V", "Г": "G", "Ғ": "Ǵ", "Д": "D", "Е": "E", "Ё": "Io",
    "Ж": "J", "З": "Z", "И": "I", "Й": "I", "К": "K", "Қ": "Q", "Л": "L", "М": "M", "Н": "N",
    "Ң": "Ń", "О": "O", "Ө": "Ó", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "Ý", "Ұ": "U",
    "Ү": "Ú", "Ф": "F", "Х": "H", "Һ": "H", "Ц": "Ts", "Ч": "Ch", "Ш": "Sh", "Щ": "Sh", "Ъ": "",
    "Ы": "Y", "І": "I", "Ь": "", "Э": "E", "Ю": "Iý", "Я": "Ia"})


def kk_latin(text: str) -> str:
    """Kazakh Cyrillic in the 2021 Latin alphabet (as some agencies publish)."""
    return text.translate(KK_LATIN)


# ---- Lexicon and writer ---------------------------------------------------------------------

# Sizes of the made-up part of each lexicon (the hand-written core comes first in rank).
WIRE_LEX_SIZE = {"kk": (26000, 5000, 3000), "ru": (22000, 5000, 4000), "en": (9000, 2000, 1500)}
# Zipf exponent of the stems' ranks: calibrated so that type/token ratios and the share of words
# seen once match real news of each language at 0.5-1 MB (docs/benchmark.md).
WIRE_ZIPF_S = {"kk": 1.25, "ru": 1.12, "en": 1.15}


class WireLexicon:
    """One language's words: stems with their inflection classes, Zipfian draw tables."""

    def __init__(self, lang: str):
        self.lang = lang
        rnd = random.Random(mix(4242, {"kk": 1, "ru": 2, "en": 3}[lang]))
        r = rnd.random
        n_noun, n_verb, n_adj = WIRE_LEX_SIZE[lang]
        if lang == "kk":
            seen = set(KK_NOUNS) | set(KK_VERBS) | set(KK_ADJS) | set(KK_FUNC)
            nouns, verbs, adjs = list(KK_NOUNS), list(KK_VERBS), list(KK_ADJS)
            gen = kk_stem
            self.noun_chains, self.verb_final, self.verb_nonfinal = KK_NOUN_CHAINS, KK_VERB_FINAL, KK_VERB_NONFINAL
            self.func = KK_FUNC
        elif lang == "ru":
            seen = {s for s, _ in RU_NOUNS} | {s for s, _ in RU_VERBS} | {s for s, _ in RU_ADJS}
            nouns, verbs, adjs = list(RU_NOUNS), list(RU_VERBS), list(RU_ADJS)
            gen = ru_stem
            self.func = RU_FUNC
        else:
            seen = set(EN_NOUNS) | set(EN_VERBS) | set(EN_ADJS) | set(EN_FUNC)
            nouns, verbs, adjs = list(EN_NOUNS), list(EN_VERBS), list(EN_ADJS)
            gen = en_stem
            self.func = EN_FUNC

        def more(lst, n, kind):
            while len(lst) < n:
                s = gen(r)
                if s in seen or len(s) < 3:
                    continue
                seen.add(s)
                if lang == "ru":
                    if kind == "noun":
                        x = r()
                        cls = "m" if x < 0.45 else "f" if x < 0.7 else "n" if x < 0.8 else "s" if x < 0.88 else "ie" if x < 0.95 else "ia"
                        lst.append((s, cls))
                    elif kind == "verb":
                        x = r()
                        lst.append((s + "а", "a") if x < 0.5 else (s, "i") if x < 0.8 else (s, "o"))
                    else:
                        x = r()
                        lst.append((s + "н" if x < 0.6 else s + "ск" if x < 0.8 else s,
                                    "h" if x < 0.6 else "k" if x < 0.8 else "h"))
                else:
                    lst.append(s)
        more(nouns, n_noun, "noun")
        more(verbs, n_verb, "verb")
        more(adjs, n_adj, "adj")
        self.nouns, self.verbs, self.adjs = nouns, verbs, adjs
        s = WIRE_ZIPF_S[lang]
        self.z_noun = Zipf(len(nouns), s, 2.0)
        self.z_verb = Zipf(len(verbs), s, 2.0)
        self.z_adj = Zipf(len(adjs), s, 2.0)
        self.z_func = Zipf(len(self.func), 1.0, 4.0)
        if lang == "kk":
            self.z_nch = Zipf(len(self.noun_chains), 1.2, 1.5)
            self.z_vfin = Zipf(len(self.verb_final), 1.0, 1.0)
            self.z_vnon = Zipf(len(self.verb_nonfinal), 1.2, 1.5)
        self.z_end = None
        if lang == "ru":
            ends = dict(RU_NOUN_END)
            ends.update(("a" + k, v) for k, v in RU_ADJ_END.items())
            ends.update(("v" + k, v) for k, v in RU_VERB_END.items())
            self.z_end = {k: Zipf(len(v), 1.0, 1.5) for k, v in ends.items()}
        self.z_prefix = Zipf(len(RU_PREFIX), 0.5, 1.0)
        # made-up proper nouns: first names, surname stems, towns, brands
        self.first_m = (KK_NAMES_M + [cap(kk_stem(r)) + KK_NAME_END_M[int(r() * len(KK_NAME_END_M))]
                                      for _ in range(1500)])
        self.first_f = (KK_NAMES_F + [cap(kk_stem(r)) + KK_NAME_END_F[int(r() * len(KK_NAME_END_F))]
                                      for _ in range(1200)])
        self.sur_stems = [r_ for r_ in KK_ROOTS] + [cap(kk_stem(r)) for _ in range(5000)]
        self.towns = [cap(kk_stem(r)) + KK_PLACE_END[int(r() * len(KK_PLACE_END))] for _ in range(4000)]
        self.brands = [cap(kk_stem(r)) for _ in range(3000)]
        self.z_first = Zipf(len(self.first_m), 1.0, 3.0)
        self.z_first_f = Zipf(len(self.first_f), 1.0, 3.0)
        self.z_sur = Zipf(len(self.sur_stems), 1.0, 5.0)
        self.z_town = Zipf(len(self.towns), 1.0, 5.0)
        self.z_brand = Zipf(len(self.brands), 1.0, 5.0)
        self.z_city = Zipf(len(KK_CITIES), 1.0, 1.0)
        self.z_region = Zipf(len(KK_REGIONS), 1.0, 2.0)


_WIRE_LEX: dict = {}


def wire_lexicon(lang: str) -> WireLexicon:
    lex = _WIRE_LEX.get(lang)
    if lex is None:
        lex = _WIRE_LEX[lang] = WireLexicon(lang)
    return lex


def _conv(lang: str, s: str) -> str:
    if lang == "ru":
        return s.translate(KK_TO_RU)
    if lang == "en":
        return s.translate(KK_TO_EN)
    return s


class WireWriter:
    """Sentences and titles for one story: its own words, people, places and organisations."""

    def __init__(self, lang: str, rnd: random.Random):
        self.lang = lang
        self.lex = lex = wire_lexicon(lang)
        self.r = r = rnd.random
        # the story's own words: mostly mid-frequency stems, reused through the article
        self.own_nouns = [lex.z_noun.draw(r) + 30 for _ in range(4 + int(r() * 10))]
        self.own_nouns = [min(i, len(lex.nouns) - 1) for i in self.own_nouns]
        self.own_verbs = [min(lex.z_verb.draw(r) + 10, len(lex.verbs) - 1) for _ in range(2 + int(r() * 4))]
        self.people = [self._person() for _ in range(1 + int(r() * 3))]
        self.mentioned = set()
        self.places = [self._place() for _ in range(1 + int(r() * 2))]
        self.orgs = [self._org() for _ in range(1 + int(r() * 2))]
        self.year = 2019 + int(r() * 7)

    def pick(self, lst):
        return lst[int(self.r() * len(lst))]

    # ---- names ----
    def _person(self):
        lex, r = self.lex, self.r
        female = r() < 0.35
        first = lex.first_f[lex.z_first_f.draw(r)] if female else lex.first_m[lex.z_first.draw(r)]
        root = lex.sur_stems[lex.z_sur.draw(r)]
        if r() < 0.12:
            sur = root + ("қызы" if female else "ұлы")
        elif root[-1] == "й":
            sur = root[:-1] + ("ева" if female else "ев")
        elif root[-1] in _KK_VOWELS:
            sur = root + ("ева" if female else "ев")
        else:
            sur = root + ("ова" if female else "ов")
        first, sur = _conv(self.lang, first), _conv(self.lang, sur)
        return (first, sur, female)

    def _place(self):
        lex, r = self.lex, self.r
        x = r()
        if x < 0.45:
            i = lex.z_city.draw(r)
            return ("city", KK_CITIES[i] if self.lang == "kk" else RU_CITIES[i] if self.lang == "ru"
                    else KK_CITIES[i].translate(KK_TO_EN))
        if x < 0.6:
            i = lex.z_region.draw(r)
            return ("region", i)
        return ("town", _conv(self.lang, lex.towns[lex.z_town.draw(r)]))

    def _org(self):
        lex, r = self.lex, self.r
        lang = self.lang
        x = r()
        if lang == "kk":
            if x < 0.4:
                return ("head", self.pick(KK_ORG_HEADS), "«" + lex.brands[lex.z_brand.draw(r)] + "»")
            return ("head", self.pick(KK_ORG_HEADS), cap(self.noun_form(("LIQ",)) if r() < 0.4 else self.noun_form(())))
        if lang == "ru":
            if x < 0.4:
                return ("ru", self.pick(RU_ORG_HEADS), "«" + _conv(lang, lex.brands[lex.z_brand.draw(r)]) + "»")
            return ("ru", self.pick(RU_ORG_HEADS), self.ru_noun(case=1))
        return ("en", self.pick(words("ministry|agency|fund|council|committee|company|centre|department")),
                _conv(lang, lex.brands[lex.z_brand.draw(r)]))

    def person_ref(self, case: int = 0) -> list[str]:
        """A person as the text names them: full name at first mention, surname later."""
        p = self.pick(self.people)
        first, sur, female = p
        lang = self.lang
        if lang == "kk" and case:
            sur = kk_add(sur, ("GEN", "DAT", "ACC", "INS", "ABL")[case - 1])
        elif lang == "ru" and case and not sur.endswith("ы"):
            if female:
                sur = sur[:-1] + ("ой" if case in (1, 2, 4) else "у")
            else:
                sur = sur + ("а", "у", "а", "ым", "а")[case - 1]
        if p in self.mentioned:
            x = self.r()
            return [sur] if x < 0.6 else [first[0] + ".", sur] if x < 0.8 else [first, sur]
        self.mentioned.add(p)
        return [first, sur]

    def place_ref(self, case: int = 0) -> list[str]:
        kind, v = self.pick(self.places)
        lang = self.lang
        if kind == "region":
            if lang == "kk":
                return [KK_REGIONS[v], kk_form("облыс", (("PX3",), ("PX3", "P3LOC"), ("PX3", "P3DAT"),
                                                         ("PX3", "GEN"), ("PX3", "P3ABL"))[case % 5])]
            if lang == "ru":
                return [RU_REGIONS[v], ("области", "области", "область", "областью")[case % 4]]
            return [KK_REGIONS[v].translate(KK_TO_EN), "region"]
        if lang == "kk" and case:
            return [kk_add(v, ("LOC", "DAT", "GEN", "ABL")[(case - 1) % 4])]
        if lang == "ru" and case:
            if v[-1] in "ыи" or "-" in v:
                return [v]
            return [v[:-1] + "е" if v[-1] == "а" else v + ("е" if case % 2 else "а")]
        return [v]

    def org_ref(self, case: int = 0) -> list[str]:
        kind, head, name = self.pick(self.orgs)
        lang = self.lang
        if kind == "head":
            h = head
            if case:
                h = h + ("нің", "не", "н", "нде", "нен")[(case - 1) % 5] if h[-1] in "іе" else \
                    h + ("ның", "на", "н", "нда", "нан")[(case - 1) % 5]
            return [name, h]
        if kind == "ru":
            return [ru_gen_word(head) if case else head, name]
        return ["the", name, head]

    # ---- words ----
    def noun_idx(self) -> int:
        r = self.r
        if r() < 0.4:
            return self.own_nouns[int(r() * len(self.own_nouns))]
        return self.lex.z_noun.draw(r)

    def noun_form(self, chain=None) -> str:
        lex, r = self.lex, self.r
        stem = lex.nouns[self.noun_idx()]
        if chain is None:
            chain = lex.noun_chains[lex.z_nch.draw(r)]
        return kk_form(stem, chain)

    def kk_verb(self, final: bool) -> str:
        lex, r = self.lex, self.r
        i = self.own_verbs[int(r() * len(self.own_verbs))] if r() < 0.25 else lex.z_verb.draw(r)
        stem = lex.verbs[i]
        chain = lex.verb_final[lex.z_vfin.draw(r)] if final else lex.verb_nonfinal[lex.z_vnon.draw(r)]
        return kk_form(stem, chain)

    def ru_noun(self, case=None) -> str:
        lex, r = self.lex, self.r
        stem, cls = lex.nouns[self.noun_idx()]
        ends = RU_NOUN_END[cls]
        e = ends[min(case, len(ends) - 1)] if case is not None else ends[lex.z_end[cls].draw(r)]
        return ru_join(stem, e)

    def ru_adj(self) -> str:
        lex, r = self.lex, self.r
        stem, cls = lex.adjs[lex.z_adj.draw(r)]
        return ru_join(stem, RU_ADJ_END[cls][lex.z_end["a" + cls].draw(r)])

    def ru_verb(self) -> str:
        lex, r = self.lex, self.r
        i = self.own_verbs[int(r() * len(self.own_verbs))] if r() < 0.25 else lex.z_verb.draw(r)
        stem, cls = lex.verbs[i]
        pre = RU_PREFIX[lex.z_prefix.draw(r)] if cls != "o" and r() < 0.35 else ""
        return pre + ru_join(stem, RU_VERB_END[cls][lex.z_end["v" + cls].draw(r)])

    def en_noun(self) -> str:
        lex, r = self.lex, self.r
        return en_join(lex.nouns[self.noun_idx()], EN_NOUN_END[int(r() * r() * len(EN_NOUN_END))])

    def en_verb(self) -> str:
        lex, r = self.lex, self.r
        i = self.own_verbs[int(r() * len(self.own_verbs))] if r() < 0.25 else lex.z_verb.draw(r)
        return en_join(lex.verbs[i], EN_VERB_END[int(r() * len(EN_VERB_END))])

    def func(self) -> str:
        return self.lex.func[self.lex.z_func.draw(self.r)]

    # ---- numbers ----
    def number(self) -> list[str]:
        r, lang = self.r, self.lang
        x = r()
        if x < 0.3:
            y = str(self.year if r() < 0.6 else 2015 + int(r() * 12))
            return [y, "жылы" if lang == "kk" else "году" if lang == "ru" else "year"] if lang != "en" else ["in", y]
        if x < 0.5:
            d = str(1 + int(r() * 28))
            m = int(r() * 12)
            return ([d, MONTHS_KK_LOC[m]] if lang == "kk" else [d, MONTHS_RU_GEN[m]] if lang == "ru"
                    else ["on", MONTHS_EN[m], d])
        if x < 0.7:
            v = (fmt_dec(0.1 + r() * 90, lang) if r() < 0.5 else str(2 + int(r() * 900)))
            unit = self.pick(("млн", "млрд", "мың")) if lang != "en" else self.pick(("million", "billion"))
            cur = "теңге" if lang == "kk" else "тенге" if lang == "ru" else "tenge"
            if lang == "ru" and unit == "мың":
                unit = "тыс."
            if lang == "kk" and r() < 0.5:
                cur = kk_add(cur, self.pick(("DAT", "LOC", "ABL", "PX3")))
            return [v, unit, cur]
        if x < 0.85:
            v = fmt_dec(0.1 + r() * 60, lang) if r() < 0.6 else str(1 + int(r() * 99))
            if r() < 0.6:
                return [v + "%"]
            return [v, "пайызға" if lang == "kk" else "процента" if lang == "ru" else "percent"]
        n = str(2 + int(r() * 40)) if r() < 0.6 else str(40 + int(r() * 5000))
        if len(n) >= 4 and r() < 0.5:
            n = n[:-3] + (" " if lang != "en" else ",") + n[-3:]
            return n.split(" ") if lang != "en" else [n] + [self.en_noun()]
        if lang == "kk":
            return [n, self.noun_form(())]
        if lang == "ru":
            return [n, self.ru_noun(case=1)]
        return [n, self.en_noun()]

    # ---- sentences ----
    def n_tokens(self) -> int:
        return lognormal_int(self.r, 12, 0.5, 3, 45)

    def sentence(self) -> str:
        r = self.r
        x = r()
        if x < 0.08:
            return self.quote_sentence()
        toks = {"kk": self._kk, "ru": self._ru, "en": self._en}[self.lang](self.n_tokens())
        return self.finish(toks)

    def finish(self, toks: list[str]) -> str:
        r = self.r
        toks[0] = cap(toks[0])
        e = r()
        toks[-1] += "." if e < 0.96 else "!" if e < 0.98 else "?"
        return " ".join(toks)

    def quote_sentence(self) -> str:
        r, lang = self.r, self.lang
        inner = {"kk": self._kk, "ru": self._ru, "en": self._en}[lang](lognormal_int(r, 8, 0.45, 3, 25))
        inner[0] = cap(inner[0])
        if lang == "en":
            inner[0] = "\u201c" + inner[0]
            inner[-1] += ",\u201d"
            who = self.person_ref()
            return " ".join(inner + [self.pick(EN_SAY)] + who) + "."
        inner[0] = "«" + inner[0]
        inner[-1] += "»,"
        dash = "–" if lang == "kk" else "—"
        if lang == "kk":
            return " ".join(inner + [dash] + self.pick(KK_SAY).split() + self.person_ref()) + "."
        p = self.pick(self.people)
        say = self.pick(RU_SAY_F if p[2] else RU_SAY)
        return " ".join(inner + [dash, say] + self.person_ref()) + "."

    def comma(self, toks):
        if toks and toks[-1][-1] not in ",.:;»":
            toks[-1] += ","

    def _kk(self, n: int) -> list[str]:
        r = self.r
        t: list[str] = []
        if r() < 0.25:
            t += self.pick(KK_OPEN).split() if r() < 0.5 else self.number()[:2]
        x = r()
        if x < 0.2:
            t += self.person_ref()
        elif x < 0.28:
            t += self.org_ref()
        elif x < 0.36:
            t += self.place_ref(1)
        while len(t) < n - 1:
            y = r()
            if y < 0.46:
                if r() < 0.3:
                    t.append(self.lex.adjs[self.lex.z_adj.draw(r)])
                t.append(self.noun_form())
            elif y < 0.60:
                t.append(self.func())
            elif y < 0.70:
                t.append(self.kk_verb(False))
                if r() < 0.35:
                    self.comma(t)
            elif y < 0.735:
                t += self.number()
            elif y < 0.775:
                t += self.place_ref(int(r() * 5))
            elif y < 0.80:
                t += self.person_ref(int(r() * 6))
            elif y < 0.82:
                t += self.org_ref(int(r() * 6))
            elif y < 0.88:
                self.comma(t)
                t.append(self.pick(("және", "мен", "әрі", "не", "яғни")) if r() < 0.5 else self.noun_form())
            elif y < 0.90:
                t.append("(" + self.noun_form(()) + ")" if r() < 0.5 else "«" + cap(self.noun_form(())) + "»")
            else:
                t.append(self.noun_form(()))
        if r() < 0.15:
            t += self.pick(KK_SAY).split()
        else:
            t.append(self.kk_verb(True))
        return t

    def _ru(self, n: int) -> list[str]:
        r = self.r
        t: list[str] = []
        if r() < 0.25:
            t += self.pick(RU_OPEN).split() if r() < 0.5 else self.number()[:2]
        x = r()
        if x < 0.18:
            t += self.person_ref()
        elif x < 0.26:
            t += self.org_ref()
        elif x < 0.75:
            if r() < 0.4:
                t.append(self.ru_adj())
            t.append(self.ru_noun())
        t.append(self.ru_verb())
        while len(t) < n:
            y = r()
            if y < 0.40:
                if r() < 0.35:
                    t.append(self.ru_adj())
                t.append(self.ru_noun())
            elif y < 0.55:
                t.append(self.func())
            elif y < 0.64:
                t.append(self.ru_verb())
            elif y < 0.675:
                t += self.number()
            elif y < 0.715:
                t += ["в"] + self.place_ref(1)
            elif y < 0.74:
                t += self.person_ref(int(r() * 6))
            elif y < 0.76:
                t += self.org_ref(1)
            elif y < 0.84:
                self.comma(t)
                t.append(self.pick(("что", "который", "которые", "а", "но", "и", "где", "чтобы")))
            elif y < 0.86:
                t.append("(" + self.ru_noun() + ")" if r() < 0.5 else "«" + cap(self.ru_noun()) + "»")
            else:
                t.append(self.pick(("в", "на", "по", "с", "для", "из", "к", "о", "от", "за", "при", "до")))
                t.append(self.ru_noun())
        return t

    def _en(self, n: int) -> list[str]:
        r = self.r
        t: list[str] = []
        if r() < 0.25:
            t += self.pick(EN_OPEN).split()
        x = r()
        if x < 0.18:
            t += self.person_ref()
        elif x < 0.26:
            t += self.org_ref()
        else:
            t += ["the", self.en_noun()] if r() < 0.6 else [self.pick(EN_ADJS), self.en_noun()]
        t.append(self.en_verb())
        while len(t) < n:
            y = r()
            if y < 0.38:
                if r() < 0.3:
                    t.append(self.pick(EN_ADJS) if r() < 0.7 else self.lex.adjs[self.lex.z_adj.draw(r)])
                t.append(self.en_noun())
            elif y < 0.58:
                t.append(self.func())
            elif y < 0.66:
                t.append(self.en_verb())
            elif y < 0.695:
                t += self.number()
            elif y < 0.745:
                t += ["in"] + self.place_ref()
            elif y < 0.77:
                t += self.person_ref()
            elif y < 0.84:
                self.comma(t)
                t.append(self.pick(("and", "but", "which", "while", "as")))
            else:
                t.append(self.pick(("of", "in", "for", "on", "with", "to", "from")))
                t.append(self.en_noun())
        return t

    def title(self) -> str:
        r = self.r
        lang = self.lang
        n = lognormal_int(r, 7, 0.3, 3, 14)
        toks = {"kk": self._kk, "ru": self._ru, "en": self._en}[lang](n)
        toks[0] = cap(toks[0])
        s = " ".join(toks).rstrip(",")
        if r() < 0.12:
            s = self.place_ref()[0] + ": " + s[0].lower() + s[1:] if lang != "en" else self.place_ref()[0] + ": " + s
        while s and s[-1] in ".,":
            s = s[:-1]
        return s

    def dateline(self, site_name: str) -> str:
        r, lang = self.r, self.lang
        kind, v = self.places[0]
        city = v if kind != "region" else (KK_CITIES[0] if lang == "kk" else RU_CITIES[0] if lang == "ru" else "Astana")
        x = r()
        name = site_name.upper() if r() < 0.5 else site_name
        if lang == "en":
            m = MONTHS_EN[int(r() * 12)]
            return f"{city.upper()}, {m} {1 + int(r() * 28)} ({name}) –"
        dash = "–" if lang == "kk" else "—"
        if x < 0.5:
            return f"{city.upper()}. {name} {dash}"
        d = 1 + int(r() * 28)
        m = (MONTHS_KK if lang == "kk" else MONTHS_RU_GEN)[int(r() * 12)]
        return f"{city.upper()}, {d} {m}. {name} {dash}"


class WireStory:
    """A wire item: same fields as Story (title, paras, cast, tags, date), short text."""

    __slots__ = ("sid", "lang", "topic", "title", "paras", "cast", "rnd", "date", "tags", "writer")

    def __init__(self, sid: int, seed: int, lang: str):
        rnd = random.Random(mix(seed, sid, 23))
        r = rnd.random
        self.sid = sid
        self.lang = lang
        self.rnd = rnd
        self.topic = TOPIC_KEYS[int(r() * len(TOPIC_KEYS))]
        self.cast = Cast(lang, rnd, self.topic)  # furniture fills (photo credits, tags)
        w = self.writer = WireWriter(lang, rnd)
        self.title = w.title()
        n_sent = lognormal_int(r, 7.5, 0.8, 1, 120)
        paras = []
        left = n_sent
        first = True
        while left > 0:
            k = 1 + int(r() * 2) if first else 1 + int(r() * 5)
            k = min(k, left)
            paras.append([w.sentence() for _ in range(k)])
            left -= k
            first = False
        self.paras = paras
        tg = TOPICS[self.topic][lang]["tags"]
        k = 2 + int(r() * 3)
        self.tags = list(dict.fromkeys(tg[int(r() * len(tg))] for _ in range(k)))
        self.date = int(r() * (365 * 7 - 10))

    def n_sentences(self) -> int:
        return sum(len(p) for p in self.paras)

    def extra_sentence(self, r) -> str:
        w = self.writer
        saved = w.r
        w.r = r
        try:
            return w.sentence()
        finally:
            w.r = saved


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def day_to_date(day: int) -> tuple[int, int, int]:
    y = 2019
    while True:
        ylen = 366 if y % 4 == 0 else 365
        if day < ylen:
            break
        day -= ylen
        y += 1
    for m in range(12):
        ml = DAYS_IN_MONTH[m] + (1 if m == 1 and y % 4 == 0 else 0)
        if day < ml:
            return y, m + 1, day + 1
        day -= ml
    return y, 12, 31


def lookalike_words(text: str, rnd: random.Random, share: float) -> str:
    """Type a share of the words with Latin look-alike letters."""
    r = rnd.random
    toks = text.split(" ")
    for k, t in enumerate(toks):
        if len(t) > 3 and r() < share:
            toks[k] = t.translate(LOOKALIKE) if r() < 0.3 else t.translate(LATIN_I)
    return " ".join(toks)


def whitespace_variant(text: str, rnd: random.Random) -> tuple[str, str]:
    r = rnd.random
    x = r()
    if x < 0.4:
        return text, "exact"
    if x < 0.6:
        return text.replace("\n", "\r\n"), "crlf"
    ls = text.split("\n")
    if x < 0.8:
        for i in range(len(ls)):
            if ls[i] and r() < 0.4:
                ls[i] = ls[i] + (" " if r() < 0.7 else "  ")
        out, kind = "\n".join(ls), "trailing_spaces"
    else:
        for i in range(len(ls)):
            if ls[i] and r() < 0.3:
                ls[i] = ls[i].replace(" ", "  ", 1 + int(r() * 3))
        out, kind = "\n".join(ls), "double_spaces"
    if out == text:  # nothing was touched: make sure the copy differs (in whitespace only)
        out = text.replace("\n", " \n", 1)
    return out, kind


class Generator:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.style = getattr(args, "style", "news")
        self.langs = [l for l in args.langs.split(",") if l]
        for l in self.langs:
            if l not in ("kk", "ru", "en"):
                raise SystemExit(f"gen_corpus: unknown language {l!r} (kk, ru, en)")
        base_w = {"kk": 0.6, "ru": 0.3, "en": 0.1}
        tot = sum(base_w[l] for l in self.langs)
        self.lang_w = [(l, base_w[l] / tot) for l in self.langs]
        self.sites = [Site(i, self.seed, self.langs) for i in range(args.sites)]
        self.sites_for = {}
        for l in self.langs:
            cand = [(s, s.langs[l]) for s in self.sites if l in s.langs]
            if not cand:
                cand = [(s, 1.0) for s in self.sites]
            self.sites_for[l] = cand
        self.plan = random.Random(mix(self.seed, 99))
        self.site_n = {s.slug: 0 for s in self.sites}
        self.recent_titles = {l: [] for l in self.langs}
        rr = args.repost_rate
        dr = args.dup_rate
        if rr + dr >= 0.9:
            raise SystemExit("gen_corpus: --repost-rate + --dup-rate must be < 0.9")
        per_story = 1.0 / (1.0 - rr - dr)
        self.mean_reposts = 2.0  # 1..4 with weights below
        self.p_repost = min(1.0, rr * per_story / self.mean_reposts)
        self.p_dup = dr * per_story
        self.filler_seq = 0
        # wire style: some sites open their own items with an agency dateline ("АСТАНА. SITE –")
        # and carry less furniture than the template sites (about one line per item)
        self.dateline_p = {}
        if self.style == "wire":
            for i, s in enumerate(self.sites):
                sr = random.Random(mix(self.seed, 1000 + i, 9)).random
                x = sr()
                self.dateline_p[s.slug] = 0.0 if x < 0.4 else 0.5 + 0.5 * x
                for lang in s.style:
                    st = dict(s.style[lang])
                    st["credit_p"] *= 0.3
                    st["read_also_p"] *= 0.4
                    st["cta_p"] *= 0.2
                    for key, keep in (("copyright", 0.25), ("tags", 0.3), ("header", 0.3)):
                        if sr() >= keep:
                            st[key] = None
                    s.style[lang] = st

    # read-also headline: the title of another (earlier) story in that language
    def headline(self, lang, r):
        lst = self.recent_titles.get(lang)
        if lst:
            return lst[int(r() * len(lst))]
        self.filler_seq += 1
        rnd = random.Random(mix(self.seed, 7, self.filler_seq))
        cast = Cast(lang, rnd, TOPIC_KEYS[int(rnd.random() * len(TOPIC_KEYS))])
        return make_title(cast)

    def pick_site(self, lang, r, exclude=()):
        cand = [(s, w) for s, w in self.sites_for[lang] if s.slug not in exclude]
        if not cand:
            cand = [(s, 1.0) for s in self.sites if s.slug not in exclude] or [(self.sites[0], 1.0)]
        tot = sum(w for _, w in cand)
        x = r() * tot
        for s, w in cand:
            x -= w
            if x < 0:
                return s
        return cand[-1][0]

    def next_id(self, site, day):
        n = self.site_n[site.slug] + 1
        self.site_n[site.slug] = n
        y, m, d = day_to_date(min(day, 365 * 7 - 1))
        return n, y, m, d

    def articles(self):
        """Yield article records in a fixed order."""
        r = self.plan.random
        sid = 0
        while True:
            x = r()
            lang = self.lang_w[-1][0]
            for l, w in self.lang_w:
                x -= w
                if x < 0:
                    lang = l
                    break
            y = r()
            length = "short" if y < 0.004 else "long" if y < 0.007 else "normal"
            wire = self.style == "wire"
            story = WireStory(sid, self.seed, lang) if wire else Story(sid, self.seed, lang, length)
            arnd = random.Random(mix(self.seed, sid, 1))
            site = self.pick_site(lang, arnd.random)
            latin = wire and site.latin_i and lang == "kk"
            if wire and arnd.random() < self.dateline_p[site.slug]:
                p0 = story.paras[0]
                p0[0] = story.writer.dateline(site.name) + " " + p0[0]
            if latin:  # a site in the 2021 Latin alphabet: the whole item, furniture too
                story.paras = [[kk_latin(s) for s in p] for p in story.paras]
                story.title = kk_latin(story.title)
            elif site.latin_i and lang == "kk":
                story.paras = [[s.translate(LATIN_I) for s in p] for p in story.paras]
                story.title = story.title.translate(LATIN_I)
            elif lang == "kk" and arnd.random() < 0.15:
                share = 0.03 + 0.1 * arnd.random()
                story.paras = [[lookalike_words(s, arnd, share) for s in p] for p in story.paras]
            items = build_article(story, story.paras, site, arnd, self.headline)
            if latin:
                items = [(kk_latin(t), lab, k) for t, lab, k in items]
            orig = dict(story=story, site=site, items=items, kind="original", of=None,
                        edited=0, day=story.date, rnd=arnd, variant=None)
            yield orig
            made = [orig]
            # reposts
            if r() < self.p_repost:
                k = 1 + int(r() < 0.5) + int(r() < 0.35) + int(r() < 0.15)  # 1..4, mean ~2
                used = {site.slug}
                for j in range(k):
                    rrnd = random.Random(mix(self.seed, sid, 100 + j))
                    rs = self.pick_site(lang, rrnd.random, exclude=used)
                    used.add(rs.slug)
                    paras, edited = edit_paras(story, rrnd)
                    items = build_article(story, paras, rs, rrnd, self.headline)
                    rec = dict(story=story, site=rs, items=items, kind="repost", of=orig,
                               edited=edited, day=story.date + int(rrnd.random() * 4), rnd=rrnd,
                               variant=None)
                    yield rec
                    made.append(rec)
            # exact / whitespace duplicates
            nd = 0
            p = self.p_dup
            while p > 0 and r() < p:
                nd += 1
                p -= 1.0
            for j in range(nd):
                drnd = random.Random(mix(self.seed, sid, 200 + j))
                src = made[int(drnd.random() * len(made))]
                ds = src["site"] if drnd.random() < 0.5 else self.pick_site(lang, drnd.random)
                rec = dict(story=story, site=ds, items=src["items"], kind="duplicate", of=src,
                           edited=0, day=src["day"] + int(drnd.random() * 3), rnd=drnd,
                           variant=True)
                yield rec
            # remember the title for later read-also links
            lst = self.recent_titles[lang]
            lst.append(story.title)
            if len(lst) > 3000:
                del lst[:1000]
            sid += 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--size-mb", type=float, default=None,
                   help="stop once the txt text written reaches this many MB (10^6 bytes); default 100")
    g.add_argument("--docs", type=int, default=None, help="exact number of article files/records")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=["txt", "jsonl", "both"], default="txt")
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--repost-rate", type=float, default=0.08)
    ap.add_argument("--dup-rate", type=float, default=0.03)
    ap.add_argument("--langs", default="kk,ru,en")
    ap.add_argument("--style", choices=["news", "wire"], default="news",
                    help="news: the template articles (default); wire: many small agency items, "
                         "short sentences, a large Zipfian vocabulary of inflected word forms")
    args = ap.parse_args(argv)
    if args.sites < 1:
        ap.error("--sites must be >= 1")
    if args.docs is None and args.size_mb is None:
        args.size_mb = 100.0
    target_bytes = None if args.size_mb is None else int(args.size_mb * 1_000_000)

    out = os.path.abspath(args.out_dir)
    art_dir = os.path.join(out, "articles")
    os.makedirs(art_dir, exist_ok=True)
    want_txt = args.format in ("txt", "both")
    want_jsonl = args.format in ("jsonl", "both")

    gen = Generator(args)
    made_dirs = set()
    jsonl_fh = {}
    truth = open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8", newline="\n",
                 buffering=1 << 20)
    counts = dict(articles=0, stories=0, bytes_txt=0, bytes_jsonl=0,
                  kinds={"original": 0, "repost": 0, "duplicate": 0},
                  langs={}, sites={}, duplicate_variants={}, repost_edited=0, short=0, long=0,
                  lines={"title": 0, "body": 0, "furniture": 0}, furniture_kinds={})
    dumps = json.dumps
    written = 0
    limit_docs = args.docs
    for rec in gen.articles():
        if limit_docs is not None and counts["articles"] >= limit_docs:
            break
        if target_bytes is not None and written >= target_bytes:
            break
        story = rec["story"]
        site = rec["site"]
        n, y, m, d = gen.next_id(site, rec["day"])
        txt_id = f"{site.slug}/{y:04d}/{m:02d}/{n}"
        jsonl_id = f"{site.slug}-{n}"
        rec["txt_id"] = txt_id
        rec["jsonl_id"] = jsonl_id
        items = rec["items"]
        text = "\n".join(t for t, _, _ in items) + "\n"
        variant = None
        if rec["kind"] == "duplicate":
            src_text = rec["of"]["text"]
            text, variant = whitespace_variant(src_text, rec["rnd"])
            counts["duplicate_variants"][variant] = counts["duplicate_variants"].get(variant, 0) + 1
        rec["text"] = text
        data = text.encode("utf-8")
        written += len(data)
        # truth lines: split the text as written on "\n", blank (whitespace-only) lines omitted
        if variant is None or variant == "exact":
            tl = [{"text": t, "label": lab, "furniture_kind": fk} for t, lab, fk in items if lab]
        else:
            labs = [(lab, fk) for t, lab, fk in items]
            tl = []
            for (lab, fk), t in zip(labs, text.split("\n")):
                if lab:
                    tl.append({"text": t, "label": lab, "furniture_kind": fk})
        n_edit = rec["edited"]
        base = {"site": site.slug, "lang": story.lang, "story": f"s{story.sid}", "kind": rec["kind"]}
        date = f"{y:04d}-{m:02d}-{d:02d}"
        if want_txt:
            ddir = os.path.join(art_dir, site.slug, f"{y:04d}", f"{m:02d}")
            if ddir not in made_dirs:
                os.makedirs(ddir, exist_ok=True)
                made_dirs.add(ddir)
            with open(os.path.join(ddir, f"{n}.txt"), "wb") as fh:
                fh.write(data)
            counts["bytes_txt"] += len(data)
            t = {"id": txt_id, **base, "of": rec["of"]["txt_id"] if rec["of"] else None,
                 "edited_sentences": n_edit, "format": "txt", "date": date,
                 "dup_variant": variant, "lines": tl}
            truth.write(dumps(t, ensure_ascii=False) + "\n")
        if want_jsonl:
            fh = jsonl_fh.get(site.slug)
            if fh is None:
                fh = open(os.path.join(art_dir, f"{site.slug}.jsonl"), "w", encoding="utf-8",
                          newline="\n", buffering=1 << 20)
                jsonl_fh[site.slug] = fh
            title = next(t for t, lab, _ in items if lab == "title")
            line = dumps({"id": jsonl_id, "url": f"https://{site.domain}/news/{y:04d}/{m:02d}/{n}",
                          "title": title, "date": date, "text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            counts["bytes_jsonl"] += len(line.encode("utf-8"))
            t = {"id": jsonl_id, **base, "of": rec["of"]["jsonl_id"] if rec["of"] else None,
                 "edited_sentences": n_edit, "format": "jsonl", "date": date,
                 "dup_variant": variant, "lines": tl}
            truth.write(dumps(t, ensure_ascii=False) + "\n")
        counts["articles"] += 1
        counts["kinds"][rec["kind"]] += 1
        counts["langs"][story.lang] = counts["langs"].get(story.lang, 0) + 1
        counts["sites"][site.slug] = counts["sites"].get(site.slug, 0) + 1
        if rec["kind"] == "original":
            counts["stories"] += 1
            nb = len(story.paras)
            if nb == 1:
                counts["short"] += 1
            elif nb >= 40:
                counts["long"] += 1
        if rec["kind"] == "repost" and n_edit:
            counts["repost_edited"] += 1
        for x in tl:
            counts["lines"][x["label"]] += 1
            if x["furniture_kind"]:
                fk = x["furniture_kind"]
                counts["furniture_kinds"][fk] = counts["furniture_kinds"].get(fk, 0) + 1
    truth.close()
    for fh in jsonl_fh.values():
        fh.close()
    counts["format"] = args.format
    counts["args"] = {"seed": args.seed, "docs": args.docs, "size_mb": args.size_mb,
                      "sites": args.sites, "repost_rate": args.repost_rate,
                      "dup_rate": args.dup_rate, "langs": gen.langs}
    if args.style != "news":  # the default's summary stays as it was
        counts["args"]["style"] = args.style
    counts["kinds"] = dict(sorted(counts["kinds"].items()))
    counts["langs"] = dict(sorted(counts["langs"].items()))
    counts["sites"] = dict(sorted(counts["sites"].items()))
    counts["duplicate_variants"] = dict(sorted(counts["duplicate_variants"].items()))
    counts["furniture_kinds"] = dict(sorted(counts["furniture_kinds"].items()))
    with open(os.path.join(out, "truth_summary.json"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(counts, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
