import { loadNotificationTemplates } from '@loket/db';
import type { Mailing } from '../../api/src/jobs/outbox';
import { calendarContext } from '../../api/src/mail/calendar';

/** What the outbox writes e-mails with, as a test app (public URL http://localhost:3000) has it. */
export async function testMailing(mailConfigured = false): Promise<Mailing> {
  return {
    templates: await loadNotificationTemplates(),
    mailConfigured,
    calendar: calendarContext(
      'http://localhost:3000',
      mailConfigured ? 'Leertraject <leertraject@kb.example>' : undefined,
    ),
  };
}
