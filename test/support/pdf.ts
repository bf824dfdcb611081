import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ParsedPdf {
  pageCount: number;
  text: string;
  /** The first page's text runs, each as drawn in one piece: a run split over two lines is two. */
  runs: string[];
  attachments: Record<string, { filename: string; content: Uint8Array }>;
  /** Whether the document says it is tagged (MarkInfo /Marked true). */
  marked: boolean;
  /** The roles in the first page's structure tree (StructTreeRoot), depth first; empty when untagged. */
  roles: string[];
  /** Alternative texts of the structure elements that have one (figures). */
  alternativeTexts: string[];
  language: string | undefined;
  title: string | undefined;
}

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

const normaliseSpaces = (text: string): string => text.replace(/\s+/g, ' ');

function walk(node: StructNode | null, visit: (node: StructNode) => void): void {
  if (!node) return;
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** Reads a PDF the way a person's viewer and a screen reader would: text, attachments, tags. */
export async function parsePdf(pdf: Buffer | Uint8Array): Promise<ParsedPdf> {
  // pdf.js takes ownership of (detaches) the array it is given.
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const page = await document.getPage(1);
    const content = await page.getTextContent();
    const runs = content.items
      .map((item) => ('str' in item ? normaliseSpaces(item.str).trim() : ''))
      .filter((run) => run !== '');
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    const markInfo = await document.getMarkInfo();
    const roles: string[] = [];
    const alternativeTexts: string[] = [];
    walk((await page.getStructTree()) as StructNode | null, (node) => {
      if (node.role) roles.push(node.role);
      if (node.alt) alternativeTexts.push(node.alt);
    });
    const { info } = (await document.getMetadata()) as { info: { Language?: string; Title?: string } };
    return {
      pageCount: document.numPages,
      text: normaliseSpaces(text),
      runs,
      attachments: await document.getAttachments(),
      marked: markInfo?.Marked === true,
      roles,
      alternativeTexts,
      language: info.Language,
      title: info.Title,
    };
  } finally {
    await document.destroy();
  }
}
