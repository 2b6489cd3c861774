import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractText, UnsupportedDocumentError } from './extract-text';

/** The smallest DOCX Word opens: a content-types part, the package relation and the document. */
async function minimalDocx(paragraphs: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((text) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

const extract = (bytes: Buffer, contentType: string, name: string, pdfText: string | null = null) =>
  extractText({ bytes, contentType, name, pdfText });

describe('extractText', () => {
  it('reads text and Markdown as they are', async () => {
    expect(await extract(Buffer.from('# Title\n\nBody'), 'text/markdown', 'a.md')).toBe('# Title\n\nBody');
    expect(await extract(Buffer.from('plain'), 'text/plain; charset=utf-8', 'a.txt')).toBe('plain');
  });

  it('turns HTML into text, headings into Markdown headings, without scripts or link targets', async () => {
    const html =
      '<html><head><script>alert(1)</script></head><body><h2>Refunds</h2><p>Money back within <a href="/x">30 days</a> &amp; no fee.</p></body></html>';
    const text = await extract(Buffer.from(html), 'text/html', 'page.html');
    expect(text).toContain('## Refunds');
    expect(text).toContain('Money back within 30 days & no fee.');
    expect(text).not.toContain('alert');
    expect(text).not.toContain('/x');
  });

  it('reads the paragraphs of a DOCX', async () => {
    const bytes = await minimalDocx(['Quarterly report', 'Revenue grew by 12 percent.']);
    const text = await extract(
      bytes,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'report.docx',
    );
    expect(text).toContain('Quarterly report');
    expect(text).toContain('Revenue grew by 12 percent.');
  });

  it('uses the PDF text layer stored at upload, and refuses a PDF without one', async () => {
    expect(await extract(Buffer.from('%PDF'), 'application/pdf', 'a.pdf', 'page one')).toBe('page one');
    await expect(extract(Buffer.from('%PDF'), 'application/pdf', 'scan.pdf', null)).rejects.toThrow(
      UnsupportedDocumentError,
    );
  });

  it('refuses types it cannot index', async () => {
    await expect(extract(Buffer.from([0xff, 0xd8]), 'image/jpeg', 'photo.jpg')).rejects.toThrow(
      /cannot be indexed/,
    );
  });
});
