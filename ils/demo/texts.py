"""Swedish text templates for the fictitious demo: board goals, own indicators, unit goals,
activities, directives and assessment motivations."""

from __future__ import annotations

NAMNDMAL = {
    "1.1": "Fler invånare i {area} går från försörjningsstöd till arbete eller studier",
    "1.2": "{area} är tryggt, rent och välskött",
    "1.3": "Barn och elever i {area} får en förskola och skola av hög kvalitet",
    "1.4": "Invånare i {area} som behöver stöd får rätt insats i rätt tid",
    "1.5": "Äldre i {area} får en trygg och värdig omsorg med inflytande",
    "2.1": "Företagare möter en snabb och serviceinriktad myndighetsutövning i {area}",
    "2.2": "{area} bidrar till ett ökat bostadsbyggande och en levande stadsmiljö",
    "2.3": "{area} bidrar till säkra och hållbara transporter",
    "2.4": "Invånare i {area} har tillgång till ett rikt kultur- och fritidsutbud",
    "2.5": "Verksamheterna i {area} minskar sin klimatpåverkan",
    "3.1": "{area} har en ekonomi i balans och effektiva verksamheter",
    "3.2": "{area} är en attraktiv arbetsplats med engagerade medarbetare",
}

OWN_INDICATORS = {
    "1.1": ["Antal deltagare i lokala arbetsmarknadsinsatser", "Andel unga med feriejobb som "
            "fått en bra introduktion", "Andel deltagare i språkcafé som fortsätter till sfi"],
    "1.2": ["Antal genomförda trygghetsvandringar", "Andel felanmälningar åtgärdade inom fem "
            "dagar", "Antal medborgardialoger om trygghet", "Andel parker med god belysning"],
    "1.3": ["Andel förskolor med dokumenterat systematiskt kvalitetsarbete", "Andel barn med "
            "svenska som andraspråk i språkstödjande aktiviteter", "Antal förskolor med "
            "språkombud", "Andel förskolor som genomfört utvecklingssamtal med alla "
            "vårdnadshavare"],
    "1.4": ["Andel utredningar där barnets egen röst dokumenterats", "Andel klienter med "
            "upprättad genomförandeplan", "Antal föräldrar i föräldrastödsprogram",
            "Andel ärenden med samordnad individuell plan"],
    "1.5": ["Andel omsorgstagare med namngiven kontaktman", "Antal aktiviteter på träffpunkter "
            "för äldre", "Andel boende med aktuell riskbedömning för fall", "Andel medarbetare "
            "i äldreomsorgen med demensutbildning"],
    "2.1": ["Andel ärenden med beslut inom utlovad tid", "Antal företagsträffar"],
    "2.2": ["Antal yttranden i planärenden lämnade i tid", "Andel projekt i fas enligt "
            "tidplan"],
    "2.3": ["Andel cykelvägar med vinterväghållning", "Antal säkrade skolvägar"],
    "2.4": ["Antal besök på biblioteksfilialer", "Antal lovaktiviteter för barn och unga",
            "Andel fritidsgårdar med tjejkvällar"],
    "2.5": ["Andel förnybara engångsartiklar", "Minskat matsvinn i verksamheterna",
            "Antal laddplatser vid stadens verksamheter"],
    "3.1": ["Andel chefer med månatlig budgetuppföljning", "Andel avtal med uppföljning enligt "
            "plan", "Prognossäkerhet per avdelning"],
    "3.2": ["Andel medarbetare med individuell kompetensplan", "Antal arbetsplatsträffar per "
            "år", "Andel chefer med högst 30 medarbetare"],
}

ENHETSMAL = {
    "forskola": "Alla barn på {unit} utvecklas och lär i en trygg och stimulerande miljö",
    "grundskola": "Alla elever på {unit} når kunskapskraven",
    "gymnasium": "Eleverna på {unit} tar examen inom utsatt tid",
    "hemtjanst": "{unit} ger en trygg hemtjänst med hög kontinuitet",
    "sarskilt_boende": "De boende på {unit} har en meningsfull vardag",
    "barn_unga": "Barn och unga får skydd och stöd i rätt tid",
    "vuxen": "Vuxna med missbruk får stöd som leder till förändring",
    "ekonomiskt_bistand": "Fler biståndsmottagare blir självförsörjande",
    "socialt_stod": "Brukarna får stöd av hög kvalitet",
    "fritidsgard": "{unit} är en trygg mötesplats för unga",
    "bibliotek": "{unit} når fler barn och unga",
    "idrottsanlaggning": "{unit} är tillgänglig för fler",
    "jobbtorg": "Fler deltagare går vidare till arbete eller studier",
    "sfi": "Fler elever klarar sina sfi-kurser",
    "inkop": "Inköpen görs hos avtalsleverantörer och följer stadens riktlinjer",
    "kansli": "Nämndens ärenden bereds korrekt och i tid",
}

UNIT_INDICATORS = {
    "forskola": "Andel barn med dokumenterad utvecklingsplan",
    "sarskilt_boende": "Andel boende med aktuell social dokumentation",
    "grundskola": "Andel elever med godkänt betyg i svenska i åk 6",
}

