//! Every text the card shows, in English and Danish, in one place.
//!
//! Kept as plain structs rather than an i18n crate: two languages and a
//! few dozen strings do not justify the bytes. `{name}` marks a value that
//! [`fill`] puts in.

use crate::protocol::Locale;

pub struct Texts {
    pub locale_tag: &'static str,
    pub waiting_for_host_title: &'static str,
    pub waiting_for_host_detail: &'static str,
    pub connecting: &'static str,
    pub tab_customer: &'static str,
    pub tab_personal: &'static str,
    pub tabs_label: &'static str,
    pub promoter: &'static str,
    pub passive: &'static str,
    pub detractor: &'static str,
    pub promoters: &'static str,
    pub response_one: &'static str,
    pub passives: &'static str,
    pub detractors: &'static str,
    pub nps: &'static str,
    pub latest_score: &'static str,
    pub responses_count: &'static str,
    pub no_score_yet: &'static str,
    pub matched_by_email: &'static str,
    pub matched_by_phone: &'static str,
    pub matched_by_both: &'static str,
    pub several_matched: &'static str,
    pub trend_label: &'static str,
    pub filter_label: &'static str,
    pub filter_all: &'static str,
    pub filter_detractors: &'static str,
    pub filter_commented: &'static str,
    pub filter_empty: &'static str,
    pub load_more: &'static str,
    pub loading_more: &'static str,
    pub showing: &'static str,
    pub show_more: &'static str,
    pub show_less: &'static str,
    pub handled_by: &'static str,
    pub status_sent: &'static str,
    pub status_bounced: &'static str,
    pub status_do_not_contact: &'static str,
    pub pgap_guess: &'static str,
    pub pgap_response: &'static str,
    pub pgap_short: &'static str,
    pub you_guessed: &'static str,
    pub customer_said: &'static str,
    pub pgap_title: &'static str,
    pub pgap_overestimate: &'static str,
    pub pgap_underestimate: &'static str,
    pub pgap_over_and_off: &'static str,
    pub pgap_under_and_off: &'static str,
    pub pgap_scattered: &'static str,
    pub pgap_close: &'static str,
    pub pgap_none: &'static str,
    pub pgap_based_on: &'static str,
    pub personal_heading: &'static str,
    pub personal_recent: &'static str,
    pub personal_no_employee_title: &'static str,
    pub personal_no_employee: &'static str,
    pub personal_empty_title: &'static str,
    pub personal_empty: &'static str,
    pub no_ids_title: &'static str,
    pub no_ids: &'static str,
    pub open_personal: &'static str,
    pub not_found_title: &'static str,
    pub not_found: &'static str,
    pub no_responses_title: &'static str,
    pub no_responses: &'static str,
    pub no_token_title: &'static str,
    pub no_token: &'static str,
    pub expired_title: &'static str,
    pub expired: &'static str,
    pub unauthorized_title: &'static str,
    pub unauthorized: &'static str,
    pub rate_limited_title: &'static str,
    pub rate_limited: &'static str,
    pub unreachable_title: &'static str,
    pub unreachable: &'static str,
    pub failing_title: &'static str,
    pub failing: &'static str,
    pub retrying_in: &'static str,
    pub unreadable_title: &'static str,
    pub unreadable: &'static str,
    pub refused_title: &'static str,
    pub retry: &'static str,
    pub load_more_failed: &'static str,
    pub loading: &'static str,
    /// Said by the card's live region once a list is on screen.
    pub live_loaded: &'static str,
    /// Said by the card's live region when a load fails for good.
    pub live_failed: &'static str,
    /// Follow-ups: the status words (the filter uses one), the line and
    /// the action. The form's own texts are with the form
    /// (src/follow_up_form.js), which is loaded only when it is opened.
    pub fu_waiting: &'static str,
    pub fu_in_progress: &'static str,
    pub fu_closed: &'static str,
    pub fu_closed_by: &'static str,
    /// "opened 3 days ago": when a waiting follow-up began.
    pub fu_opened: &'static str,
    pub fu_action: &'static str,
    /// The Personal Page's line about the agent's own follow-ups.
    pub fu_mine: &'static str,
    pub percent: &'static str,
}

/// One language's texts are equal to themselves only.
impl PartialEq for Texts {
    fn eq(&self, other: &Texts) -> bool {
        self.locale_tag == other.locale_tag
    }
}

