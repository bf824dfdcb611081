import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';

describe('mail configuration', () => {
  it('keeps e-mails instead of sending them when no SMTP_URL is set', () => {
    expect(readConfig({}, '/srv/loket').mail).toBeUndefined();
  });

  it('sends through the SMTP server with the given sender', () => {
    const config = readConfig(
      { SMTP_URL: 'smtps://loket:geheim@mail.kb.example:465', MAIL_FROM: 'Leertraject <leertraject@kb.example>' },
      '/srv/loket',
    );
    expect(config.mail).toEqual({
      smtpUrl: 'smtps://loket:geheim@mail.kb.example:465',
      from: 'Leertraject <leertraject@kb.example>',
    });
  });

  it('says what to fix when the URL is not SMTP or the sender is missing', () => {
    expect(() => readConfig({ SMTP_URL: 'https://mail.kb.example', MAIL_FROM: 'x@kb.example' })).toThrow(ConfigError);
    expect(() => readConfig({ SMTP_URL: 'smtp://mail.kb.example' })).toThrow(/MAIL_FROM is required/);
  });
});
