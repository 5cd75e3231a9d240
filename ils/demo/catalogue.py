"""Fixed names of the demo: boards, goal titles, unit name parts.

The district names and the goal titles of 2019–2022 are Stockholm's real ones (titles from
the city's published annual reports 2019–2022 where their excerpts have them, plausible ones
marked below otherwise). Everything measured about them is fictitious.
"""

from __future__ import annotations

STAD_ID = "stad"
STAD_NAME = "Stockholms stad (fiktiva demodata)"
YEARS = (2019, 2020, 2021, 2022)

# The 13 district boards of 2020–2022: (slug, board name, relative size 1–3).
DISTRICTS = (
    ("rinkeby-kista", "Rinkeby-Kista stadsdelsnämnd", 2),
    ("spanga-tensta", "Spånga-Tensta stadsdelsnämnd", 2),
    ("hasselby-vallingby", "Hässelby-Vällingby stadsdelsnämnd", 3),
    ("bromma", "Bromma stadsdelsnämnd", 3),
    ("kungsholmen", "Kungsholmens stadsdelsnämnd", 2),
    ("norrmalm", "Norrmalms stadsdelsnämnd", 2),
    ("ostermalm", "Östermalms stadsdelsnämnd", 2),
    ("sodermalm", "Södermalms stadsdelsnämnd", 3),
    ("enskede-arsta-vantor", "Enskede-Årsta-Vantörs stadsdelsnämnd", 3),
    ("skarpnack", "Skarpnäcks stadsdelsnämnd", 2),
    ("farsta", "Farsta stadsdelsnämnd", 2),
    ("hagersten-alvsjo", "Hägersten-Älvsjö stadsdelsnämnd", 3),
    ("skarholmen", "Skärholmens stadsdelsnämnd", 1),
)

# Specialist boards: (slug, name, [(department kind, department name, unit kind, unit label,
# number of units)]).
SPECIALISTS = (
    ("utbildning", "Utbildningsnämnden", [
        ("grundskola", "Grundskola", "grundskola", "skolan", 30),
        ("gymnasieskola", "Gymnasieskola", "gymnasium", "gymnasiet", 6)]),
    ("social", "Socialnämnden", [
        ("stod", "Stöd och behandling", "socialt_stod", "Stödenhet", 4)]),
    ("aldre", "Äldrenämnden", [
        ("aldreomsorg", "Äldreomsorg", "sarskilt_boende", "Vård- och omsorgsboende", 3)]),
    ("kultur", "Kulturnämnden", [("bibliotek", "Stadsbiblioteket", "bibliotek", "bibliotek", 5)]),
    ("idrott", "Idrottsnämnden", [("anlaggning", "Anläggningar", "idrottsanlaggning", "", 3)]),
    ("trafik", "Trafiknämnden", [("gata", "Gatu- och parkavdelningen", "drift", "Driftområde", 2)]),
    ("exploatering", "Exploateringsnämnden", [
        ("exploatering", "Exploateringsavdelningen", "projekt", "Projektenhet", 2)]),
    ("stadsbyggnad", "Stadsbyggnadsnämnden", [
        ("bygglov", "Bygglovsavdelningen", "bygglov", "Bygglovsenhet", 2)]),
    ("miljo", "Miljö- och hälsoskyddsnämnden", [
        ("tillsyn", "Tillsyn", "tillsyn", "Tillsynsenhet", 2)]),
    ("arbetsmarknad", "Arbetsmarknadsnämnden", [
        ("jobbtorg", "Jobbtorg Stockholm", "jobbtorg", "Jobbtorg", 4),
        ("vuxenutbildning", "Vuxenutbildning", "sfi", "Sfi-enhet", 2)]),
    ("fastighet", "Fastighetsnämnden", [
        ("forvaltning", "Förvaltning", "drift", "Förvaltningsområde", 2)]),
    ("service", "Servicenämnden", [
        ("service", "Servicecenter", "kontaktcenter", "Kontaktcenter", 1),
        ("inkop", "Inköp och upphandling", "inkop", "Inköpsenhet", 1)]),
)

COMPANIES = (
    ("stadshus", "Stockholms Stadshus AB"),
    ("familjebostader", "AB Familjebostäder"),
    ("svenskabostader", "AB Svenska Bostäder"),
    ("stockholmshem", "AB Stockholmshem"),
    ("micasa", "Micasa Fastigheter i Stockholm AB"),
)

