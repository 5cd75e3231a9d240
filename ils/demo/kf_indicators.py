"""The KF-decided indicators of the demo budget (2019–2022).

Each entry: VOM code, who it applies to (a recipient group, or "fn-…"/"bolag-…" for one named
board, then `applies_to` is empty and only that board reports it), name, unit, direction,
a fallback city level for 2022 (used when no Kolada value is at hand), the Kolada KPI whose
real Stockholm value is used at city level, whether it is measured once a year only (no
outcome at T1/T2), and whether KF sets a target (False: the target is left to the boards).

The counts are fixed by the calibration: 75 indicators apply to the district boards (group or
`alla`), and the children/school VOM 1.3 has 11 (5 preschool ones for the district boards).
"""

from __future__ import annotations

from typing import NamedTuple


class KF(NamedTuple):
    vom: str
    who: str
    name: str
    unit: str
    direction: str
    base: float
    kpi: str | None = None
    annual: bool = False
    kf_target: bool = True


SDN, ALLA, FACK, BOLAG = "stadsdelsnamnder", "alla", "facknamnder", "bolag"
H, L = "hogre", "lagre"

KF_INDICATORS: tuple[KF, ...] = (
    # 1.1 arbete och självförsörjning
    KF("1.1", SDN, "Andel hushåll med ekonomiskt bistånd som blivit självförsörjande", "%", H, 34),
    KF("1.1", SDN, "Andel biståndsmottagare med en planering mot arbete eller studier", "%", H, 78),
    KF("1.1", SDN, "Andel ungdomar 16–19 år som erbjudits feriejobb", "%", H, 45, annual=True),
    KF("1.1", SDN, "Andel unga vuxna med ekonomiskt bistånd inskrivna på Jobbtorg", "%", H, 62),
    KF("1.1", SDN, "Andel arbetslösa biståndsmottagare", "%", L, 39, "N31858", True),
    KF("1.1", SDN, "Andel deltagare i stadsdelens arbetsmarknadsinsatser som gått till arbete", "%", H, 41),
    KF("1.1", SDN, "Andel nyanlända med ekonomiskt bistånd som deltar i sfi", "%", H, 70),
    KF("1.1", SDN, "Andel biståndsmottagare med försörjningshinder av sociala skäl", "%", L, 19, "N31863", True, False),
    KF("1.1", ALLA, "Andel praktikplatser för personer långt från arbetsmarknaden som tillsatts", "%", H, 80),
    KF("1.1", "fn-arbetsmarknad", "Andel deltagare som börjat arbeta eller studera vid avslut", "%", H, 48, "U40455", True),
    KF("1.1", "fn-arbetsmarknad", "Andel som arbetar året efter avslutad sfi", "%", H, 62, "N18953", True),
    KF("1.1", "fn-arbetsmarknad", "Andel sfi-elever som klarat kursen", "%", H, 66),
    KF("1.1", "fn-arbetsmarknad", "Andel lärare i sfi med lärarlegitimation", "%", H, 58, "N18704", True),
    # 1.2 trygghet
    KF("1.2", SDN, "Andel invånare som känner sig otrygga utomhus sen kväll i sitt bostadsområde", "%", L, 28, "N07609", True),
    KF("1.2", SDN, "Andel genomförda trygghetsvandringar enligt plan", "%", H, 90),
    KF("1.2", SDN, "Andel invånare nöjda med parkskötseln", "%", H, 72, annual=True),
    KF("1.2", SDN, "Andel lokala brottsförebyggande åtgärder som följts upp", "%", H, 85),
    KF("1.2", SDN, "Andel ungdomar 13–17 år som besöker fritidsgård", "%", H, 24, annual=True),
    KF("1.2", SDN, "Andel klotter på stadens egendom sanerat inom 24 timmar", "%", H, 92),
    KF("1.2", SDN, "Antal dagar från anmälan till åtgärd av fel i utemiljön", "dagar", L, 6),
    KF("1.2", ALLA, "Andel medarbetare som genomgått utbildning om våld i nära relationer", "%", H, 60),
    KF("1.2", BOLAG, "Andel hyresgäster som känner sig trygga i sitt bostadsområde", "%", H, 76, annual=True),
    KF("1.2", BOLAG, "Andel genomförda trygghetsåtgärder i bostadsbeståndet", "%", H, 88),
    KF("1.2", "fn-trafik", "Andel gång- och cykelvägar med fungerande belysning", "%", H, 95),
    KF("1.2", "fn-miljo", "Andel livsmedelsverksamheter kontrollerade enligt plan", "%", H, 90),
    KF("1.2", "fn-social", "Andel anmälningar om våld i nära relation där stöd erbjudits inom en vecka", "%", H, 85),
    # 1.3 förskola och skola (11: 5 preschool indicators for the districts, 6 school ones)
    KF("1.3", SDN, "Andel heltidstjänster i förskolan med förskollärarlegitimation", "%", H, 31, "N11808", True),
    KF("1.3", SDN, "Antal barn per barngrupp i förskolan", "antal", L, 15, "N11701", True),
    KF("1.3", SDN, "Antal inskrivna barn per årsarbetare i förskolan", "antal", L, 4.9, "N11102", True),
    KF("1.3", SDN, "Andel barn 1–5 år inskrivna i förskola", "%", H, 85, "N11800", True),
    KF("1.3", SDN, "Andel vårdnadshavare som är nöjda med förskolan", "%", H, 88, annual=True),
    KF("1.3", "fn-utbildning", "Andel elever i åk 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor", "%", H, 80, "N15419", True),
    KF("1.3", "fn-utbildning", "Andel elever i åk 9 behöriga till yrkesprogram, kommunala skolor", "%", H, 88, "N15436", True),
    KF("1.3", "fn-utbildning", "Genomsnittligt meritvärde i åk 9, kommunala skolor", "poäng", H, 255, "N15567", True),
    KF("1.3", "fn-utbildning", "Andel gymnasieelever med examen inom fyra år", "%", H, 73, "N17461", True),
    KF("1.3", "fn-utbildning", "Andel elever i åk 3 som klarat nationella provet i matematik, kommunala skolor", "%", H, 73, "N15454", True),
    KF("1.3", "fn-utbildning", "Andel elever som känner sig trygga i skolan", "%", H, 86, annual=True),
    # 1.4 stöd i tid
    KF("1.4", SDN, "Andel vuxna biståndsmottagare med långvarigt ekonomiskt bistånd", "%", L, 49, "N31814", True),
    KF("1.4", SDN, "Väntetid i dagar från ansökan till beslut om försörjningsstöd", "dagar", L, 24, "U31402", True),
    KF("1.4", SDN, "Andel invånare som någon gång under året fått ekonomiskt bistånd", "%", L, 2.1, "N31807", True),
    KF("1.4", SDN, "Andel barnavårdsutredningar som avslutats inom 120 dagar", "%", H, 82),
    KF("1.4", SDN, "Andel ungdomar som inte återkommit ett år efter avslutad insats", "%", H, 75, annual=True),
    KF("1.4", SDN, "Andel personer med funktionsnedsättning som är nöjda med sitt boende", "%", H, 84, annual=True),
    KF("1.4", SDN, "Andel brukare i daglig verksamhet som trivs", "%", H, 88, annual=True),
    KF("1.4", SDN, "Andel förhandsbedömningar av orosanmälningar klara inom 14 dagar", "%", H, 90),
    KF("1.4", SDN, "Antal barnfamiljer i akut hemlöshet", "antal", L, 120, kf_target=False),
    KF("1.4", SDN, "Andel beslut om stöd enligt LSS verkställda inom tre månader", "%", H, 80),
    KF("1.4", "fn-social", "Antal personer i hemlöshet i stadens boenden", "antal", L, 1800),
    KF("1.4", "fn-social", "Andel nöjda brukare inom socialpsykiatrin", "%", H, 81, annual=True),
    KF("1.4", "fn-social", "Andel kvinnor av placerade i skyddat boende som fått fortsatt stöd", "%", H, 77),
    # 1.5 äldreomsorg
    KF("1.5", SDN, "Andel nöjda omsorgstagare i hemtjänsten", "%", H, 84, "U21468", True),
    KF("1.5", SDN, "Andel nöjda omsorgstagare på vård- och omsorgsboende", "%", H, 79, "U23471", True),
    KF("1.5", SDN, "Andel omsorgstagare i hemtjänsten som känner sig trygga", "%", H, 80, "U21505", True),
    KF("1.5", SDN, "Andel boende på vård- och omsorgsboende som känner sig trygga", "%", H, 85, "U23521", True),
    KF("1.5", SDN, "Antal personal som en hemtjänsttagare möter under 14 dagar", "antal", L, 11.5, "U21401", True),
    KF("1.5", SDN, "Andel omsorgstagare som upplever att personalen kommer på avtalad tid", "%", H, 81, "U21475", True),
    KF("1.5", SDN, "Andel boende som är nöjda med maten", "%", H, 69, "U23467", True),
    KF("1.5", SDN, "Andel boende som är nöjda med de sociala aktiviteterna", "%", H, 60, "U23470", True),
    KF("1.5", SDN, "Andel omsorgstagare i hemtjänsten som ofta besväras av ensamhet", "%", L, 14, "U21478", True),
    KF("1.5", SDN, "Andel omsorgstagare med aktuell genomförandeplan", "%", H, 90),
    KF("1.5", SDN, "Andel undersköterskor med yrkestitel i äldreomsorgen", "%", H, 62, kf_target=False),
    KF("1.5", "fn-aldre", "Andel biståndsbeslut om äldreboende verkställda inom 14 dagar", "%", H, 78),
    KF("1.5", "fn-aldre", "Antal platser på vård- och omsorgsboende i stadens regi", "antal", H, 3900),
    # 2.1 företagsklimat
    KF("2.1", SDN, "Nöjd-kund-index för företagare, tillstånd och tillsyn i stadsdelen", "index", H, 72, annual=True),
    KF("2.1", SDN, "Andel företagarärenden besvarade inom fem arbetsdagar", "%", H, 88),
    KF("2.1", FACK, "Nöjd-kund-index för företagare, myndighetsutövning", "index", H, 74, annual=True),
    KF("2.1", FACK, "Andel fakturor till leverantörer betalda i tid", "%", H, 96),
    KF("2.1", "fn-stadsbyggnad", "Nöjd-kund-index bygglov", "index", H, 63, annual=True),
    KF("2.1", "fn-miljo", "Nöjd-kund-index miljö- och hälsoskydd", "index", H, 75, annual=True),
    KF("2.1", "fn-exploatering", "Markanvisad yta för verksamheter", "kvm", H, 150000, annual=True),
    # 2.2 stadsutveckling och bostäder
    KF("2.2", SDN, "Andel medborgardialoger där stadsdelen deltagit i planprocessen", "%", H, 70),
    KF("2.2", BOLAG, "Antal påbörjade bostäder", "antal", H, 1200, annual=True),
    KF("2.2", BOLAG, "Antal färdigställda bostäder", "antal", H, 1000, annual=True),
    KF("2.2", BOLAG, "Nöjd-kund-index hyresgäster", "index", H, 80, annual=True),
    KF("2.2", "fn-stadsbyggnad", "Antal bostäder i antagna detaljplaner", "antal", H, 6000, annual=True),
    KF("2.2", "fn-stadsbyggnad", "Handläggningstid för bygglov", "veckor", L, 7),
    KF("2.2", "fn-exploatering", "Antal påbörjade bostäder på stadens mark", "antal", H, 4500, annual=True),
    KF("2.2", "fn-exploatering", "Antal markanvisade bostäder", "antal", H, 5000, annual=True),
    KF("2.2", "fn-fastighet", "Antal nya förskoleplatser i stadens lokaler", "antal", H, 600, annual=True),
    # 2.3 transporter
    KF("2.3", SDN, "Andel gångvägar snöröjda inom avtalad tid", "%", H, 90),
    KF("2.3", "fn-trafik", "Antal nya cykelparkeringsplatser", "antal", H, 2500, annual=True),
    KF("2.3", "fn-trafik", "Restid med bil i rusningstrafik, index", "index", L, 100, annual=True),
    KF("2.3", "fn-trafik", "Andel resor med cykel", "%", H, 11, annual=True),
    KF("2.3", "fn-trafik", "Andel invånare nöjda med gaturenhållningen", "%", H, 64, annual=True),
    KF("2.3", "fn-trafik", "Antal åtgärdade trafikfarliga platser", "antal", H, 40, annual=True),
    # 2.4 kultur och idrott
    KF("2.4", SDN, "Antal besök per vecka på fritidsgårdarna", "antal", H, 900),
    KF("2.4", SDN, "Andel ungdomar som är nöjda med fritidsgårdens verksamhet", "%", H, 83, annual=True),
    KF("2.4", SDN, "Andel flickor bland besökarna på fritidsgårdarna", "%", H, 35),
    KF("2.4", SDN, "Antal kulturaktiviteter för äldre", "antal", H, 150),
    KF("2.4", SDN, "Andel parklekar med öppen verksamhet under sommaren", "%", H, 90, annual=True),
    KF("2.4", "fn-kultur", "Lån från stadsbiblioteket per invånare", "antal", H, 3.5, "N09801", True),
    KF("2.4", "fn-kultur", "Fysiska besök på biblioteken per invånare", "antal", H, 4.5, "N09807", True),
    KF("2.4", "fn-kultur", "Antal elever i Kulturskolan", "antal", H, 15000, annual=True),
    KF("2.4", "fn-idrott", "Antal besök i stadens idrottsanläggningar", "antal", H, 9000000, annual=True),
    KF("2.4", "fn-idrott", "Andel flickor bland deltagarna i föreningar med aktivitetsstöd", "%", H, 40, annual=True),
    KF("2.4", "fn-idrott", "Antal timmar per vecka med öppen idrottshall för unga", "antal", H, 300),
    # 2.5 klimat och miljö
    KF("2.5", SDN, "Andel ekologiska livsmedel i verksamheterna", "%", H, 50),
    KF("2.5", SDN, "Andel utsorterat matavfall i verksamheterna", "%", H, 60),
    KF("2.5", SDN, "Andel förskolor som arbetar med Grön flagg eller motsvarande", "%", H, 55, annual=True),
    KF("2.5", SDN, "Andel parker med genomförd skötselplan för biologisk mångfald", "%", H, 70, annual=True),
    KF("2.5", ALLA, "Energianvändning i egna lokaler", "kWh/kvm", L, 140, annual=True),
    KF("2.5", ALLA, "Andel fossilfria fordon i verksamheten", "%", H, 85),
    KF("2.5", ALLA, "Utsläpp av växthusgaser från tjänsteresor", "ton", L, 40, annual=True),
    KF("2.5", BOLAG, "Energianvändning i bostadsbeståndet", "kWh/kvm", L, 120, annual=True),
    KF("2.5", BOLAG, "Andel förnybar energi i fastighetsbeståndet", "%", H, 90, annual=True),
    KF("2.5", "fn-miljo", "Utsläpp av växthusgaser per invånare", "ton", L, 1.1, "N00401", True),
    KF("2.5", "fn-miljo", "Antal dygn med överskridande av miljökvalitetsnormen för partiklar", "antal", L, 10, annual=True),
    KF("2.5", "fn-miljo", "Andel sjöar med god ekologisk status", "%", H, 35, annual=True),
    # 3.1 ekonomi
    KF("3.1", SDN, "Andel verksamheter med ekonomi i balans", "%", H, 85),
    KF("3.1", SDN, "Nettokostnad per invånare, avvikelse mot resursfördelning", "%", L, 0.5, kf_target=False),
    KF("3.1", ALLA, "Budgetavvikelse i procent av nettobudget", "%", L, 1.0),
    KF("3.1", ALLA, "Andel fakturor hanterade elektroniskt", "%", H, 95),
    KF("3.1", ALLA, "Prognosavvikelse mellan tertialrapport 2 och utfall", "%", L, 1.5, annual=True),
    KF("3.1", ALLA, "Andel inköp hos avtalsleverantörer", "%", H, 90),
    KF("3.1", ALLA, "Andel upphandlingar med krav på hållbarhet", "%", H, 75, kf_target=False),
    KF("3.1", ALLA, "Andel beslutade internkontrollåtgärder som genomförts", "%", H, 90, annual=True),
    KF("3.1", BOLAG, "Avkastning på eget kapital", "%", H, 5, annual=True),
    KF("3.1", BOLAG, "Soliditet", "%", H, 35, annual=True),
    KF("3.1", BOLAG, "Räntetäckningsgrad", "ggr", H, 3, annual=True),
    # 3.2 arbetsgivare
    KF("3.2", ALLA, "Aktivt medskapandeindex (AMI)", "index", H, 80, annual=True),
    KF("3.2", ALLA, "Sjukfrånvaro bland medarbetarna", "%", L, 7.9, "N00090", True),
    KF("3.2", ALLA, "Andel heltidsanställda medarbetare", "%", H, 88),
    KF("3.2", ALLA, "Andel medarbetare som rekommenderar sin arbetsplats", "%", H, 70, annual=True),
    KF("3.2", ALLA, "Personalomsättning", "%", L, 12, annual=True),
    KF("3.2", ALLA, "Andel chefer som genomgått stadens chefsprogram", "%", H, 75),
    KF("3.2", ALLA, "Andel medarbetare med genomfört medarbetarsamtal", "%", H, 92, annual=True),
    KF("3.2", ALLA, "Andel tillsvidareanställda av samtliga anställda", "%", H, 85),
    KF("3.2", FACK, "Andel rekryteringar genomförda med kompetensbaserad metod", "%", H, 80),
    # 1.1, last so the random draws of the others stay as calibrated: the one KPI with a real
    # comparison group in the demo (Storstäder, see ils/demo/data/README.md)
    KF("1.1", "fn-arbetsmarknad", "Andel av dagarna för vård av barn (vab) som tas ut av män", "%", H, 40, "N00945", True),
)
