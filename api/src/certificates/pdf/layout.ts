import { formatDutchDate, joinDutch } from './dutch';
import { drawQrCode } from './qr';
import { type Box, drawText, fitFontSize, type TextStyle, textHeight } from './text';
import type { CertificatePdfInput } from './types';

/** A4 landscape in PDF points. */
export const PAGE = { width: 841.89, height: 595.28 } as const;

const COLOR = { ink: '#1f1f1f', muted: '#5f6368', accent: '#1f3a5f', rule: '#b9c0c9', revoked: '#b3261e' } as const;
const LEFT = 64;
const CONTENT_WIDTH = PAGE.width - 2 * LEFT;
const CENTERED = { x: LEFT, width: CONTENT_WIDTH } as const;
const QR_SIZE = 74;

const centered = (y: number, height: number): Box => ({ ...CENTERED, y, height });

export function drawFrame(doc: PDFKit.PDFDocument): void {
  doc.lineWidth(1.2).strokeColor(COLOR.accent);
  doc.rect(20, 20, PAGE.width - 40, PAGE.height - 40).stroke();
  doc.lineWidth(0.4);
  doc.rect(25, 25, PAGE.width - 50, PAGE.height - 50).stroke();
}

function horizontalRule(doc: PDFKit.PDFDocument, x: number, y: number, width: number, color: string): void {
  doc
    .lineWidth(0.6)
    .strokeColor(color)
    .moveTo(x, y)
    .lineTo(x + width, y)
    .stroke();
}

export function drawStatement(doc: PDFKit.PDFDocument, input: CertificatePdfInput): void {
  const line: TextStyle = { font: 'Sans', size: 11.5, minSize: 8, color: COLOR.ink, align: 'center' };
  drawText(doc, 'Certificaat', centered(46, 52), { font: 'Serif', size: 40, color: COLOR.accent, align: 'center' });
  horizontalRule(doc, PAGE.width / 2 - 45, 104, 90, COLOR.accent);
  drawText(doc, 'Hierbij wordt verklaard dat', centered(118, 16), { ...line, color: COLOR.muted });
  drawParticipantName(doc, input.participantName, centered(137, 38));
  drawText(doc, `verbonden aan ${input.libraryName}`, centered(180, 16), { ...line, size: 11, color: COLOR.muted });
  drawText(doc, 'heeft met goed gevolg het leertraject', centered(204, 16), line);
  drawText(doc, input.programmeName, centered(222, 24), {
    font: 'Sans-Bold',
    size: 17,
    minSize: 9,
    color: COLOR.accent,
    align: 'center',
  });
  drawText(doc, 'afgerond.', centered(248, 16), line);
}

function drawParticipantName(doc: PDFKit.PDFDocument, name: string | null, box: Box): void {
  const align = 'center';
  if (name === null) {
    drawText(doc, 'Naam afgeschermd', box, { font: 'Serif-Italic', size: 24, color: COLOR.muted, align });
    return;
  }
  drawText(doc, name, box, { font: 'Serif-Bold', size: 28, minSize: 13, color: COLOR.ink, align });
}

export function drawRevocationNotice(doc: PDFKit.PDFDocument, revoked: { on: string; reason?: string }): void {
  const reason = revoked.reason ? ` Reden: ${revoked.reason}` : '';
  const text = `INGETROKKEN — dit certificaat is op ${formatDutchDate(revoked.on)} ingetrokken en niet meer geldig.${reason}`;
  drawText(doc, text, centered(268, 22), {
    font: 'Sans-Bold',
    size: 9.5,
    minSize: 7,
    color: COLOR.revoked,
    align: 'center',
  });
}

/** Diagonal mark across the whole page, drawn last so nothing covers it. */
export function drawRevokedWatermark(doc: PDFKit.PDFDocument): void {
  const text = 'INGETROKKEN';
  doc.save();
  doc.rotate(-24, { origin: [PAGE.width / 2, PAGE.height / 2] });
  doc.font('Sans-Bold').fontSize(96).fillColor(COLOR.revoked).fillOpacity(0.2);
  const width = doc.widthOfString(text);
  doc.text(text, PAGE.width / 2 - width / 2, PAGE.height / 2 - 56, { lineBreak: false });
  doc.restore();
}

export interface ListItem {
  label: string;
  text: string;
}

export function drawLists(doc: PDFKit.PDFDocument, input: CertificatePdfInput): void {
  const top = 294;
  const height = 452 - top;
  const gutter = 36;
  const leftWidth = 400;
  const modules = input.modules.map((m, i) => ({ label: String(i + 1), text: m.title }));
  const meetings = input.meetings.map((m) => ({ label: formatDutchDate(m.date), text: m.title }));
  drawList(doc, 'Afgeronde modules', modules, { x: LEFT, y: top, width: leftWidth, height });
  const rightX = LEFT + leftWidth + gutter;
  drawList(doc, 'Bijgewoonde bijeenkomsten', meetings, {
    x: rightX,
    y: top,
    width: CONTENT_WIDTH - leftWidth - gutter,
    height,
  });
}

const HEADING_HEIGHT = 20;
const LIST_SIZES = [10.5, 10, 9.5, 9, 8.5, 8, 7.5] as const;
const MIN_LIST_SIZE = 7.5;

function drawList(doc: PDFKit.PDFDocument, heading: string, items: ListItem[], box: Box): void {
  drawText(doc, heading, { ...box, height: 14 }, { font: 'Sans-Bold', size: 10, color: COLOR.accent });
  horizontalRule(doc, box.x, box.y + 15, box.width, COLOR.rule);
  const body = { ...box, y: box.y + HEADING_HEIGHT, height: box.height - HEADING_HEIGHT };
  if (items.length === 0) {
    drawText(doc, '—', body, { font: 'Sans', size: 10, color: COLOR.muted });
    return;
  }
  const size = LIST_SIZES.find((s) => measureList(doc, items, body.width, s).total <= body.height) ?? MIN_LIST_SIZE;
  drawListItems(doc, items, body, size);
}

