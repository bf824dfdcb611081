import PDFDocument from 'pdfkit';
import { parseIsoDate } from './dutch';
import { registerFonts } from './fonts';
import {
  drawFooter,
  drawFrame,
  drawHeading,
  drawLists,
  drawRevocationNotice,
  drawRevokedWatermark,
  drawStatement,
} from './layout';
import type { CertificatePdfInput } from './types';

export type { CertificatePdfInput } from './types';

/**
 * Renders a one-page A4 landscape certificate, tagged for screen readers (headings, paragraphs,
 * lists, the QR code as a figure with its link as text; decoration marked as artifacts) in Dutch.
 * The same input always yields the same bytes: the dates come from the input and pdfkit derives
 * the trailer ID from the document info.
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const doc = createDocument(input);
  const done = collect(doc);
  registerFonts(doc);
  const structure = doc.struct('Document');
  doc.addStructure(structure);
  drawFrame(doc);
  drawHeading(doc, structure);
  drawStatement(doc, structure, input);
  if (input.revoked) drawRevocationNotice(doc, structure, input.revoked);
  drawLists(doc, structure, input);
  drawFooter(doc, structure, input);
  if (input.revoked) drawRevokedWatermark(doc);
  structure.end();
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
    tagged: true,
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
