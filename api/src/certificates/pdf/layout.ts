import { drawEmblem, EMBLEM_COLOURS } from '../emblem';
import { formatDutchDate, joinDutch, programmeLeadIn } from './dutch';
import { drawQrCode } from './qr';
import { type Box, drawText, fitFontSize, type TextStyle, textHeight } from './text';
import type { CertificatePdfInput } from './types';

/** A4 landscape in PDF points. */
export const PAGE = { width: 841.89, height: 595.28 } as const;

const COLOR = {
  ink: '#1f1f1f',
  muted: '#5a6470',
  navy: EMBLEM_COLOURS.navy,
  gold: EMBLEM_COLOURS.gold,
  paper: '#fbf8f1',
  rule: '#d9cfb8',
  revoked: '#b3261e',
} as const;
const LEFT = 78;
const CONTENT_WIDTH = PAGE.width - 2 * LEFT;
const QR_SIZE = 70;

const centered = (y: number, height: number): Box => ({ x: LEFT, width: CONTENT_WIDTH, y, height });

/**
 * Content that is decoration, not text (frame, rules, the emblem): a screen reader skips it. In a
 * tagged PDF everything drawn is either part of the structure or marked as such an artifact.
 */
export function artifact(doc: PDFKit.PDFDocument, draw: () => void): void {
  doc.markContent('Artifact', { type: 'Layout' });
  draw();
  doc.endMarkedContent();
}

function horizontalRule(doc: PDFKit.PDFDocument, x: number, y: number, width: number, color: string, weight = 0.6) {
  doc
    .lineWidth(weight)
    .strokeColor(color)
    .moveTo(x, y)
    .lineTo(x + width, y)
    .stroke();
}

/** A warm paper tone, a navy frame with a gold line inside it, small gold diamonds in its corners. */
export function drawFrame(doc: PDFKit.PDFDocument): void {
  artifact(doc, () => {
    doc.rect(0, 0, PAGE.width, PAGE.height).fill(COLOR.paper);
    doc.lineWidth(3).strokeColor(COLOR.navy);
    doc.rect(18, 18, PAGE.width - 36, PAGE.height - 36).stroke();
    doc.lineWidth(0.8).strokeColor(COLOR.gold);
    doc.rect(26, 26, PAGE.width - 52, PAGE.height - 52).stroke();
    for (const [x, y] of [
      [26, 26],
      [PAGE.width - 26, 26],
      [26, PAGE.height - 26],
      [PAGE.width - 26, PAGE.height - 26],
    ] as const) {
      doc.polygon([x, y - 6], [x + 6, y], [x, y + 6], [x - 6, y]).fill(COLOR.gold);
    }
  });
}

export function drawHeading(doc: PDFKit.PDFDocument, structure: PDFKit.PDFStructureElement): void {
  const size = 74;
  artifact(doc, () => drawEmblem(doc, PAGE.width / 2 - size / 2, 40, size));
  structure.add(
    doc.struct('H1', {}, () =>
      drawText(doc, 'Certificaat', centered(122, 40), {
        font: 'Serif-Bold',
        size: 32,
        color: COLOR.navy,
        align: 'center',
        characterSpacing: 3,
      }),
    ),
  );
  artifact(doc, () => horizontalRule(doc, PAGE.width / 2 - 60, 166, 120, COLOR.gold, 1.2));
}

