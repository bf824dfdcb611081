import PDFDocument from 'pdfkit';
import { parseIsoDate } from './dutch';
import { registerFonts } from './fonts';
import { drawFooter, drawFrame, drawLists, drawRevocationNotice, drawRevokedWatermark, drawStatement } from './layout';
import type { CertificatePdfInput } from './types';

export type { CertificatePdfInput } from './types';

/**
 * Renders a one-page A4 landscape certificate. The same input always yields the same bytes:
 * the dates come from the input and pdfkit derives the trailer ID from the document info.
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const doc = createDocument(input);
  const done = collect(doc);
  registerFonts(doc);
  drawFrame(doc);
  drawStatement(doc, input);
  if (input.revoked) drawRevocationNotice(doc, input.revoked);
  drawLists(doc, input);
  drawFooter(doc, input);
  if (input.revoked) drawRevokedWatermark(doc);
  attachCredential(doc, input);
  doc.end();
  return done;
}

function createDocument(input: CertificatePdfInput): PDFKit.PDFDocument {
  const issued = parseIsoDate(input.issuedOn);
  return new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    pdfVersion: '1.7',
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: `Certificaat ${input.number}`,
      Author: 'Loket',
      Creator: 'Loket',
      Producer: 'Loket',
      Subject: input.programmeName,
      CreationDate: issued,
      // A revoked certificate is a changed document: its modification date is the revocation.
      ModDate: input.revoked ? parseIsoDate(input.revoked.on) : issued,
    },
  });
}

function attachCredential(doc: PDFKit.PDFDocument, input: CertificatePdfInput): void {
  if (input.credentialJson === null) return;
  const issued = parseIsoDate(input.issuedOn);
  doc.file(Buffer.from(input.credentialJson, 'utf8'), {
    name: `credential-${input.number}.json`,
    type: 'application/ld+json',
    description: `Ondertekend digitaal certificaat (Open Badge) ${input.number}`,
    creationDate: issued,
    modifiedDate: issued,
  });
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
