/**
 * Loket's emblem for the programme, drawn once as vector shapes on a 200 × 200 grid: the badge image
 * of the Open Badges achievement (SVG) and the seal on the PDF certificate are the same drawing.
 * A gold rosette, a navy seal with a gold ring, an open book with a star above it.
 */

export const EMBLEM_COLOURS = { navy: '#1f3a5f', gold: '#b8892b', light: '#f4e9cf', white: '#ffffff' } as const;

interface Shape {
  d: string;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

const circle = (cx: number, cy: number, r: number) =>
  `M${round(cx - r)} ${cy} A${r} ${r} 0 1 0 ${round(cx + r)} ${cy} A${r} ${r} 0 1 0 ${round(cx - r)} ${cy} Z`;

/** A closed polygon through points alternating between two radii: a rosette or a star. */
function rosette(cx: number, cy: number, points: number, outer: number, inner: number, turn = -Math.PI / 2): string {
  const corners = Array.from({ length: points * 2 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = turn + (i * Math.PI) / points;
    return `${round(cx + radius * Math.cos(angle))} ${round(cy + radius * Math.sin(angle))}`;
  });
  return `M${corners.join(' L')} Z`;
}

/** The text lines on one page of the book; `side` -1 for the left page, 1 for the right. */
function pageLines(side: -1 | 1): string {
  return [0, 1, 2, 3]
    .map((i) => {
      const y = 100 + i * 11;
      const near = 100 + side * 10;
      const far = 100 + side * 40;
      return `M${near} ${y + 2} C${100 + side * 20} ${y - 2} ${100 + side * 30} ${y - 3} ${far} ${y - 1}`;
    })
    .join(' ');
}

const { navy, gold, light, white } = EMBLEM_COLOURS;

export const EMBLEM_SHAPES: readonly Shape[] = [
  { d: rosette(100, 100, 36, 99, 91), fill: gold },
  { d: circle(100, 100, 86), fill: navy },
  { d: circle(100, 100, 78), stroke: gold, strokeWidth: 2.5 },
  { d: circle(100, 100, 72), stroke: gold, strokeWidth: 0.8 },
  // The open book: two pages meeting at the spine, the covers' gold edges below them.
  { d: 'M100 92 C84 82 64 80 46 86 L46 142 C64 136 84 138 100 148 Z', fill: white },
  { d: 'M100 92 C116 82 136 80 154 86 L154 142 C136 136 116 138 100 148 Z', fill: light },
  { d: 'M42 90 L42 148 C62 142 84 144 100 154 C116 144 138 142 158 148 L158 90', stroke: gold, strokeWidth: 3 },
  { d: `${pageLines(-1)} ${pageLines(1)}`, stroke: navy, strokeWidth: 1.6 },
  { d: 'M100 92 L100 148', stroke: navy, strokeWidth: 1.2 },
  // A star above the book.
  { d: rosette(100, 56, 5, 17, 7), fill: gold },
  { d: rosette(66, 66, 4, 5, 2), fill: light },
  { d: rosette(134, 66, 4, 5, 2), fill: light },
];

/** The emblem as an SVG document, with a title for assistive technology. */
export function emblemSvg(title: string): string {
  const escapeXml = (text: string) =>
    text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const paths = EMBLEM_SHAPES.map((shape) => {
    const stroke = shape.stroke
      ? ` stroke="${shape.stroke}" stroke-width="${shape.strokeWidth ?? 1}" stroke-linecap="round" stroke-linejoin="round"`
      : '';
    return `<path d="${shape.d}" fill="${shape.fill ?? 'none'}"${stroke}/>`;
  });
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="400" height="400" role="img">',
    `<title>${escapeXml(title)}</title>`,
    ...paths,
    '</svg>',
    '',
  ].join('\n');
}

/** Draws the emblem at (x, y) as a square of the given size, in vector. */
export function drawEmblem(doc: PDFKit.PDFDocument, x: number, y: number, size: number): void {
  doc.save();
  doc.translate(x, y).scale(size / 200);
  for (const shape of EMBLEM_SHAPES) {
    doc.path(shape.d);
    if (shape.fill && shape.stroke) doc.lineWidth(shape.strokeWidth ?? 1).fillAndStroke(shape.fill, shape.stroke);
    else if (shape.fill) doc.fill(shape.fill);
    else if (shape.stroke)
      doc
        .lineWidth(shape.strokeWidth ?? 1)
        .lineCap('round')
        .lineJoin('round')
        .stroke(shape.stroke);
  }
  doc.restore();
}
