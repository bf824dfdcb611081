/** The words of the accounts screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    users: {
      name: 'Gebruiker |||| Gebruikers',
      fields: {
        displayName: 'Naam',
        email: 'E-mailadres',
        role: 'Rol',
        organisationId: 'Organisatie',
        disabled: 'Geblokkeerd',
        lastLoginAt: 'Laatst aangemeld',
        password: 'Wachtwoord',
        q: 'Zoeken',
      },
    },
  },
  loket: {
    roles: {
      admin: 'Beheerder (KB)',
      adviser: 'POI-adviseur',
      coordinator: 'Coördinator',
      facilitator: 'Begeleider',
      participant: 'Deelnemer',
    },
    users: {
      password_help: 'Minstens 10 tekens; geen veelgebruikt wachtwoord en niet het e-mailadres.',
      new_password_help: 'Leeg laten om het wachtwoord te houden.',
      disabled_help: 'Een geblokkeerde gebruiker kan niet aanmelden; lopende sessies eindigen.',
    },
  },
};

const en: typeof nl = {
  resources: {
    users: {
      name: 'User |||| Users',
      fields: {
        displayName: 'Name',
        email: 'Email',
        role: 'Role',
        organisationId: 'Organisation',
        disabled: 'Blocked',
        lastLoginAt: 'Last signed in',
        password: 'Password',
        q: 'Search',
      },
    },
  },
  loket: {
    roles: {
      admin: 'Administrator (KB)',
      adviser: 'POI adviser',
      coordinator: 'Coordinator',
      facilitator: 'Facilitator',
      participant: 'Participant',
    },
    users: {
      password_help: 'At least 10 characters; not a common password and not the email address.',
      new_password_help: 'Leave empty to keep the password.',
      disabled_help: 'A blocked user cannot sign in; their sessions end.',
    },
  },
};

export const messages = { nl, en };