/** "Hierbij wordt verklaard dat <name>, medewerker van <library>, met goed gevolg het <programme> heeft afgerond." */
export function drawStatement(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  input: CertificatePdfInput,
): void {
  const line: TextStyle = { font: 'Sans', size: 12, minSize: 8, color: COLOR.ink, align: 'center' };
  const muted: TextStyle = { ...line, color: COLOR.muted };
  const { leadIn, name } = programmeLeadIn(input.programmeName);
  const statement = doc.struct('P');
  structure.add(statement);
  statement.add(doc.struct('Span', {}, () => drawText(doc, 'Hierbij wordt verklaard dat', centered(180, 16), muted)));
  statement.add(
    doc.struct('Span', {}, () =>
      input.participantName === null
        ? drawText(doc, 'Naam afgeschermd', centered(200, 36), {
            font: 'Serif-Italic',
            size: 24,
            color: COLOR.muted,
            align: 'center',
          })
        : drawText(doc, input.participantName, centered(200, 36), {
            font: 'Serif-Bold',
            size: 28,
            minSize: 13,
            color: COLOR.ink,
            align: 'center',
          }),
    ),
  );
  statement.add(
    doc.struct('Span', {}, () => drawText(doc, `medewerker van ${input.libraryName},`, centered(240, 16), muted)),
  );
  statement.add(doc.struct('Span', {}, () => drawText(doc, `met goed gevolg ${leadIn}`, centered(262, 16), line)));
  statement.add(
    doc.struct('Span', {}, () =>
      drawText(doc, name, centered(281, 24), {
        font: 'Sans-Bold',
        size: 17,
        minSize: 9,
        color: COLOR.navy,
        align: 'center',
      }),
    ),
  );
  statement.add(doc.struct('Span', {}, () => drawText(doc, 'heeft afgerond.', centered(306, 16), line)));
  statement.end();
}

/** The date it was revoked; the reason is Loket's internal record and is not printed. */
export function drawRevocationNotice(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  revoked: { on: string },
): void {
  const text = `INGETROKKEN: dit certificaat is op ${formatDutchDate(revoked.on)} ingetrokken en is niet meer geldig.`;
  structure.add(
    doc.struct('P', {}, () =>
      drawText(doc, text, centered(326, 16), {
        font: 'Sans-Bold',
        size: 10.5,
        minSize: 7,
        color: COLOR.revoked,
        align: 'center',
      }),
    ),
  );
}

/** A diagonal mark across the whole page, drawn last so nothing covers it; the notice says it in words. */
export function drawRevokedWatermark(doc: PDFKit.PDFDocument): void {
  const text = 'INGETROKKEN';
  artifact(doc, () => {
    doc.save();
    doc.rotate(-24, { origin: [PAGE.width / 2, PAGE.height / 2] });
    doc.font('Sans-Bold').fontSize(96).fillColor(COLOR.revoked).fillOpacity(0.16);
    const width = doc.widthOfString(text);
    doc.text(text, PAGE.width / 2 - width / 2, PAGE.height / 2 - 56, { lineBreak: false });
    doc.restore();
  });
}

const LISTS_TOP = 344;
const LISTS_BOTTOM = 460;
const GUTTER = 40;
const MODULES_WIDTH = 372;
const LIST_SIZES = [10.5, 10, 9.5, 9, 8.5, 8, 7.5] as const;
const MIN_LIST_SIZE = 7.5;

export function drawLists(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  input: CertificatePdfInput,
): void {
  const modules = input.modules.map((m) => ({ text: m.title }));
  // No-break spaces: "10 december 2018" stays on one line.
  const meetings = input.meetings.map((m) => ({
    text: m.title,
    date: formatDutchDate(m.date).replaceAll(' ', '\u00a0'),
  }));
  const height = LISTS_BOTTOM - LISTS_TOP;
  const left = { x: LEFT, y: LISTS_TOP, width: MODULES_WIDTH, height };
  const right = {
    x: LEFT + MODULES_WIDTH + GUTTER,
    y: LISTS_TOP,
    width: CONTENT_WIDTH - MODULES_WIDTH - GUTTER,
    height,
  };
  // One size for both lists, the largest at which both fit.
  const size = Math.min(listSize(doc, modules, left), listSize(doc, meetings, right));
  drawList(doc, structure, 'Afgeronde modules', modules, left, size);
  drawList(doc, structure, 'Bijgewoonde bijeenkomsten', meetings, right, size);
}

interface ListItem {
  text: string;
  /** Printed on the right of the row, never wrapped. */
  date?: string;
}

const HEADING_HEIGHT = 22;
const BULLET_WIDTH = 14;

const listBody = (box: Box): Box => ({ ...box, y: box.y + HEADING_HEIGHT, height: box.height - HEADING_HEIGHT });

function listSize(doc: PDFKit.PDFDocument, items: ListItem[], box: Box): number {
  const body = listBody(box);
  return LIST_SIZES.find((s) => measureList(doc, items, body.width, s).total <= body.height) ?? MIN_LIST_SIZE;
}

