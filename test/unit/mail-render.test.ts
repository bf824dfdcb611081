import { loadNotificationTemplates, notificationKinds } from '@loket/db';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../api/src/mail/render';

const values: Record<string, string> = {
  voornaam: 'Sanne',
  bibliotheek: 'Bibliotheek Hilversum',
  groep: 'Pilot Hilversum 2026',
  startdatum: 'maandag 2 maart 2026',
  bijeenkomst: 'Kick-off',
  datum: 'dinsdag 15 december 2026',
  tijd: '14:00\u201316:00',
  locatie: 'Bibliotheek Hilversum, Hilversum',
  begeleiding: 'Marloes Jansen, Piet de Boer',
  nummer: 'LFB-2026-000042',
  verificatielink: 'https://loket.kb.example/verify/Ab3_x-9?lang=nl&x=1',
};

describe('e-mails from the Dutch texts', () => {
  it('renders every message as plain text and as HTML in the programme\u2019s look, with the same words', async () => {
    const templates = await loadNotificationTemplates();
    for (const kind of notificationKinds) {
      const message = renderMessage(templates[kind], values);
      expect(message.subject).not.toMatch(/\{\{|\*\*/);
      expect(message.text).toMatch(/^Beste Sanne,\n\n/);
      expect(message.text).not.toMatch(/\*\*|\{\{|<[a-z]/);
      expect(message.text.trim().endsWith('Het team van het leertraject')).toBe(true);
      expect(message.html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
      expect(message.html).toContain(`<title>${message.subject.replaceAll('&', '&amp;')}</title>`);
      expect(message.html).toContain('background:#1565c0');
      expect(message.html).toContain('<p style="margin:0 0 16px">Beste Sanne,</p>');
      // The words of the text are the words of the HTML, list markers aside.
      const words = (text: string) => text.replace(/^- /gm, '').replace(/\s+/g, ' ').trim();
      const htmlText = message.html.slice(message.html.indexOf('Beste')).replace(/<[^>]+>/g, '');
      expect(words(htmlText)).toContain(words(message.text).replaceAll('&', '&amp;'));
    }
  });

  it('makes the verification link a link in HTML and spells it out in the text', async () => {
    const templates = await loadNotificationTemplates();
    const message = renderMessage(templates.certificate_issued, values);
    expect(message.html).toContain(
      '<a style="color:#1565c0" href="https://loket.kb.example/verify/Ab3_x-9?lang=nl&amp;x=1">https://loket.kb.example/verify/Ab3_x-9?lang=nl&amp;x=1</a>',
    );
    expect(message.text).toContain('controleren via https://loket.kb.example/verify/Ab3_x-9?lang=nl&x=1.');
  });

  it('lists a meeting\u2019s when, where and who on lines of their own', async () => {
    const templates = await loadNotificationTemplates();
    const message = renderMessage(templates.meeting_invitation, values);
    expect(message.text).toContain(
      '- Wanneer: dinsdag 15 december 2026, 14:00\u201316:00\n- Waar: Bibliotheek Hilversum, Hilversum\n- Begeleiding: Marloes Jansen, Piet de Boer',
    );
    expect(message.html).toContain(
      '<li><strong style="color:#0d47a1">Waar:</strong> Bibliotheek Hilversum, Hilversum</li>',
    );
  });

  it('shows names as written: never as markup, links or HTML', async () => {
    const templates = await loadNotificationTemplates();
    const message = renderMessage(templates.invitation, {
      ...values,
      voornaam: '<img src=x onerror=alert(1)> *Sanne* [klik](https://kwaad.example)',
    });
    expect(message.html).not.toContain('<img');
    expect(message.html).not.toContain('href="https://kwaad.example"');
    expect(message.html).toContain('&lt;img src=x onerror=alert(1)&gt; *Sanne* [klik](https://kwaad.example)');
    expect(message.text).toContain('Beste <img src=x onerror=alert(1)> *Sanne* [klik](https://kwaad.example),');
  });
});
