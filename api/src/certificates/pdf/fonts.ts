import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FONT_FILES = {
  Sans: 'DejaVuSans.ttf',
  'Sans-Bold': 'DejaVuSans-Bold.ttf',
  Serif: 'DejaVuSerif.ttf',
  'Serif-Bold': 'DejaVuSerif-Bold.ttf',
  'Serif-Italic': 'DejaVuSerif-Italic.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

const require = createRequire(import.meta.url);
let cache: Map<FontName, Buffer> | undefined;

function loadFonts(): Map<FontName, Buffer> {
  const fonts = new Map<FontName, Buffer>();
  for (const [name, file] of Object.entries(FONT_FILES) as Array<[FontName, string]>) {
    fonts.set(name, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
  }
  return fonts;
}

/** Registers the embedded DejaVu fonts; read once per process, subset into each PDF by pdfkit. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  cache ??= loadFonts();
  for (const [name, data] of cache) doc.registerFont(name, data);
}