function drawList(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  heading: string,
  items: ListItem[],
  box: Box,
  size: number,
): void {
  const section = doc.struct('Sect');
  structure.add(section);
  section.add(
    doc.struct('H2', {}, () =>
      drawText(doc, heading, { ...box, height: 15 }, { font: 'Sans-Bold', size: 10.5, color: COLOR.navy }),
    ),
  );
  artifact(doc, () => horizontalRule(doc, box.x, box.y + 17, box.width, COLOR.rule));
  const body = listBody(box);
  if (items.length === 0) {
    section.add(doc.struct('P', {}, () => drawText(doc, '—', body, { font: 'Sans', size: 10, color: COLOR.muted })));
    section.end();
    return;
  }
  const list = doc.struct('L');
  section.add(list);
  drawListItems(doc, list, items, body, size);
  list.end();
  section.end();
}

interface ListMeasure {
  dateWidth: number;
  heights: number[];
  gap: number;
  total: number;
}

function measureList(doc: PDFKit.PDFDocument, items: ListItem[], width: number, size: number): ListMeasure {
  doc.font('Sans').fontSize(size);
  const dateWidth = Math.max(0, ...items.map((item) => (item.date ? doc.widthOfString(item.date) + size : 0)));
  const textWidth = width - BULLET_WIDTH - dateWidth;
  const heights = items.map((item) => textHeight(doc, item.text, textWidth, size, { font: 'Sans' }));
  const gap = size * 0.5;
  const total = heights.reduce((sum, h) => sum + h, 0) + gap * (items.length - 1);
  return { dateWidth, heights, gap, total };
}

/** Draws as many items as fit; the rest is summarised in one line rather than spilling over the footer. */
function drawListItems(
  doc: PDFKit.PDFDocument,
  list: PDFKit.PDFStructureElement,
  items: ListItem[],
  box: Box,
  size: number,
): void {
  const { dateWidth, heights, gap } = measureList(doc, items, box.width, size);
  const textWidth = box.width - BULLET_WIDTH - dateWidth;
  const reserve = size * 1.3;
  let y = box.y;
  for (const [index, item] of items.entries()) {
    const height = heights[index] ?? 0;
    const remaining = items.length - index;
    const room = box.y + box.height - y - (remaining > 1 ? reserve + gap : 0);
    if (height > room) {
      const rest = `… en nog ${remaining}`;
      list.add(
        doc.struct('LI', {}, [
          doc.struct('LBody', {}, () =>
            drawText(doc, rest, { ...box, y, height: reserve }, { font: 'Sans', size, color: COLOR.muted }),
          ),
        ]),
      );
      return;
    }
    const top = y;
    artifact(doc, () => doc.rect(box.x + 2, top + size * 0.42, size * 0.36, size * 0.36).fill(COLOR.gold));
    const children: PDFKit.PDFStructureElement[] = [
      doc.struct('LBody', {}, () =>
        drawText(
          doc,
          item.text,
          { x: box.x + BULLET_WIDTH, y: top, width: textWidth, height },
          { font: 'Sans', size, color: COLOR.ink },
        ),
      ),
    ];
    const { date } = item;
    if (date) {
      children.push(
        doc.struct('Lbl', {}, () =>
          drawText(
            doc,
            date,
            { x: box.x + box.width - dateWidth, y: top, width: dateWidth, height: size * 1.3 },
            { font: 'Sans', size, color: COLOR.muted, align: 'right' },
          ),
        ),
      );
    }
    list.add(doc.struct('LI', {}, children));
    y += height + gap;
  }
}

const FOOTER_TOP = 470;

