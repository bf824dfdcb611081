import type { EvaluationQuestion } from '../schema/programmes';
import type { EvaluationInsert } from './learning';
import type { Random } from './random';

/** A comment as participants wrote them: praise goes with a good rating, criticism with a poor one. */
interface Comment {
  text: string;
  tone: 'praise' | 'criticism';
}

const praise = (text: string): Comment => ({ text, tone: 'praise' });
const criticism = (text: string): Comment => ({ text, tone: 'criticism' });

/** Per module code; the social domain was the newest to front-office staff (Cubiss, March 2019). */
const moduleComments: Record<string, Comment[]> = {
  'landelijke-context': [
    praise('Ik wist niet dat de wet de bibliotheek vijf functies geeft. Nu snap ik waarom we dit doen.'),
    praise('De opdracht van onze eigen gemeente opzoeken maakte het concreet.'),
    criticism('Het sociaal domein was voor mij helemaal nieuw; veel theorie in één keer.'),
    criticism('Best taai. Een voorbeeld uit een andere bibliotheek had geholpen.'),
  ],
  'onze-activiteiten': [
    praise('Het overzicht van ons eigen aanbod hangt nu bij de balie.'),
    praise('Ik wist niet dat wij een spreekuur voor de digitale overheid hebben.'),
    praise('Handig om te weten welke collega waarover gaat.'),
    criticism('Ons aanbod verschilt per vestiging; dat moest ik zelf uitzoeken.'),
  ],
  'nieuwe-klanten': [
    praise('De voorbeeldgesprekken aan de balie herken ik direct.'),
    praise('Signalen van laaggeletterdheid had ik nooit zo bekeken.'),
    criticism('Nuttig, maar ik had graag meer geoefend met echte gesprekken.'),
  ],
  digitaalhuis: [
    praise('Nu weet ik wat het verschil is tussen een Taalhuis en een Taalpunt.'),
    praise('De rol van de vrijwilligers in het Taalhuis werd me duidelijk.'),
    criticism('Het materiaalaanbod is groot; een kortere lijst was fijner geweest.'),
  ],
  boekstart: [
    praise('Ik kende BoekStart als ouder, maar niet wat wij als bibliotheek doen. Heel leuk.'),
    praise('Het koffertje en de rol van het consultatiebureau kan ik nu goed uitleggen.'),
    praise('Kort en duidelijk.'),
  ],
  'bibliotheek-op-school': [
    praise('Goed om te weten hoe de leesconsulent met de scholen werkt.'),
    praise('Ouders vragen hier vaak naar; nu kan ik ze beter helpen.'),
    criticism('Het deel over het voortgezet onderwijs ging snel.'),
  ],
};

const genericModuleComments = [
  praise('Duidelijke module, goed te doen tussen het baliewerk door.'),
  criticism('De vragen aan het eind waren wat lang.'),
];

/** The pilot had three meetings; its evaluation led to a fourth in the final product. */
const meetingComments = {
  pilot: [
    praise('De adviseur van de POI vertaalde het goed naar onze situatie.'),
    praise('Goed om met collega\u2019s van andere vestigingen te praten.'),
    criticism('Te weinig tijd om alle vier de vragen te bespreken.'),
    criticism('We kwamen niet toe aan BoekStart en de Bibliotheek op school.'),
  ],
  current: [
    praise('Fijn dat de coördinator van het Taalhuis zelf kwam vertellen.'),
    praise('De specialist Educatie liet zien hoe BoekStart bij ons werkt: heel concreet.'),
    praise('Het oefenen met doorverwijzen vond ik het nuttigst.'),
    praise('Goed om met collega\u2019s van andere vestigingen te praten.'),
    criticism('De bijeenkomst viel op mijn vrije dag; ik kon maar half meedoen.'),
  ],
};

const cohortComments = {
  pilot: [
    praise('Ik weet nu bij wie ik een klant met een vraag over DigiD kan neerzetten.'),
    praise('Aanrader voor elke publieksservice.'),
    criticism('Een afsluitende bijeenkomst heb ik gemist.'),
    criticism('Het sociaal domein was het meest nieuw; daar mag meer tijd voor komen.'),
    criticism('Drie maanden is kort naast het gewone werk.'),
  ],
  current: [
    praise('Ik verwijs nu veel gerichter door naar het Taalhuis.'),
    praise('Goed dat het hele team het samen doet.'),
    praise('De e-learning kon ik mooi tussendoor doen.'),
    praise('Ik weet nu bij wie ik een klant met een vraag over DigiD kan neerzetten.'),
    criticism('Drie maanden is kort naast het gewone werk.'),
  ],
};

export type Edition = 'pilot' | 'current';

/** Mean ratings per question: the pilot's meetings scored lowest, which the final product answers. */
const meanRating: Record<Edition, Record<string, number>> = {
  pilot: {
    'module-relevantie': 4.2,
    'module-duidelijkheid': 3.7,
    'bijeenkomst-lokaal': 3.4,
    'bijeenkomst-begeleiding': 3.9,
    'traject-doorverwijzen': 3.9,
    'traject-aanbevelen': 4.0,
  },
  current: {
    'module-relevantie': 4.3,
    'module-duidelijkheid': 4.0,
    'bijeenkomst-lokaal': 4.2,
    'bijeenkomst-begeleiding': 4.3,
    'traject-doorverwijzen': 4.3,
    'traject-aanbevelen': 4.4,
  },
};

const clamp = (value: number) => Math.min(5, Math.max(1, Math.round(value)));

export interface EvaluationSubject {
  subjectType: 'module' | 'session' | 'cohort';
  subjectId: string;
  /** The module's code, for a module: its own comments. */
  moduleCode?: string;
  at: Date;
}

/**
 * One evaluation as a participant fills it in: a rating per question of the programme near the
 * edition's mean, an overall rating near their average, and now and then a comment in their words.
 */
export function evaluationRow(
  random: Random,
  edition: Edition,
  questions: readonly EvaluationQuestion[],
  enrolmentId: string,
  subject: EvaluationSubject,
): EvaluationInsert {
  const noise = () => (random.next() + random.next() - 1) * 1.6;
  const own = questions.filter((q) => q.subject === subject.subjectType);
  const answers = Object.fromEntries(own.map((q) => [q.code, clamp((meanRating[edition][q.code] ?? 4) + noise())]));
  const values = Object.values(answers);
  const average = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 4;
  const rating = clamp(average + (random.next() - 0.5) * 0.8);
  const pool =
    subject.subjectType === 'module'
      ? [...(moduleComments[subject.moduleCode ?? ''] ?? []), ...genericModuleComments]
      : subject.subjectType === 'session'
        ? meetingComments[edition]
        : cohortComments[edition];
  const fitting = pool.filter((c) => (rating >= 4 ? c.tone === 'praise' : c.tone === 'criticism'));
  const comment = fitting.length > 0 && random.chance(0.5) ? random.pick(fitting).text : null;
  return {
    enrolmentId,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    rating,
    answers,
    comment,
    createdAt: subject.at,
    updatedAt: subject.at,
  };
}