interface ListMeasure {
  labelWidth: number;
  heights: number[];
  gap: number;
  total: number;
}

function measureList(doc: PDFKit.PDFDocument, items: ListItem[], width: number, size: number): ListMeasure {
  doc.font('Sans-Bold').fontSize(size);
  const widest = Math.max(...items.map((item) => doc.widthOfString(item.label)));
  const labelWidth = Math.min(widest + size, width * 0.4);
  const textWidth = width - labelWidth;
  const heights = items.map((item) =>
    Math.max(
      textHeight(doc, item.label, labelWidth - size / 2, size, { font: 'Sans-Bold' }),
      textHeight(doc, item.text, textWidth, size, { font: 'Sans' }),
    ),
  );
  const gap = size * 0.45;
  const total = heights.reduce((sum, h) => sum + h, 0) + gap * (items.length - 1);
  return { labelWidth, heights, gap, total };
}

/** Draws as many items as fit; the rest is summarised in one line rather than spilling over the footer. */
function drawListItems(doc: PDFKit.PDFDocument, items: ListItem[], box: Box, size: number): void {
  const { labelWidth, heights, gap } = measureList(doc, items, box.width, size);
  const reserve = size * 1.3;
  let y = box.y;
  for (const [index, item] of items.entries()) {
    const height = heights[index] ?? 0;
    const remaining = items.length - index;
    const room = box.y + box.height - y - (remaining > 1 ? reserve + gap : 0);
    if (height > room) {
      drawText(
        doc,
        `… en nog ${remaining}`,
        { ...box, y, height: reserve },
        { font: 'Sans', size, color: COLOR.muted },
      );
      return;
    }
    const labelStyle: TextStyle = { font: 'Sans-Bold', size, color: COLOR.muted };
    drawText(doc, item.label, { x: box.x, y, width: labelWidth - size / 2, height }, labelStyle);
    const textBox = { x: box.x + labelWidth, y, width: box.width - labelWidth, height };
    drawText(doc, item.text, textBox, { font: 'Sans', size, color: COLOR.ink });
    y += height + gap;
  }
}

export function drawFooter(doc: PDFKit.PDFDocument, input: CertificatePdfInput): void {
  horizontalRule(doc, LEFT, 466, CONTENT_WIDTH, COLOR.rule);
  const valueStyle: TextStyle = { font: 'Sans', size: 10, minSize: 7, color: COLOR.ink };
  const valueWidth = 262;
  const issuers = input.commissioners.map((name) => keepTogether(doc, name, valueWidth, valueStyle));
  const rows: Array<[string, string, number]> = [
    ['Uitgereikt op', formatDutchDate(input.issuedOn), 16],
    ['Certificaatnummer', input.number, 16],
    ['In opdracht van', joinDutch(issuers), 26],
  ];
  let y = 478;
  for (const [label, value, height] of rows) {
    drawText(doc, label, { x: LEFT, y: y + 0.5, width: 100, height }, { font: 'Sans', size: 9, color: COLOR.muted });
    drawText(doc, value, { x: LEFT + 104, y, width: valueWidth, height }, valueStyle);
    y += height;
  }
  const note = 'Het ondertekende digitale certificaat (Open Badge) is als bijlage in dit PDF-bestand opgenomen.';
  drawText(doc, note, { x: LEFT, y: 537, width: 446, height: 12 }, { font: 'Sans', size: 7.5, color: COLOR.muted });
  drawVerification(doc, input.verificationUrl);
}

/** No-break spaces keep an issuer's name on one line when the list wraps, unless the name is wider than a line. */
function keepTogether(doc: PDFKit.PDFDocument, name: string, width: number, style: TextStyle): string {
  const fits = doc.font(style.font).fontSize(style.size).widthOfString(name) <= width;
  return fits ? name.replaceAll(' ', '\u00a0') : name;
}

function drawVerification(doc: PDFKit.PDFDocument, url: string): void {
  const qrX = LEFT + CONTENT_WIDTH - QR_SIZE;
  const qrY = 474;
  drawQrCode(doc, url, { x: qrX, y: qrY, size: QR_SIZE }, COLOR.ink);
  doc.link(qrX, qrY, QR_SIZE, QR_SIZE, url);
  const textBox = { x: qrX - 14 - 246, width: 246 };
  const align = 'right' as const;
  const label = { ...textBox, y: 494, height: 14 };
  drawText(doc, 'Controleer de echtheid op', label, { font: 'Sans', size: 9, color: COLOR.muted, align });
  const urlStyle: TextStyle = { font: 'Sans-Bold', size: 9.5, minSize: 7, color: COLOR.accent, align };
  const urlBox = { ...textBox, y: 508, height: urlHeight(doc, url, textBox.width, urlStyle) };
  drawText(doc, url, urlBox, urlStyle);
  doc.link(urlBox.x, urlBox.y, urlBox.width, urlBox.height, url);
}

/** One line if the URL fits at any allowed size, otherwise room to wrap: a URL must never be cut off. */
function urlHeight(doc: PDFKit.PDFDocument, url: string, width: number, style: TextStyle): number {
  const oneLine = 14;
  const size = fitFontSize(doc, url, { x: 0, y: 0, width, height: oneLine }, style);
  return textHeight(doc, url, width, size, style) <= oneLine ? oneLine : 40;
}
