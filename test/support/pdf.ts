import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ParsedPdf {
  pageCount: number;
  text: string;
  attachments: Record<string, { filename: string; content: Uint8Array }>;
}

const normaliseSpaces = (text: string): string => text.replace(/\s+/g, ' ');

/** Reads a PDF the way a person's viewer would: its first page's text and its attached files. */
export async function parsePdf(pdf: Buffer | Uint8Array): Promise<ParsedPdf> {
  // pdf.js takes ownership of (detaches) the array it is given.
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const page = await document.getPage(1);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    return { pageCount: document.numPages, text: normaliseSpaces(text), attachments: await document.getAttachments() };
  } finally {
    await document.destroy();
  }
}
