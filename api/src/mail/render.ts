import { type NotificationTemplate, renderTemplate } from '@loket/db';
import { Marked, type RendererObject } from 'marked';

/** An e-mail ready to send: the subject, the plain text and the HTML, all from one Markdown text. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/**
 * Values go into the Markdown with every ASCII punctuation mark escaped, so a name or a place is
 * always shown as written: it never becomes markup, a link or HTML in either version.
 */
const escapeMarkdown = (value: string) => value.replace(/[!-/:-@[-`{-~]/g, (mark) => `\\${mark}`);

/** Markdown to plain text: the words, list items on lines of their own, links with their address. */
const plainText: RendererObject = {
  space: () => '',
  paragraph({ tokens }) {
    return `${this.parser.parseInline(tokens)}\n\n`;
  },
  heading({ tokens }) {
    return `${this.parser.parseInline(tokens)}\n\n`;
  },
  list(token) {
    return `${token.items.map((item) => `- ${this.parser.parse(item.tokens).trim()}`).join('\n')}\n\n`;
  },
  blockquote({ tokens }) {
    return this.parser.parse(tokens);
  },
  hr: () => '----\n\n',
  html: ({ text }) => text,
  strong({ tokens }) {
    return this.parser.parseInline(tokens);
  },
  em({ tokens }) {
    return this.parser.parseInline(tokens);
  },
  del({ tokens }) {
    return this.parser.parseInline(tokens);
  },
  codespan: ({ text }) => text,
  br: () => '\n',
  link({ href, tokens }) {
    const text = this.parser.parseInline(tokens);
    return text === href ? href : `${text} (${href})`;
  },
  text(token) {
    return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : token.text;
  },
};

const html = new Marked({ gfm: true });
const plain = new Marked({ gfm: true, renderer: plainText });

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The programme's look, as e-mail clients show it: one centred column with inline styles (many
 * clients drop <style>), the blue of the admin, and a footer that says where the message comes from.
 */
function layout(subject: string, content: string): string {
  const styled = content
    .replaceAll('<p>', '<p style="margin:0 0 16px">')
    .replaceAll('<ul>', '<ul style="margin:0 0 16px;padding-left:20px">')
    .replaceAll('<a href=', '<a style="color:#1565c0" href=')
    .replaceAll('<strong>', '<strong style="color:#0d47a1">');
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#eef2f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#eef2f7">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:#1565c0;color:#ffffff;padding:20px 28px;font:bold 18px/1.3 Arial,Helvetica,sans-serif">Leertraject Frontoffice en basisvaardigheden</td></tr>
<tr><td style="padding:28px;color:#1f2933;font:16px/1.5 Arial,Helvetica,sans-serif">
${styled.trim()}
</td></tr>
<tr><td style="padding:16px 28px;background:#f5f7fa;color:#52606d;font:13px/1.4 Arial,Helvetica,sans-serif">Je ontvangt dit bericht omdat je deelneemt aan het leertraject van de openbare bibliotheken.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** Fills a message text in and renders both versions of it. */
export function renderMessage(template: NotificationTemplate, values: Record<string, string>): RenderedMessage {
  const escaped = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, escapeMarkdown(value)]));
  const markdown = renderTemplate(template.body, escaped);
  const subject = renderTemplate(template.subject, values);
  return {
    subject,
    text: `${(plain.parse(markdown, { async: false }) as string).trim()}\n`,
    html: layout(subject, html.parse(markdown, { async: false }) as string),
  };
}