export function drawFooter(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  input: CertificatePdfInput,
): void {
  artifact(doc, () => horizontalRule(doc, LEFT, FOOTER_TOP, CONTENT_WIDTH, COLOR.rule));
  const labelStyle: TextStyle = { font: 'Sans', size: 8.5, color: COLOR.muted };
  const valueStyle: TextStyle = { font: 'Sans', size: 10, minSize: 7, color: COLOR.ink };
  const columns: Array<[string, string, number, number]> = [
    ['Uitgereikt op', formatDutchDate(input.issuedOn).replaceAll(' ', '\u00a0'), LEFT, 120],
    ['Certificaatnummer', input.number, LEFT + 128, 130],
  ];
  const details = doc.struct('P');
  structure.add(details);
  for (const [label, value, x, width] of columns) {
    details.add(
      doc.struct('Span', {}, () => drawText(doc, label, { x, y: FOOTER_TOP + 10, width, height: 12 }, labelStyle)),
    );
    details.add(
      doc.struct('Span', {}, () => drawText(doc, value, { x, y: FOOTER_TOP + 23, width, height: 14 }, valueStyle)),
    );
  }
  const commissionersWidth = 250;
  const commissionersX = LEFT;
  const names = input.commissioners.map((name) => keepTogether(doc, name, commissionersWidth, valueStyle));
  details.add(
    doc.struct('Span', {}, () =>
      drawText(doc, 'In opdracht van', { x: commissionersX, y: FOOTER_TOP + 43, width: 120, height: 12 }, labelStyle),
    ),
  );
  details.add(
    doc.struct('Span', {}, () =>
      drawText(
        doc,
        joinDutch(names),
        { x: commissionersX, y: FOOTER_TOP + 56, width: commissionersWidth + 120, height: 26 },
        valueStyle,
      ),
    ),
  );
  details.end();
  const note = 'Het ondertekende digitale certificaat (Open Badge) zit als bijlage in dit PDF-bestand.';
  structure.add(
    doc.struct('P', {}, () =>
      drawText(
        doc,
        note,
        { x: LEFT, y: PAGE.height - 43, width: 420, height: 11 },
        { font: 'Sans', size: 7.5, color: COLOR.muted },
      ),
    ),
  );
  drawVerification(doc, structure, input.verificationUrl);
}

/** No-break spaces keep a commissioner's name on one line when the list wraps, unless the name is wider than a line. */
function keepTogether(doc: PDFKit.PDFDocument, name: string, width: number, style: TextStyle): string {
  const fits = doc.font(style.font).fontSize(style.size).widthOfString(name) <= width;
  return fits ? name.replaceAll(' ', '\u00a0') : name;
}

function drawVerification(doc: PDFKit.PDFDocument, structure: PDFKit.PDFStructureElement, url: string): void {
  const qrX = LEFT + CONTENT_WIDTH - QR_SIZE;
  const qrY = FOOTER_TOP + 12;
  structure.add(
    doc.struct('Figure', { alt: `QR-code met de link om de echtheid te controleren: ${url}` }, () =>
      drawQrCode(doc, url, { x: qrX, y: qrY, size: QR_SIZE }, COLOR.ink),
    ),
  );
  doc.link(qrX, qrY, QR_SIZE, QR_SIZE, url);
  const textBox = { x: qrX - 12 - 250, width: 250 };
  const align = 'right' as const;
  const check = doc.struct('P');
  structure.add(check);
  check.add(
    doc.struct('Span', {}, () =>
      drawText(
        doc,
        'Controleer de echtheid op',
        { ...textBox, y: qrY + 18, height: 13 },
        {
          font: 'Sans',
          size: 8.5,
          color: COLOR.muted,
          align,
        },
      ),
    ),
  );
  const urlStyle: TextStyle = { font: 'Sans-Bold', size: 9.5, minSize: 7, color: COLOR.navy, align };
  const urlBox = { ...textBox, y: qrY + 32, height: urlHeight(doc, url, textBox.width, urlStyle) };
  check.add(doc.struct('Link', {}, () => drawText(doc, url, urlBox, urlStyle)));
  check.end();
  doc.link(urlBox.x, urlBox.y, urlBox.width, urlBox.height, url);
}

/** One line if the URL fits at any allowed size, otherwise room to wrap: a URL must never be cut off. */
function urlHeight(doc: PDFKit.PDFDocument, url: string, width: number, style: TextStyle): number {
  const oneLine = 14;
  const size = fitFontSize(doc, url, { x: 0, y: 0, width, height: oneLine }, style);
  return textHeight(doc, url, width, size, style) <= oneLine ? oneLine : 40;
}