pub const EN: Texts = Texts {
    locale_tag: "en",
    waiting_for_host_title: "Waiting for a host",
    waiting_for_host_detail: "This card runs inside a Dixa custom card, which sends it the conversation. To try it here, run ./scripts/preview.sh and open the URL it prints.",
    connecting: "Connecting to the conversation…",
    tab_customer: "Customer",
    tab_personal: "Personal Page",
    tabs_label: "Feedback views",
    promoter: "Promoter",
    passive: "Passive",
    detractor: "Detractor",
    promoters: "Promoters",
    passives: "Passives",
    detractors: "Detractors",
    nps: "NPS",
    latest_score: "Latest score",
    responses_count: "{n} responses",
    response_one: "1 response",
    no_score_yet: "No score yet",
    matched_by_email: "Matched by email",
    matched_by_phone: "Matched by phone",
    matched_by_both: "Matched by email and phone",
    several_matched: "{n} customer records matched",
    trend_label: "Last {n} scores, oldest first: {scores}",
    filter_label: "Show",
    filter_all: "All",
    filter_detractors: "Detractors",
    filter_commented: "With comment",
    filter_empty: "No responses match this filter.",
    load_more: "Show more responses",
    loading_more: "Loading…",
    showing: "{shown} of {total}",
    show_more: "Show more",
    show_less: "Show less",
    handled_by: "Handled by {name}",
    status_sent: "Survey sent, not answered yet",
    status_bounced: "Survey bounced",
    status_do_not_contact: "Do not contact",
    pgap_guess: "Agent guessed {guess}",
    pgap_response: "P-GAP {gap} · agent guessed {guess}, customer {score}",
    pgap_short: "P-GAP {gap}",
    you_guessed: "You guessed",
    customer_said: "Customer",
    pgap_title: "P-GAP",
    pgap_overestimate: "You tend to overestimate by {n}.",
    pgap_underestimate: "You tend to underestimate by {n}.",
    pgap_over_and_off: "You tend to overestimate by {n}; your guesses are off by {off} on average.",
    pgap_under_and_off: "You tend to underestimate by {n}; your guesses are off by {off} on average.",
    pgap_scattered: "Your guesses are off by {n} on average, as often too high as too low.",
    pgap_close: "Your guesses are close (within {n} on average).",
    pgap_none: "No P-GAP yet: rate a conversation when you close it to see how your guesses compare.",
    pgap_based_on: "average gap · {n} rated",
    personal_heading: "Your feedback",
    personal_recent: "Recent responses about you",
    personal_no_employee_title: "No Personal Page for this card",
    personal_no_employee: "The card was set up without the agent's email (employeeEmail), so no personal responses are shown.",
    personal_empty_title: "No responses about you yet",
    personal_empty: "Responses appear here once customers answer surveys from your conversations.",
    no_ids_title: "No customer to look up",
    no_ids: "Dixa sent neither {{customer_email}} nor {{customer_phone_number}} for this conversation, so there is no one to look up.",
    open_personal: "Open your Personal Page",
    not_found_title: "Not in nps.today yet",
    not_found: "No customer in nps.today has {who}. They appear once they are surveyed.",
    no_responses_title: "No surveys yet",
    no_responses: "This customer is known to nps.today but has not been surveyed.",
    no_token_title: "The card got no token",
    no_token: "The card's hook returned no token. Reopen the conversation; if this stays, check the API key in the custom card's settings.",
    expired_title: "Session expired",
    expired: "The card's token has run out. Reopen the conversation to get a new one.",
    unauthorized_title: "Access refused",
    unauthorized: "nps.today did not accept the card's token. Reopen the conversation; if this stays, check the custom card's API key.",
    rate_limited_title: "Busy for a moment",
    rate_limited: "nps.today asked the card to slow down. It tries again by itself.",
    unreachable_title: "Cannot reach nps.today",
    unreachable: "The connection failed or timed out. The card tries again by itself.",
    failing_title: "nps.today had a problem",
    failing: "The service answered with an error. The card tries again by itself.",
    retrying_in: "Trying again in {n} s…",
    unreadable_title: "Unreadable answer",
    unreadable: "nps.today's answer could not be read. Try again; if it stays, contact nps.today support.",
    refused_title: "Request refused",
    retry: "Try again",
    load_more_failed: "Could not load more responses.",
    loading: "Loading feedback…",
    live_loaded: "Feedback loaded: {responses}, {shown} shown.",
    live_failed: "Loading failed: {reason}.",
    fu_waiting: "Waiting for follow-up",
    fu_in_progress: "In progress",
    fu_closed: "Followed up",
    fu_closed_by: "Followed up by {name}",
    fu_opened: "opened {when}",
    fu_action: "Follow up",
    fu_mine: "Your follow-ups: {open} waiting, {progress} in progress; {share} of detractors within 48 h (30 days)",
    percent: "{n}%",
};

