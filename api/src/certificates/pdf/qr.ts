import type { BitMatrix } from 'qrcode';
import QRCode from 'qrcode';

/** Draws the QR code as vector squares: sharp at any print size and byte-for-byte stable. */
export function drawQrCode(
  doc: PDFKit.PDFDocument,
  text: string,
  box: { x: number; y: number; size: number },
  color: string,
): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = box.size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (const [start, length] of darkRuns(modules, row)) {
      doc.rect(box.x + start * cell, box.y + row * cell, length * cell, cell);
    }
  }
  doc.fillColor(color).fill();
}

/** Consecutive dark modules in a row as [start, length]; fewer, wider rectangles avoid hairline seams. */
function darkRuns(modules: BitMatrix, row: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let col = 0; col <= modules.size; col++) {
    const dark = col < modules.size && modules.get(row, col) === 1;
    if (dark && start < 0) start = col;
    if (!dark && start >= 0) {
      runs.push([start, col - start]);
      start = -1;
    }
  }
  return runs;
}