# Name parts for fictitious unit names ("Förskolan Ekbacken", "Solgårdens hemtjänst").
NAME_FIRST = ("Ek", "Björk", "Lönn", "Sol", "Måne", "Stjärn", "Äppel", "Hassel", "Gran", "Tall",
              "Rönn", "Lind", "Al", "Asp", "Sälg", "Hägg", "Fjäril", "Humle", "Lärk", "Ljung",
              "Vide", "Berg", "Sjö", "Ängs", "Kastanj", "Körsbärs", "Mås", "Svan", "Tran", "Ugg")
NAME_LAST = ("backen", "gården", "ängen", "lunden", "dalen", "hagen", "stigen", "torpet", "viken",
             "udden", "kullen", "hemmet", "bo", "tuvan", "slingan")

# Inriktningsmål 2019–2022 with their verksamhetsområdesmål (code, title).
# Titles from the annual-report excerpts; 2.5, 3.1 and 3.2 were not in the excerpts and are
# plausible formulations, as is the ending of 2.4 (its excerpt was cut).
INRIKTNINGSMAL = (
    ("1", "En modern storstad med möjligheter och valfrihet för alla", (
        ("1.1", "I Stockholm är människor självförsörjande och vägen till arbete och "
                "svenskkunskaper är kort"),
        ("1.2", "Stockholm är en trygg, säker och välskött stad att bo och vistas i"),
        ("1.3", "I Stockholm når barn sin fulla potential då Stockholms skolor och förskolor "
                "är de bästa i Sverige"),
        ("1.4", "I Stockholm får människor i behov av stöd insatser i tid präglade av hög "
                "kvalitet, evidens och rättssäkerhet"),
        ("1.5", "I Stockholm har äldre en tillvaro som präglas av hög kvalitet, trygghet och "
                "självbestämmande"),
    )),
    ("2", "En hållbart växande och dynamisk storstad med hög tillväxt", (
        ("2.1", "Stockholm har Sveriges bästa företagsklimat och ett internationellt "
                "konkurrenskraftigt näringsliv"),
        ("2.2", "Stockholm byggs attraktivt, tätt och funktionsblandat utifrån människors och "
                "verksamheters skiftande behov"),
        ("2.3", "Stockholms infrastruktur främjar effektiva och hållbara transporter samt god "
                "framkomlighet"),
        ("2.4", "Stockholm är en modern kultur- och idrottsstad med ett rikt och tillgängligt "
                "utbud"),
        ("2.5", "Stockholm är en klimatsmart stad med god miljö och hållbar resursanvändning"),
    )),
    ("3", "En ekonomiskt hållbar och innovativ storstad för framtiden", (
        ("3.1", "Stockholms stad har en stabil och hållbar ekonomi där skattemedel används "
                "effektivt"),
        ("3.2", "Stockholms stad är en attraktiv arbetsgivare med engagerade och kompetenta "
                "medarbetare"),
    )),
)

CHILDREN_VOM = "1.3"

# Short subject of each VOM, used in board goals, activities, directives and motivations.
VOM_SUBJECT = {
    "1.1": "arbete och självförsörjning", "1.2": "trygghet och en välskött stad",
    "1.3": "förskola och skola", "1.4": "stöd i tid till den som behöver",
    "1.5": "äldreomsorgen", "2.1": "företagsklimatet", "2.2": "stadsutveckling och bostäder",
    "2.3": "hållbara transporter", "2.4": "kultur och idrott", "2.5": "klimat och miljö",
    "3.1": "en stabil ekonomi", "3.2": "stadens arbetsgivarroll",
}

# Which VOMs a specialist board writes nämndmål under (district boards: all of group 1 and a few).
SPECIALIST_VOMS = {
    "utbildning": ("1.3", "3.1", "3.2"), "social": ("1.4", "1.2", "3.2"),
    "aldre": ("1.5", "3.2"), "kultur": ("2.4", "1.3"), "idrott": ("2.4", "1.2"),
    "trafik": ("2.3", "1.2", "2.5"), "exploatering": ("2.2", "2.1"),
    "stadsbyggnad": ("2.2", "2.1"), "miljo": ("2.5", "2.1"),
    "arbetsmarknad": ("1.1", "3.2"), "fastighet": ("2.2", "2.5", "3.1"),
    "service": ("3.1", "3.2"),
}
DISTRICT_VOMS = ("1.1", "1.2", "1.3", "1.4", "1.5", "2.4", "2.5", "3.1", "3.2")
COMPANY_VOMS = ("2.2", "2.5", "3.1")
