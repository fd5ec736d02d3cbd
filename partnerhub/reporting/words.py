"""The shipped cost-figures file is written in English; these are its words as the business-case page shows them.

Keyed by the file's own text, so a caveat an admin has since rewritten is shown as the admin wrote it. The English
catalogue translates the Danish back to the file's words.
"""

from __future__ import annotations

from typing import Any

from partnerhub.i18n import lazy_gettext as _l

FIGURE_WORDS: dict[str, Any] = {
    # descriptions
    "Uddannelseshjælp, under 25, living away from parents": _l("Uddannelseshjælp, under 25 år, udeboende"),
    "Uddannelseshjælp, under 25, living with parents": _l("Uddannelseshjælp, under 25 år, hjemmeboende"),
    "Uddannelseshjælp, 25-29, living away from parents": _l("Uddannelseshjælp, 25–29 år, udeboende"),
    "Aktivitetstillæg on top of uddannelseshjælp for aktivitetsparate, under 25, living away": _l(
        "Aktivitetstillæg oven i uddannelseshjælp for aktivitetsparate, under 25 år, udeboende"),
    "Aktivitetstillæg, 25-29, living away": _l("Aktivitetstillæg, 25–29 år, udeboende"),
    "Kontanthjælp grundydelse, under 30 living away (2024 figure from a secondary site)": _l(
        "Kontanthjælp, grundydelse, under 30 år, udeboende (tal for 2024 fra en sekundær kilde)"),
    "Lifetime cost per person of having only grundskole and not being in education at 25: extra health + transfer "
    "costs (1.86m) + lower earnings (7.36m)": _l(
        "Omkostning over livet pr. person med kun grundskole og uden uddannelse som 25-årig: ekstra sundheds- og "
        "overførselsudgifter (1,86 mio.) + lavere indkomst (7,36 mio.)"),
    "Of which extra public transfers + primary health costs over the life course": _l(
        "Heraf ekstra offentlige overførsler og udgifter til almen sundhed gennem livet"),
    "Cost to the welfare state of vulnerable youth (25-29, two consecutive years without job or education; ~5,000 "
    "per cohort, 7-8%)": _l("Udgiften for velfærdsstaten til udsatte unge (25–29 år, to år i træk uden job eller "
                            "uddannelse; ca. 5.000 pr. årgang, 7–8 %)"),
    "Societal gain (lifetime earnings) when a person becomes faglært vs comparable ufaglært": _l(
        "Gevinst for samfundet (indkomst over livet), når en person bliver faglært frem for sammenlignelig ufaglært"),
    "Average cost of educating a faglært (EUD)": _l("Gennemsnitlig udgift til at uddanne en faglært (EUD)"),
    "Private gain in disposable income over life from an average EUD vs ufaglært": _l(
        "Privat gevinst i rådighedsbeløb over livet ved en gennemsnitlig EUD frem for ufaglært"),
    "Net contribution to public finances: educated vs most similar ufaglærte": _l(
        "Nettobidrag til de offentlige finanser: uddannede mod de mest lignende ufaglærte"),
    "Years before an EUD is paid back to public finances after completion": _l(
        "År, før en EUD er betalt tilbage til de offentlige finanser efter endt uddannelse"),
    "Share of 15-24 without education or job (restgruppe)": _l(
        "Andel af de 15–24-årige uden uddannelse eller job (restgruppen)"),
    "Number of 15-24 without job and education": _l("Antal 15–24-årige uden job og uddannelse"),
    "Share of 25-29 unskilled not in job or education": _l("Andel af de ufaglærte 25–29-årige uden job eller "
                                                           "uddannelse"),
    "Hedensted LMI pilot total budget per participant (3,087,000 + 4,672,381 DKK / 30 youth)": _l(
        "Hedensteds LMI-pilot, samlet budget pr. deltager (3.087.000 + 4.672.381 kr. / 30 unge)"),
    "Refund per hour to PUBLIC employers for løntilskud (Copenhagen guidance)": _l(
        "Refusion pr. time til OFFENTLIGE arbejdsgivere for løntilskud (Københavns Kommunes vejledning)"),
    "Finansministeriet/DREAM per-person gain of completing youth education": _l(
        "Finansministeriets/DREAMs gevinst pr. person ved at gennemføre en ungdomsuddannelse"),
    # units
    "DKK per month": _l("kr. pr. måned"),
    "DKK": _l("kr."),
    "DKK per year": _l("kr. pr. år"),
    "DKK per hour": _l("kr. pr. time"),
    "years": _l("år"),
    "percent": _l("procent"),
    "persons": _l("personer"),
    # years and titles
    "register data ~2015-16 (2017 prices), year uncertain": _l("registerdata ca. 2015–16 (2017-priser), året er "
                                                               "usikkert"),
    "as above": _l("som ovenfor"),
    "As above": _l("Som ovenfor"),
    "2009-10 register data": _l("registerdata 2009–10"),
    "2010 data": _l("data fra 2010"),
    "unknown": _l("ukendt"),
    "~2018 (uncertain)": _l("ca. 2018 (usikkert)"),
    "not found in this pass": _l("ikke fundet i denne gennemgang"),
    "seniorfolk.dk (secondary)": _l("seniorfolk.dk (sekundær kilde)"),
    "AE (via transportnyhederne.dk)": _l("AE (via transportnyhederne.dk)"),
    # caveats
    "Benefit abolished 1 Jul 2025 (replaced by kontanthjælp grundsats); excludes administration, activation and "
    "lost taxes": _l("Ydelsen er afskaffet 1. juli 2025 (erstattet af kontanthjælpens grundsats); uden "
                     "administration, aktivering og tabte skatter"),
    "Total 7,699 kr/month = kontanthjælp level for under-30 udeboende 2023": _l(
        "I alt 7.699 kr. pr. måned = kontanthjælpsniveauet for udeboende under 30 år i 2023"),
    "Total 11,944 kr/month (= 143,328 kr/year)": _l("I alt 11.944 kr. pr. måned (= 143.328 kr. pr. år)"),
    "Secondary source; prefer bm.dk satser": _l("Sekundær kilde; brug hellere satserne på bm.dk"),
    "Descriptive comparison with the rest of the cohort, not a causal effect; ~107 bn DKK per cohort (~15% of a "
    "cohort)": _l("Beskrivende sammenligning med resten af årgangen, ikke en årsagsvirkning; ca. 107 mia. kr. pr. "
                  "årgang (ca. 15 % af en årgang)"),
    "Excludes SU/education costs for comparison group": _l("Uden udgifter til SU og uddannelse for "
                                                           "sammenligningsgruppen"),
    "Headline figure; a per-person value (~2.4-3.0m DKK if read as per cohort of 5,000) is OUR derivation and "
    "depends on the study definition: verify in the report": _l(
        "Overordnet tal; en værdi pr. person (ca. 2,4–3,0 mio. kr., hvis det læses som pr. årgang på 5.000) er VORES "
        "udregning og afhænger af undersøgelsens definition: tjek i rapporten"),
    "Publication year not confirmed; SOSU 7.5m; gross earnings, not net public finances": _l(
        "Udgivelsesåret er ikke bekræftet; SOSU 7,5 mio.; bruttoindkomst, ikke nettovirkning på de offentlige "
        "finanser"),
    "Old; range across all educations, not EUD-specific": _l("Gammelt; spænd over alle uddannelser, ikke kun EUD"),
    "42,515 persons; municipal range ~4-12%": _l("42.515 personer; kommunerne ligger på ca. 4–12 %"),
    "\"Næsten 45.000\"; up ~1,800 in one year": _l("»Næsten 45.000«; ca. 1.800 flere på et år"),
    "~30,000 persons": _l("ca. 30.000 personer"),
    "Our derivation; includes project costs, not only subsidies": _l("Vores udregning; med projektudgifter, ikke kun "
                                                                     "tilskud"),
    "Year not stated; private subsidy rates not retrieved": _l("Året er ikke oplyst; satserne for private "
                                                               "arbejdsgivere er ikke hentet"),
    "FM uses a DREAM education projection; FIU spm. 25 (2017-18) shows FM method; AE (Aug 2019, \"Fra ufaglært til "
    "faglært forbedrer de offentlige finanser\") argues FM underestimates": _l(
        "FM bruger en uddannelsesfremskrivning fra DREAM; FIU spm. 25 (2017–18) viser FM's metode; AE (aug. 2019, "
        "»Fra ufaglært til faglært forbedrer de offentlige finanser«) mener, at FM undervurderer"),
}


def figure_words(text: str | None) -> str:
    """A cost-figure text in the reader's language; a text an admin typed is shown as typed."""
    if not text:
        return ""
    return str(FIGURE_WORDS.get(text, text))
