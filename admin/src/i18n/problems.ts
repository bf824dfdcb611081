/**
 * The API's refusals in the user's words. Every problem carries a machine-readable `code` with its
 * `params` (and so does each field error); this module is the one place that turns them into text,
 * so no screen ever shows or parses the API's English `detail`.
 */

/** A refusal as the API sends it: the problem itself or one of its field errors. */
export interface Reason {
  code?: string;
  params?: Record<string, unknown>;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const nl = {
  loket: {
    problems: {
      // The problem types every endpoint may answer.
      validation: 'Het formulier is niet goed ingevuld. Kijk de velden met een foutmelding na.',
      'not-found': 'Dit bestaat niet (meer), of je hebt er geen toegang toe.',
      forbidden: 'Je hebt geen toestemming om dit te doen.',
      unauthorized: 'Je bent niet (meer) aangemeld. Meld je opnieuw aan.',
      conflict: 'Dit botst met gegevens die al bestaan.',
      'stale-version': 'Iemand anders heeft dit record intussen gewijzigd. Laad de pagina opnieuw.',
      retry: 'Er gebeurde tegelijk een andere wijziging. Probeer het nog eens.',
      unavailable: 'Loket is even niet bereikbaar. Probeer het over een paar seconden opnieuw.',
      overloaded: 'Loket is even erg druk. Probeer het over een paar seconden opnieuw.',
      'rate-limited': 'Je hebt te veel verzoeken gedaan. Wacht even en probeer het opnieuw.',
      internal: 'Er ging iets mis bij Loket. De fout is vastgelegd.',
      'nul-character': 'De tekst bevat een ongeldig teken.',
      'idempotency-key-reused': 'Dit verzoek is al eens met andere gegevens verstuurd.',
      // Domain rules.
      'organisation-unknown': 'Deze organisatie bestaat niet.',
      'participant-unknown': 'Deze deelnemer bestaat niet.',
      'cohort-unknown': 'Deze leergroep bestaat niet.',
      'enrolment-unknown': 'Deze inschrijving bestaat niet.',
      'module-unknown': 'Onbekende module: %{modules}.',
      'email-taken': 'Dit e-mailadres is al in gebruik.',
      'password-weak': 'Dit wachtwoord is te zwak of te makkelijk te raden.',
      'account-needs-participant': 'Een deelnemersaccount hoort bij een deelnemer.',
      'participant-account-has-organisation': 'Een deelnemersaccount hoort bij de persoon, niet bij een organisatie.',
      'staff-account-has-participant': 'Een medewerkersaccount hoort niet bij een deelnemer.',
      'account-organisation-kind': 'Dit account hoort bij een organisatie van het soort “%{kind}”.',
      'organisation-placement': 'Een organisatie van het soort “%{kind}” kan niet onder “%{parentKind}” vallen.',
      'organisation-under-itself': 'Een organisatie kan niet onder zichzelf of een eigen vestiging vallen.',
      'organisation-has-dependants': 'De organisatie heeft nog %{dependants}. Verplaats of verwijder die eerst.',
      'participant-workplace': 'Deelnemers werken bij een bibliotheek of vestiging, niet bij “%{kind}”.',
      'participant-erased': 'De gegevens van deze persoon zijn gewist; ze kunnen niet meer veranderen.',
      'participant-has-enrolments':
        'Deze deelnemer is nog ingeschreven. Schrijf de deelnemer uit, of wis de persoonsgegevens.',
      'participant-other-library': 'Deze deelnemer werkt bij een andere bibliotheek dan de leergroep.',
      'cohort-ends-before-start': 'De leergroep kan niet eindigen voordat hij begint.',
      'cohort-not-library': 'Een leergroep hoort bij een bibliotheek, niet bij “%{kind}”.',
      'no-published-version': 'Er is geen gepubliceerde programmaversie om mee te beginnen.',
      'adviser-elsewhere': 'Dit is geen adviseur van de POI waar de bibliotheek onder valt.',
      'facilitator-elsewhere': 'Dit is geen begeleider of coördinator van de bibliotheek.',
      'cohort-closed': 'De leergroep is afgesloten; er verandert niets meer.',
      'cohort-started': 'De modules van een leergroep kunnen alleen veranderen zolang hij gepland is.',
      'cohort-has-enrolments':
        'Er zijn al deelnemers ingeschreven; hun voortgang volgt de gekozen modules. Kies de modules voor je inschrijft.',
      'cohort-in-use': 'Alleen een geplande leergroep zonder inschrijvingen kan worden verwijderd.',
      'cohort-not-running': 'De leergroep heeft de status “%{status}”; dit kan alleen terwijl hij loopt.',
      'cohort-not-started': 'De leergroep is nog niet begonnen; niemand kan hem al hebben afgerond.',
      'invalid-transition': 'Een leergroep met de status “%{from}” kan niet naar “%{to}”.',
      'already-enrolled': '%{count} van deze personen zijn al ingeschreven in de leergroep.',
      'enrolment-withdrawn': 'Deze deelnemer is uitgeschreven uit de leergroep.',
      'progress-completed': 'Deze module is afgerond; alleen een beheerder kan hem heropenen, met een reden.',
      'progress-not-completed': 'Alleen een afgeronde module kan worden heropend.',
      'meeting-ends-before-start': 'Een bijeenkomst eindigt na de start.',
      'meeting-outside-cohort': 'De bijeenkomst moet binnen de leergroep vallen (%{startsOn} tot en met %{endsOn}).',
      'meeting-location-elsewhere': 'De locatie moet de bibliotheek of een van haar vestigingen zijn.',
      'meeting-other-cohort': 'Dit is geen bijeenkomst van de leergroep.',
      'session-cancelled': 'Deze bijeenkomst is geannuleerd.',
      'session-not-started': 'Deze bijeenkomst is nog niet begonnen.',
      'enrolment-other-cohort': 'Dit is geen inschrijving in deze leergroep.',
      duplicate: 'Staat er twee keer in.',
      'waiver-needs-excuse': 'Alleen een afmelding kan worden kwijtgescholden.',
      'not-eligible': 'Er ontbreekt nog iets voor het certificaat.',
      'missing-module': 'Module %{title}: %{reason}',
      'missing-session': '%{title}: %{reason}',
      'module-not-chosen': 'De leergroep heeft deze module niet gekozen.',
      'cohort-not-own': 'Dit is niet je eigen leergroep.',
      'question-unknown': 'Onbekende vraag: %{questions}.',
      'already-evaluated': 'Je hebt dit al geëvalueerd; pas je evaluatie aan.',
      'version-retired': 'Versie %{number} is vervallen en kan niet opnieuw worden gepubliceerd.',
      'meeting-unknown': 'Het programma kent geen bijeenkomst %{sequence}.',
      'meeting-twice': 'Bijeenkomst %{sequence} staat twee keer in de planning.',
      'issuer-has-query': 'Het adres van de aanmeldserver heeft geen zoekdeel of #-deel.',
      'issuer-not-https': 'Het adres van de aanmeldserver begint met https://.',
      'provisioning-library-only': 'Alleen een bibliotheek maakt deelnemers aan: het zijn haar medewerkers.',
      'provider-organisation-kind': 'Alleen de KB, een POI of een bibliotheek heeft een aanmeldserver, niet “%{kind}”.',
      'identity-provider-exists': 'Deze organisatie heeft al een aanmeldserver.',
      'domain-taken': 'Een ander e-maildomein is al aan een aanmeldserver gekoppeld.',
      'webhook-target-refused': 'Naar dit adres stuurt Loket geen berichten.',
      // Field rules of the request schema (ajv's keywords).
      required: 'Verplicht',
      format: 'Heeft niet de juiste vorm',
      pattern: 'Heeft niet de juiste vorm',
      minLength: 'Minstens %{limit} tekens',
      maxLength: 'Hoogstens %{limit} tekens',
      minimum: 'Minstens %{limit}',
      maximum: 'Hoogstens %{limit}',
      minItems: 'Kies er minstens %{limit}',
      maxItems: 'Kies er hoogstens %{limit}',
      enum: 'Kies een van de mogelijkheden',
      type: 'Heeft niet de juiste vorm',
      additionalProperties: 'Dit veld is onbekend',
      // When the API answers a code this admin does not know yet.
      unknown: 'Het verzoek is geweigerd (fout %{status}).',
      no_parent: 'geen bovenliggende organisatie',
      dependants: {
        children: '1 onderliggende organisatie |||| %{smart_count} onderliggende organisaties',
        participants: '1 deelnemer |||| %{smart_count} deelnemers',
        cohorts: '1 leergroep |||| %{smart_count} leergroepen',
        users: '1 account |||| %{smart_count} accounts',
      },
      cohort_status: { planned: 'Gepland', running: 'Loopt', evaluating: 'Evaluatie', closed: 'Afgesloten' },
    },
  },
};

const en: typeof nl = {
  loket: {
    problems: {
      validation: 'The form is not filled in correctly. Check the fields with an error.',
      'not-found': 'This does not exist (any more), or you have no access to it.',
      forbidden: 'You are not allowed to do this.',
      unauthorized: 'You are not signed in (any more). Sign in again.',
      conflict: 'This clashes with data that already exists.',
      'stale-version': 'Someone else changed this record meanwhile. Reload the page.',
      retry: 'Another change happened at the same time. Try again.',
      unavailable: 'Loket cannot be reached right now. Try again in a few seconds.',
      overloaded: 'Loket is very busy right now. Try again in a few seconds.',
      'rate-limited': 'You made too many requests. Wait a moment and try again.',
      internal: 'Something went wrong at Loket. The error has been logged.',
      'nul-character': 'The text contains an invalid character.',
      'idempotency-key-reused': 'This request was sent before with other data.',
      'organisation-unknown': 'This organisation does not exist.',
      'participant-unknown': 'This participant does not exist.',
      'cohort-unknown': 'This cohort does not exist.',
      'enrolment-unknown': 'This enrolment does not exist.',
      'module-unknown': 'Unknown module: %{modules}.',
      'email-taken': 'This email address is in use already.',
      'password-weak': 'This password is too weak or too easy to guess.',
      'account-needs-participant': 'A participant account belongs to a participant.',
      'participant-account-has-organisation': 'A participant account belongs to the person, not to an organisation.',
      'staff-account-has-participant': 'A staff account does not belong to a participant.',
      'account-organisation-kind': 'This account belongs to an organisation of kind “%{kind}”.',
      'organisation-placement': 'An organisation of kind “%{kind}” cannot fall under “%{parentKind}”.',
      'organisation-under-itself': 'An organisation cannot fall under itself or one of its own branches.',
      'organisation-has-dependants': 'The organisation still has %{dependants}. Move or delete those first.',
      'participant-workplace': 'Participants work at a library or branch, not at “%{kind}”.',
      'participant-erased': 'This person’s data was erased; it cannot change any more.',
      'participant-has-enrolments': 'This participant is still enrolled. Withdraw them, or erase their data.',
      'participant-other-library': 'This participant works at another library than the cohort.',
      'cohort-ends-before-start': 'The cohort cannot end before it starts.',
      'cohort-not-library': 'A cohort belongs to a library, not to “%{kind}”.',
      'no-published-version': 'There is no published programme version to start on.',
      'adviser-elsewhere': 'This is not an adviser of the POI the library belongs to.',
      'facilitator-elsewhere': 'This is not a facilitator or coordinator of the library.',
      'cohort-closed': 'The cohort is closed; nothing changes any more.',
      'cohort-started': 'The modules of a cohort can change only while it is planned.',
      'cohort-has-enrolments':
        'People are enrolled already; their progress follows the chosen modules. Choose the modules before enrolling.',
      'cohort-in-use': 'Only a planned cohort without enrolments can be deleted.',
      'cohort-not-running': 'The cohort is “%{status}”; this is possible only while it runs.',
      'cohort-not-started': 'The cohort has not started; nobody can have completed it yet.',
      'invalid-transition': 'A cohort that is “%{from}” cannot move to “%{to}”.',
      'already-enrolled': '%{count} of these people are enrolled in the cohort already.',
      'enrolment-withdrawn': 'This participant was withdrawn from the cohort.',
      'progress-completed': 'This module was completed; only an admin can reopen it, with a reason.',
      'progress-not-completed': 'Only a completed module can be reopened.',
      'meeting-ends-before-start': 'A meeting ends after it starts.',
      'meeting-outside-cohort': 'The meeting must fall within the cohort (%{startsOn} to %{endsOn}).',
      'meeting-location-elsewhere': 'The location must be the library or one of its branches.',
      'meeting-other-cohort': 'This is not a meeting of the cohort.',
      'session-cancelled': 'This meeting was cancelled.',
      'session-not-started': 'This meeting has not started yet.',
      'enrolment-other-cohort': 'This is not an enrolment in this cohort.',
      duplicate: 'Appears twice.',
      'waiver-needs-excuse': 'Only an excused absence can be waived.',
      'not-eligible': 'Something is still missing for the certificate.',
      'missing-module': 'Module %{title}: %{reason}',
      'missing-session': '%{title}: %{reason}',
      'module-not-chosen': 'The cohort did not choose this module.',
      'cohort-not-own': 'This is not your own cohort.',
      'question-unknown': 'Unknown question: %{questions}.',
      'already-evaluated': 'You evaluated this already; change your evaluation instead.',
      'version-retired': 'Version %{number} was retired and cannot be published again.',
      'meeting-unknown': 'The programme defines no meeting %{sequence}.',
      'meeting-twice': 'Meeting %{sequence} is planned twice.',
      'issuer-has-query': 'The sign-in server’s address has no query or fragment.',
      'issuer-not-https': 'The sign-in server’s address starts with https://.',
      'provisioning-library-only': 'Only a library provisions participants: they are its staff.',
      'provider-organisation-kind': 'Only the KB, a POI or a library has a sign-in server, not “%{kind}”.',
      'identity-provider-exists': 'This organisation has a sign-in server already.',
      'domain-taken': 'Another email domain is linked to a sign-in server already.',
      'webhook-target-refused': 'Loket sends no messages to this address.',
      required: 'Required',
      format: 'Is not in the right form',
      pattern: 'Is not in the right form',
      minLength: 'At least %{limit} characters',
      maxLength: 'At most %{limit} characters',
      minimum: 'At least %{limit}',
      maximum: 'At most %{limit}',
      minItems: 'Choose at least %{limit}',
      maxItems: 'Choose at most %{limit}',
      enum: 'Choose one of the options',
      type: 'Is not in the right form',
      additionalProperties: 'This field is unknown',
      unknown: 'The request was refused (error %{status}).',
      no_parent: 'no parent organisation',
      dependants: {
        children: '1 child organisation |||| %{smart_count} child organisations',
        participants: '1 participant |||| %{smart_count} participants',
        cohorts: '1 cohort |||| %{smart_count} cohorts',
        users: '1 account |||| %{smart_count} accounts',
      },
      cohort_status: { planned: 'Planned', running: 'Running', evaluating: 'Evaluating', closed: 'Closed' },
    },
  },
};

export const messages = { nl, en };

type Code = keyof typeof nl.loket.problems;
const known = new Set(Object.keys(nl.loket.problems));
const dependantKinds = Object.keys(nl.loket.problems.dependants) as Array<keyof typeof nl.loket.problems.dependants>;

/** Each parameter in words: statuses, kinds and reasons are codes too. */
function words(code: string, params: Record<string, unknown>, translate: Translate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) out[name] = value.join(', ');
    else if ((name === 'status' || name === 'from' || name === 'to') && typeof value === 'string')
      out[name] = translate(`loket.problems.cohort_status.${value}`, { _: value });
    else if ((name === 'kind' || name === 'parentKind') && typeof value === 'string')
      out[name] = value
        ? translate(`loket.kinds.${value}`, { _: value })
        : translate('loket.problems.no_parent', { _: '—' });
    else if (name === 'reason' && typeof value === 'string')
      out[name] = translate(`loket.certificates.missing_reasons.${value}`, { _: value });
    else out[name] = value;
  }
  if (code === 'organisation-has-dependants') {
    out.dependants = dependantKinds
      .filter((kind) => typeof params[kind] === 'number' && (params[kind] as number) > 0)
      .map((kind) => translate(`loket.problems.dependants.${kind}`, { smart_count: params[kind] }))
      .join(', ');
  }
  return out;
}

/**
 * A refusal in words. `status` picks the general text when the code is unknown to this admin (a newer
 * API), so the user still reads their own language, never the API's English.
 */
export function describe(reason: Reason | null | undefined, status: number, translate: Translate): string {
  const code = reason?.code;
  if (code && known.has(code) && typeof nl.loket.problems[code as Code] === 'string') {
    return translate(`loket.problems.${code}`, words(code, reason?.params ?? {}, translate));
  }
  return translate('loket.problems.unknown', { status });
}
