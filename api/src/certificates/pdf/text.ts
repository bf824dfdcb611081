import type { FontName } from './fonts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  font: FontName;
  /** Preferred size; the text shrinks towards minSize until it fits its box. */
  size: number;
  minSize?: number;
  color: string;
  align?: 'left' | 'center' | 'right';
  characterSpacing?: number;
}

const STEP = 0.5;

/** Largest size between style.size and style.minSize at which the text fits the box (minSize if none does). */
export function fitFontSize(doc: PDFKit.PDFDocument, text: string, box: Box, style: TextStyle): number {
  const min = style.minSize ?? style.size;
  doc.font(style.font);
  for (let size = style.size; size > min; size -= STEP) {
    if (textHeight(doc, text, box.width, size, style) <= box.height) return size;
  }
  return min;
}

export function textHeight(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  size: number,
  style: Pick<TextStyle, 'font' | 'characterSpacing'>,
): number {
  return doc
    .font(style.font)
    .fontSize(size)
    .heightOfString(text, { width, characterSpacing: style.characterSpacing ?? 0 });
}

/** Draws text shrunk to fit; the height limit makes pdfkit cut off (with an ellipsis) rather than overflow. */
export function drawText(doc: PDFKit.PDFDocument, text: string, box: Box, style: TextStyle): void {
  const size = fitFontSize(doc, text, box, style);
  doc
    .font(style.font)
    .fontSize(size)
    .fillColor(style.color)
    .text(text, box.x, box.y, {
      width: box.width,
      height: Math.max(box.height, doc.currentLineHeight(true)),
      ellipsis: true,
      align: style.align ?? 'left',
      characterSpacing: style.characterSpacing ?? 0,
    });
}