pub const DA: Texts = Texts {
    locale_tag: "da",
    waiting_for_host_title: "Venter på en vært",
    waiting_for_host_detail: "Kortet kører i et brugerdefineret Dixa-kort, som sender det samtalen. Prøv det her ved at køre ./scripts/preview.sh og åbne den viste adresse.",
    connecting: "Forbinder til samtalen…",
    tab_customer: "Kunde",
    tab_personal: "Personlig side",
    tabs_label: "Feedback-visninger",
    promoter: "Ambassadør",
    passive: "Passiv",
    detractor: "Kritiker",
    promoters: "Ambassadører",
    passives: "Passive",
    detractors: "Kritikere",
    nps: "NPS",
    latest_score: "Seneste score",
    responses_count: "{n} besvarelser",
    response_one: "1 besvarelse",
    no_score_yet: "Ingen score endnu",
    matched_by_email: "Fundet via e-mail",
    matched_by_phone: "Fundet via telefon",
    matched_by_both: "Fundet via e-mail og telefon",
    several_matched: "{n} kundeposter fundet",
    trend_label: "Seneste {n} scorer, ældste først: {scores}",
    filter_label: "Vis",
    filter_all: "Alle",
    filter_detractors: "Kritikere",
    filter_commented: "Med kommentar",
    filter_empty: "Ingen besvarelser passer til filteret.",
    load_more: "Vis flere besvarelser",
    loading_more: "Henter…",
    showing: "{shown} af {total}",
    show_more: "Vis mere",
    show_less: "Vis mindre",
    handled_by: "Håndteret af {name}",
    status_sent: "Undersøgelse sendt, ikke besvaret",
    status_bounced: "Undersøgelsen kom retur",
    status_do_not_contact: "Må ikke kontaktes",
    pgap_guess: "Agenten gættede {guess}",
    pgap_response: "P-GAP {gap} · agenten gættede {guess}, kunden {score}",
    pgap_short: "P-GAP {gap}",
    you_guessed: "Dit gæt",
    customer_said: "Kunden",
    pgap_title: "P-GAP",
    pgap_overestimate: "Du overvurderer typisk med {n}.",
    pgap_underestimate: "Du undervurderer typisk med {n}.",
    pgap_over_and_off: "Du overvurderer typisk med {n}; dine gæt rammer {off} ved siden af i gennemsnit.",
    pgap_under_and_off: "Du undervurderer typisk med {n}; dine gæt rammer {off} ved siden af i gennemsnit.",
    pgap_scattered: "Dine gæt rammer {n} ved siden af i gennemsnit, lige så ofte for højt som for lavt.",
    pgap_close: "Dine gæt er tæt på (inden for {n} i gennemsnit).",
    pgap_none: "Ingen P-GAP endnu: vurder samtalen, når du lukker den, for at se hvor godt du gætter.",
    pgap_based_on: "gns. afvigelse · {n} vurderede",
    personal_heading: "Din feedback",
    personal_recent: "Seneste besvarelser om dig",
    personal_no_employee_title: "Ingen personlig side på dette kort",
    personal_no_employee: "Kortet er sat op uden agentens e-mail (employeeEmail), så der vises ingen personlige besvarelser.",
    personal_empty_title: "Ingen besvarelser om dig endnu",
    personal_empty: "Besvarelser vises her, når kunder svarer på undersøgelser fra dine samtaler.",
    no_ids_title: "Ingen kunde at slå op",
    no_ids: "Dixa sendte hverken {{customer_email}} eller {{customer_phone_number}} for denne samtale, så der er ingen at slå op.",
    open_personal: "Åbn din personlige side",
    not_found_title: "Ikke i nps.today endnu",
    not_found: "Ingen kunde i nps.today har {who}. Kunden vises, når de har fået en undersøgelse.",
    no_responses_title: "Ingen undersøgelser endnu",
    no_responses: "Kunden er kendt i nps.today, men har ikke fået en undersøgelse.",
    no_token_title: "Kortet fik ingen token",
    no_token: "Kortets hook returnerede ingen token. Genåbn samtalen; sker det igen, så tjek API-nøglen i kortets indstillinger.",
    expired_title: "Sessionen er udløbet",
    expired: "Kortets token er udløbet. Genåbn samtalen for at få en ny.",
    unauthorized_title: "Adgang nægtet",
    unauthorized: "nps.today godtog ikke kortets token. Genåbn samtalen; sker det igen, så tjek kortets API-nøgle.",
    rate_limited_title: "Travlt et øjeblik",
    rate_limited: "nps.today bad kortet om at sætte tempoet ned. Det prøver igen af sig selv.",
    unreachable_title: "Kan ikke nå nps.today",
    unreachable: "Forbindelsen fejlede eller tog for lang tid. Kortet prøver igen af sig selv.",
    failing_title: "nps.today havde et problem",
    failing: "Tjenesten svarede med en fejl. Kortet prøver igen af sig selv.",
    retrying_in: "Prøver igen om {n} s…",
    unreadable_title: "Svaret kunne ikke læses",
    unreadable: "Svaret fra nps.today kunne ikke læses. Prøv igen; sker det igen, så kontakt nps.today support.",
    refused_title: "Forespørgslen blev afvist",
    retry: "Prøv igen",
    load_more_failed: "Kunne ikke hente flere besvarelser.",
    loading: "Henter feedback…",
    live_loaded: "Feedback hentet: {responses}, {shown} vises.",
    live_failed: "Hentning mislykkedes: {reason}.",
    fu_waiting: "Venter på opfølgning",
    fu_in_progress: "I gang",
    fu_closed: "Fulgt op",
    fu_closed_by: "Fulgt op af {name}",
    fu_opened: "åbnet {when}",
    fu_action: "Følg op",
    fu_mine: "Dine opfølgninger: {open} venter, {progress} i gang; {share} af kritikerne inden for 48 t (30 dage)",
    percent: "{n} %",
};

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::En => &EN,
        Locale::Da => &DA,
    }
}

