// html-to-text and mammoth (with its zip and XML stack, ~1 MB of code) load on the first file that
// needs them: every chat-service process imports this module, few ever index a DOCX.

export class UnsupportedDocumentError extends Error {}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function kindOf(contentType: string, name: string): 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (type === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (type === DOCX || extension === 'docx') return 'docx';
  if (type === 'text/html' || extension === 'html' || extension === 'htm') return 'html';
  if (type === 'text/markdown' || extension === 'md' || extension === 'markdown') return 'markdown';
  if (type.startsWith('text/') || ['txt', 'csv', 'json', 'log'].includes(extension)) return 'text';
  return null;
}

/** Whether a file of this type can be indexed at all (checked before a job is queued). */
export function isIndexable(contentType: string, name: string): boolean {
  return kindOf(contentType, name) !== null;
}

/** HTML headings become Markdown ones so the chunker cuts the page by its sections too. */
async function htmlAsText(html: string): Promise<string> {
  const { convert: htmlToText } = await import('html-to-text');
  return htmlToText(html, {
    wordwrap: false,
    formatters: {
      markdownHeading(element, walk, builder) {
        const level = Number(/^h(\d)$/.exec(element.name ?? '')?.[1] ?? 2);
        builder.openBlock({ leadingLineBreaks: 2 });
        builder.addInline(`${'#'.repeat(level)} `);
        walk(element.children, builder);
        builder.closeBlock({ trailingLineBreaks: 2 });
      },
    },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'markdownHeading' })),
    ],
  });
}

/**
 * A document's text for indexing: plain text and Markdown as they are, HTML through html-to-text
 * (a kept library: entities, tables and whitespace are its job), DOCX through mammoth, PDF
 * through the text layer chat-service extracted at upload (File.extractedText). Throws UnsupportedDocumentError for anything else or a PDF without text.
 */
export async function extractText(input: {
  bytes: Buffer;
  contentType: string;
  name: string;
  /** A PDF's text layer as stored at upload; null for a PDF without one. */
  pdfText: string | null;
}): Promise<string> {
  const kind = kindOf(input.contentType, input.name);
  switch (kind) {
    case 'text':
    case 'markdown':
      return input.bytes.toString('utf8');
    case 'html':
      return htmlAsText(input.bytes.toString('utf8'));
    case 'docx': {
      const { default: mammoth } = await import('mammoth');
      const result = await mammoth.extractRawText({ buffer: input.bytes });
      return result.value;
    }
    case 'pdf': {
      const text = input.pdfText;
      if (!text?.trim()) {
        throw new UnsupportedDocumentError('This PDF has no text layer (a scan?); it cannot be searched.');
      }
      return text;
    }
    default:
      throw new UnsupportedDocumentError(
        `Files of type ${input.contentType} cannot be indexed (text, Markdown, HTML, PDF and DOCX can).`,
      );
  }
}
