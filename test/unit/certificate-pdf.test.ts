import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { type CertificatePdfInput, renderCertificatePdf } from '../../api/src/certificates/pdf';
import { parsePdf } from '../support/pdf';

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:6a1f0c1e-2b5d-4f55-9a0e-1c2d3e4f5a6b',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:web:loket.example', type: ['Profile'], name: 'Loket' },
  validFrom: '2019-03-12T00:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: { id: 'https://loket.example/achievements/lfb-v2', type: ['Achievement'], name: 'Frontoffice' },
  },
  proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z58DAdFfa9SkqZMVPxAQp' },
};

const sample = (overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput => ({
  number: 'LFB-2019-000123',
  participantName: 'Anaïs van der Steeg',
  programmeName: 'Leertraject Frontoffice en basisvaardigheden',
  modules: [
    { title: 'Gastvrijheid aan de balie' },
    { title: 'Digitale basisvaardigheden' },
    { title: 'Laaggeletterdheid herkennen' },
  ],
  meetings: [
    { title: 'Startbijeenkomst', date: '2018-11-05' },
    { title: 'Teambijeenkomst', date: '2018-12-10' },
    { title: 'Slotbijeenkomst', date: '2019-03-07' },
  ],
  libraryName: 'Bibliotheek Zuid-Kennemerland',
  commissioners: ['Koninklijke Bibliotheek', 'Stichting Lezen', 'Stichting Lezen & Schrijven'],
  issuedOn: '2019-03-12',
  verificationUrl: 'https://loket.example/verify/K7Q2-9XWD-3MPA',
  credentialJson: JSON.stringify(credential),
  ...overrides,
});

const longText = (base: string, times: number): string => Array.from({ length: times }, () => base).join(' ');

const crowded = (): CertificatePdfInput =>
  sample({
    participantName: longText('Maximiliaan Christiaan Ëlsbeth van Oldenbarnevelt-Tjarda', 3),
    libraryName: longText('Bibliotheek Regio Achterhoek-Noordoost en Omstreken', 3),
    modules: Array.from({ length: 6 }, (_, i) => ({
      title: longText(`Module ${i + 1}: klantcontact, digitale vaardigheden en ’doorverwijzen’`, 3),
    })),
    meetings: Array.from({ length: 3 }, (_, i) => ({
      title: longText(`Bijeenkomst ${i + 1} over gastvrijheid`, 4),
      date: `2019-0${i + 1}-1${i}`,
    })),
    commissioners: [longText('Stichting Samenwerkende Openbare Bibliotheken', 2), 'Koninklijke Bibliotheek'],
    verificationUrl: `https://loket.example/verify/${'K7Q2-9XWD-3MPA-'.repeat(6)}END`,
  });

describe('renderCertificatePdf', () => {
  it('renders a one-page PDF with the certificate text, in correct Dutch', async () => {
    const pdf = await renderCertificatePdf(sample());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const { pageCount, text } = await parsePdf(pdf);
    expect(pageCount).toBe(1);
    for (const expected of [
      'Certificaat',
      'Hierbij wordt verklaard dat Anaïs van der Steeg medewerker van Bibliotheek Zuid-Kennemerland, met goed gevolg het',
      'Leertraject Frontoffice en basisvaardigheden heeft afgerond.',
      'LFB-2019-000123',
      'https://loket.example/verify/K7Q2-9XWD-3MPA',
      'Gastvrijheid aan de balie',
      '5 november 2018',
      'Uitgereikt op',
      '12 maart 2019',
      'Certificaatnummer',
      'Controleer de echtheid op',
      'In opdracht van',
      'Koninklijke Bibliotheek, Stichting Lezen en Stichting Lezen & Schrijven',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/leertraject Leertraject/i);
    expect(text).not.toMatch(/versie/i);
    expect(text).not.toContain('INGETROKKEN');
  });

  it('says "het leertraject" before a name that does not say it itself', async () => {
    const { text } = await parsePdf(await renderCertificatePdf(sample({ programmeName: 'Klantcontact aan de balie' })));
    expect(text).toContain('met goed gevolg het leertraject Klantcontact aan de balie heeft afgerond.');
  });

  it('keeps a date on one line', async () => {
    const { runs } = await parsePdf(await renderCertificatePdf(sample()));
    expect(runs).toContain('10 december 2018');
    expect(runs).toContain('12 maart 2019');
  });

  it('is a tagged PDF in Dutch: headings, the statement, lists, the QR code as a figure with its link', async () => {
    const pdf = await renderCertificatePdf(sample());
    expect(pdf.includes('/StructTreeRoot')).toBe(true);
    expect(pdf.includes('/MarkInfo')).toBe(true);
    const parsed = await parsePdf(pdf);
    expect(parsed.marked).toBe(true);
    expect(parsed.language).toBe('nl-NL');
    expect(parsed.title).toBe('Certificaat LFB-2019-000123');
    expect(parsed.roles.slice(0, 2)).toEqual(['Root', 'Document']);
    expect(parsed.roles.filter((role) => role === 'H1')).toHaveLength(1);
    expect(parsed.roles.filter((role) => role === 'H2')).toHaveLength(2);
    expect(parsed.roles.filter((role) => role === 'LI')).toHaveLength(6);
    expect(parsed.roles).toContain('Figure');
    expect(parsed.alternativeTexts).toEqual([
      'QR-code met de link om de echtheid te controleren: https://loket.example/verify/K7Q2-9XWD-3MPA',
    ]);
    expect(pdf.includes('/DisplayDocTitle true')).toBe(true);
  });

  it('renders the same bytes for the same input', async () => {
    const first = await renderCertificatePdf(sample());
    const second = await renderCertificatePdf(sample());
    expect(first.equals(second)).toBe(true);
  });

  it('embeds the signed credential as a JSON attachment', async () => {
    const { attachments } = await parsePdf(await renderCertificatePdf(sample()));
    const attachment = attachments['credential-LFB-2019-000123.json'];
    expect(attachment?.filename).toBe('credential-LFB-2019-000123.json');
    expect(JSON.parse(Buffer.from(attachment?.content ?? []).toString('utf8'))).toEqual(credential);
  });

  it('stores the metadata', async () => {
    const pdf = await renderCertificatePdf(sample());
    const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    try {
      const { info } = await document.getMetadata();
      expect(info).toMatchObject({
        Title: 'Certificaat LFB-2019-000123',
        Author: 'Loket',
        Creator: 'Loket',
        Subject: 'Leertraject Frontoffice en basisvaardigheden',
        Language: 'nl-NL',
        CreationDate: 'D:20190312000000Z',
        ModDate: 'D:20190312000000Z',
      });
    } finally {
      await document.destroy();
    }
  });

  it('marks a revoked certificate with the date it was revoked', async () => {
    const { text } = await parsePdf(await renderCertificatePdf(sample({ revoked: { on: '2020-04-03' } })));
    expect(text).toContain('INGETROKKEN');
    expect(text).toContain('dit certificaat is op 3 april 2020 ingetrokken en is niet meer geldig.');
  });

  it('hides the name of an erased person', async () => {
    const { text } = await parsePdf(await renderCertificatePdf(sample({ participantName: null })));
    expect(text).toContain('Naam afgeschermd');
    expect(text).not.toContain('Anaïs');
  });

  it('keeps long names, six modules and three meetings on one page', async () => {
    const input = crowded();
    const { pageCount, text } = await parsePdf(await renderCertificatePdf(input));
    expect(pageCount).toBe(1);
    expect(text).toContain('Maximiliaan');
    expect(text.replace(/ /g, '')).toContain(input.verificationUrl);
  });

  it('rejects an impossible date', async () => {
    await expect(renderCertificatePdf(sample({ issuedOn: '2019-02-30' }))).rejects.toThrow(RangeError);
  });
});