/// "1 response" / "3 responses".
pub fn responses(t: &Texts, n: u64) -> String {
    if n == 1 {
        t.response_one.to_owned()
    } else {
        fill(t.responses_count, &[("n", &crate::digits::unsigned(n))])
    }
}

/// Puts values into `{name}` placeholders, in one pass over `template`:
/// a value is never searched for placeholders itself (a service's message
/// saying "{n}" stays as it is), and a placeholder with no value stays.
/// (By hand: `str::replace` would bring a substring searcher into the WASM.)
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(fill(EN.showing, &[("shown", "20"), ("total", "2,400")]), "20 of 2,400");
        assert_eq!(fill(DA.pgap_overestimate, &[("n", "1,4")]), "Du overvurderer typisk med 1,4.");
        assert_eq!(fill("no placeholders", &[("n", "1")]), "no placeholders");
        assert_eq!(fill("{n} and {n}", &[("n", "2")]), "2 and 2");
        assert_eq!(fill("{a}{b}", &[("b", "B"), ("a", "A")]), "AB");
        assert_eq!(fill("æ {n} ø", &[("n", "1")]), "æ 1 ø");
    }

    #[test]
    fn fill_leaves_unknown_and_unclosed_braces_as_they_are() {
        assert_eq!(fill("{other} {n}", &[("n", "1")]), "{other} 1");
        assert_eq!(fill("{ {n", &[("n", "1")]), "{ {n");
        assert_eq!(fill("{{n}}", &[("n", "1")]), "{1}");
        assert_eq!(fill("}{n}{", &[("n", "1")]), "}1{");
    }

    #[test]
    fn fill_does_not_fill_placeholders_inside_values() {
        // A service's own words are shown as they came, braces and all.
        assert_eq!(fill("{message}", &[("message", "bad {n}"), ("n", "1")]), "bad {n}");
        assert_eq!(fill("{a} {b}", &[("a", "{b}"), ("b", "x")]), "{b} x");
    }

    #[test]
    fn response_counts_are_singular_for_one() {
        assert_eq!(responses(&EN, 1), "1 response");
        assert_eq!(responses(&EN, 0), "0 responses");
        assert_eq!(responses(&DA, 2), "2 besvarelser");
    }

    #[test]
    fn both_languages_name_the_categories_in_words() {
        for t in [&EN, &DA] {
            assert!(![t.promoter, t.passive, t.detractor].iter().any(|s| s.is_empty()));
        }
        assert_eq!(texts(Locale::Da).locale_tag, "da");
    }
}