ACTIVITY_TOPICS = {
    "1.1": ["en sammanhållen väg från försörjningsstöd till arbete", "fler feriejobb för unga",
            "språkstöd för nyanlända föräldrar"],
    "1.2": ["platssamverkan för tryggare stadsmiljöer", "utökad belysning i parker",
            "förebyggande arbete mot våldsbejakande extremism"],
    "1.3": ["språkutvecklande arbetssätt i förskolan", "rekrytering av legitimerade "
            "förskollärare", "mindre barngrupper för de yngsta barnen"],
    "1.4": ["tidiga insatser för barn och unga", "stöd till våldsutsatta", "samordnade "
            "insatser för personer i hemlöshet"],
    "1.5": ["ökad kontinuitet i hemtjänsten", "digitala trygghetslösningar för äldre",
            "minskad ofrivillig ensamhet bland äldre"],
    "2.1": ["snabbare handläggning av tillstånd", "en samlad ingång för företagare"],
    "2.2": ["fler förskolelokaler i nya områden", "medborgardialog i planprocessen"],
    "2.3": ["säkrare skolvägar", "fler cykelparkeringar"],
    "2.4": ["ett utökat sommarlovsutbud", "fler tjejer i idrottsföreningar"],
    "2.5": ["minskat matsvinn", "fossilfria transporter i verksamheterna"],
    "3.1": ["effektivare lokalanvändning", "samordnade upphandlingar"],
    "3.2": ["heltid som norm", "ett stärkt ledarskap"],
}
ACTIVITY_VERBS = ("Införa", "Utveckla", "Genomföra en satsning på", "Kartlägga och förbättra",
                  "Pröva", "Utvärdera")

DIRECTIVE_TOPICS = {
    "1.1": ["insatser som leder till egen försörjning", "samverkan med Jobbtorg Stockholm",
            "feriejobb för ungdomar", "språkträning på arbetsplatsen"],
    "1.2": ["det brottsförebyggande arbetet", "trygghetsskapande åtgärder i utemiljön",
            "renhållningen i parker och på torg", "samverkan med polisen"],
    "1.3": ["förskolans pedagogiska kvalitet", "barngruppernas storlek", "kompetensförsörjningen "
            "av förskollärare", "övergången mellan förskola och skola"],
    "1.4": ["barnrättsperspektivet i handläggningen", "stödet till våldsutsatta",
            "hemlöshetsarbetet", "samverkan kring personer med psykisk ohälsa"],
    "1.5": ["kontinuiteten i hemtjänsten", "kompetensen i äldreomsorgen", "måltiderna på "
            "äldreboenden", "förebyggande insatser mot ensamhet"],
    "2.1": ["handläggningstiderna för tillstånd", "servicen till företagare"],
    "2.2": ["bostadsbyggandet", "lokalförsörjningen för förskolor"],
    "2.3": ["framkomligheten för gående och cyklister", "trafiksäkerheten kring skolor"],
    "2.4": ["fritidsutbudet för barn och unga", "tillgängligheten till kultur"],
    "2.5": ["klimatanpassningen", "energieffektiviseringen i lokaler", "matsvinnet"],
    "3.1": ["den interna kontrollen", "budgetföljsamheten", "uppföljningen av avtal",
            "digitaliseringen av administrationen"],
    "3.2": ["arbetsmiljöarbetet", "sjukfrånvaron", "kompetensförsörjningen", "heltidsarbetet"],
}
GENERIC_DIRECTIVE_TOPICS = ["informationssäkerheten", "dataskyddsarbetet", "krisberedskapen",
                            "arbetet mot mutor och jäv", "arkivhanteringen", "lokalkostnaderna",
                            "tillgängligheten för personer med funktionsnedsättning",
                            "jämställdhetsintegreringen", "klarspråksarbetet",
                            "hanteringen av synpunkter och klagomål"]
DIRECTIVE_VERBS = ("utreda", "redovisa", "se över", "analysera", "ta fram en handlingsplan för",
                   "följa upp", "utveckla arbetet med", "rapportera")
DIRECTIVE_TAILS = ("", " i samverkan med kommunstyrelsen", " och redovisa i verksamhetsberättelsen",
                   " under {year}", " i samråd med berörda nämnder", " inom befintlig budget")
RECIPIENT_PREFIX = {
    "alla": "Samtliga nämnder och bolagsstyrelser ska",
    "stadsdelsnamnder": "Stadsdelsnämnderna ska",
    "facknamnder": "Facknämnderna ska",
    "bolag": "Bolagsstyrelserna ska",
}

MOTIVATION = {
    "uppfyllt": ["Nämnden bedömer att målet är uppfyllt. Verksamheten har utvecklats i rätt "
                 "riktning inom {subject}.",
                 "Målet bedöms uppfyllt utifrån en samlad bedömning av indikatorer och "
                 "genomförda aktiviteter inom {subject}.",
                 "Årsmålen för flertalet indikatorer har nåtts och arbetet med {subject} har "
                 "gett effekt."],
    "delvis": ["Målet bedöms delvis uppfyllt. Flera indikatorer har inte nått årsmålen inom "
               "{subject}.",
               "Utvecklingen inom {subject} går åt rätt håll men med en svag trend.",
               "Pandemins påverkan har gjort att arbetet med {subject} inte nått hela vägen."],
    "ej": ["Målet bedöms inte uppfyllt. Årsmålen inom {subject} har inte nåtts och "
           "åtgärder planeras.",
           "Utvecklingen inom {subject} har gått åt fel håll under perioden."],
}
