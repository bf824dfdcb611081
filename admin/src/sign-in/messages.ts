/** The words of the sign-in page; en repeats nl's keys, so none can go missing. */
const nl = {
  loket: {
    sign_in: {
      title: 'Aanmelden bij Loket',
      or: 'of',
      organisation: 'Inloggen met je organisatie',
      organisation_help:
        'Werk je bij een bibliotheek of POI met een eigen account (Microsoft 365, Google)? Vul je e-mailadres in en log in via je organisatie.',
      email_first: 'Vul eerst je e-mailadres in.',
      checking: 'Bezig met aanmelden…',
      refused: {
        'invalid-grant': 'Het e-mailadres of wachtwoord klopt niet.',
        'sign-in-delayed': 'Te veel mislukte pogingen vanaf dit adres. Wacht even en probeer het opnieuw.',
        'sign-in-with-organisation':
          'Je organisatie logt in via haar eigen account. Kies "Inloggen met je organisatie".',
        'no-identity-provider':
          'Voor dit e-mailadres is geen inloggen via de organisatie ingesteld. Log in met je wachtwoord.',
        'oidc-state-invalid': 'Deze aanmelding is verlopen of al gebruikt. Begin opnieuw.',
        'identity-provider-unavailable':
          'Je organisatie is nu niet bereikbaar voor het aanmelden. Probeer het later opnieuw.',
        'identity-provider-refused': 'Je organisatie heeft de aanmelding niet toegestaan.',
        'oidc-issuer-mismatch': 'Het antwoord kwam niet van je eigen organisatie. Begin opnieuw.',
        'oidc-response-invalid': 'Het antwoord van je organisatie kon niet worden gecontroleerd. Begin opnieuw.',
        'identity-email-missing':
          'Je organisatie gaf je e-mailadres niet door. Vraag je ICT-afdeling om e-mail te delen met Loket.',
        'identity-email-unverified':
          'Je organisatie bevestigt je e-mailadres niet. Vraag je ICT-afdeling om het te laten verifiëren.',
        'identity-domain-not-allowed': 'Je e-mailadres hoort niet bij deze organisatie.',
        'identity-organisation-mismatch': 'Je account in Loket hoort bij een andere organisatie.',
        'identity-changed':
          'Je account in Loket is eerder gekoppeld aan iemand anders bij je organisatie. Neem contact op met de KB.',
        'account-disabled': 'Je account in Loket is uitgeschakeld.',
        'no-account': 'Er is nog geen account in Loket voor je e-mailadres. Vraag je coördinator om je aan te melden.',
        'sign-in-failed': 'Aanmelden is mislukt. Probeer het opnieuw.',
      },
    },
  },
};

const en: typeof nl = {
  loket: {
    sign_in: {
      title: 'Sign in to Loket',
      or: 'or',
      organisation: 'Sign in with your organisation',
      organisation_help:
        'Do you work at a library or POI with an account of its own (Microsoft 365, Google)? Enter your e-mail address and sign in through your organisation.',
      email_first: 'Enter your e-mail address first.',
      checking: 'Signing in…',
      refused: {
        'invalid-grant': 'The e-mail address or password is not right.',
        'sign-in-delayed': 'Too many failed attempts from this address. Wait a moment and try again.',
        'sign-in-with-organisation':
          'Your organisation signs in with its own accounts. Choose "Sign in with your organisation".',
        'no-identity-provider':
          'Signing in through the organisation is not set up for this address. Sign in with your password.',
        'oidc-state-invalid': 'This sign-in has expired or was already used. Start again.',
        'identity-provider-unavailable': 'Your organisation cannot be reached for signing in now. Try again later.',
        'identity-provider-refused': 'Your organisation did not allow the sign-in.',
        'oidc-issuer-mismatch': 'The answer did not come from your own organisation. Start again.',
        'oidc-response-invalid': 'Your organisation\u2019s answer could not be checked. Start again.',
        'identity-email-missing':
          'Your organisation did not pass on your e-mail address. Ask your IT department to share it with Loket.',
        'identity-email-unverified':
          'Your organisation does not confirm your e-mail address. Ask your IT department to verify it.',
        'identity-domain-not-allowed': 'Your e-mail address does not belong to this organisation.',
        'identity-organisation-mismatch': 'Your account in Loket belongs to another organisation.',
        'identity-changed':
          'Your account in Loket was linked to someone else at your organisation before. Contact the KB.',
        'account-disabled': 'Your account in Loket is disabled.',
        'no-account': 'There is no account in Loket for your e-mail address yet. Ask your coordinator to add you.',
        'sign-in-failed': 'Signing in failed. Please try again.',
      },
    },
  },
};

export const messages = { nl, en };

/** The problem codes the page knows words for; any other refusal reads as a failed sign-in. */
export const refusalKey = (code: string) =>
  `loket.sign_in.refused.${code in nl.loket.sign_in.refused ? code : 'sign-in-failed'}`;
