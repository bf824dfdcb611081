import { formatDutchDate } from '../../certificates/pdf/dutch';
import type { Verification } from './schema';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Loket</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b2733; }
main { max-width: 40rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
.status { font-size: 1.4rem; font-weight: 700; padding: .6rem 1rem; border-radius: 6px; }
.valid { background: #e3f4e8; color: #17612e; }
.revoked { background: #fde8e6; color: #9b1c12; }
.unknown { background: #fff3d6; color: #7a4b00; }
dt { font-weight: 600; margin-top: 1rem; }
dd { margin: .2rem 0 0; }
footer { margin-top: 2rem; font-size: .85rem; color: #56636f; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The public verification page: works without JavaScript and shows only the public statement. */
export function verificationPage(verification: Verification | null): string {
  if (!verification) {
    return layout(
      'Certificaat onbekend',
      `<h1>Controle van een certificaat</h1>
<p class="status unknown" role="status">Onbekend: er bestaat geen certificaat met deze code.</p>
<p>Controleer of u de code goed hebt overgenomen. Met de QR-code op het certificaat komt u altijd op de juiste pagina.</p>`,
    );
  }
  const name = verification.participantName ?? 'Naam afgeschermd op verzoek van de deelnemer';
  const status =
    verification.status === 'valid'
      ? '<p class="status valid" role="status">Geldig: dit certificaat is echt en niet ingetrokken.</p>'
      : `<p class="status revoked" role="status">Ingetrokken op ${escapeHtml(formatDutchDate(verification.revokedOn ?? verification.issuedOn))}: dit certificaat is niet meer geldig.</p>`;
  return layout(
    `Certificaat ${verification.number}`,
    `<h1>Controle van een certificaat</h1>
${status}
<dl>
<dt>Naam</dt><dd>${escapeHtml(name)}</dd>
<dt>Leertraject</dt><dd>${escapeHtml(verification.programme)}</dd>
<dt>Uitgereikt op</dt><dd>${escapeHtml(formatDutchDate(verification.issuedOn))}</dd>
<dt>Certificaatnummer</dt><dd>${escapeHtml(verification.number)}</dd>
<dt>Uitgegeven door</dt><dd>${verification.issuers.map(escapeHtml).join(', ')}</dd>
</dl>
<footer>Deze controle toont alleen wat op het certificaat staat. Het digitale certificaat (Open Badges 3.0) is ook zonder deze pagina te controleren.</footer>`,
  );
}
