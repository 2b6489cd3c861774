import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Text extraction from PDFs, at upload time.
 *
 * Library: `unpdf` 1.7.0 (pinned), a serverless build of Mozilla's pdf.js — pure JS, no native
 * build, no dependencies (`@napi-rs/canvas` is an optional peer, only for rendering). 1.7.0 is the
 * newest release that runs on Node 20: 1.8.x declares `engines.node >=22`, as does `pdfjs-dist` 5.x.
 *
 * Why at upload, in chat-service: the user learns at once, from the upload itself, that a scan or a
 * locked PDF is of no use (a clear 4xx instead of a model that silently sees nothing), the work is
 * done once per file rather than on every generation that re-sends it, and provider-worker stays
 * free of a PDF parser (it reads the stored text like a text file).
 *
 * Why a worker thread: measured here on Node 20 with a 50-page, 200 KB text PDF, pdf.js (whose
 * "fake worker" runs on the calling thread in Node) parses in 110–270 ms as one unbroken chain of
 * microtasks — not one timer fired meanwhile. So it would stall every request of the service for
 * that long (seconds for 500 pages), and a timer could never interrupt it: a hostile PDF would
 * pin the thread for as long as it liked. In a worker the event loop stays free (the same PDF:
 * ~270 timer ticks in 315 ms), the time limit is a `terminate()` that always works, the heap is
 * capped, and a crash inside pdf.js is an `error` event, never the service's. The cost is about
 * 140 ms to start a worker and load pdf.js per PDF, which an upload can afford.
 */

export interface PdfTextLimits {
  /** A PDF with more pages is refused before any text is read. */
  maxPages: number;
  /** The worker is terminated after this long. */
  timeoutMs: number;
}

export type PdfTextResult =
  | { outcome: 'text'; pages: number; text: string }
  | { outcome: 'no-text'; pages: number }
  | { outcome: 'too-many-pages'; pages: number }
  | { outcome: 'encrypted' }
  | { outcome: 'unreadable'; reason: string }
  | { outcome: 'timeout' };

/** Heap of one extraction worker; a PDF that needs more is unreadable, not a crashed service. */
const WORKER_HEAP_MB = 256;
/** Extractions at a time (the rest wait their turn): each can keep a core busy until its timeout. */
const MAX_CONCURRENT = 2;
/** Far beyond anything a prompt inlines (FILE_INLINE_LIMIT_CHARS); bounds the row, not the model. */
const PDF_TEXT_MAX_CHARS = 5_000_000;

/**
 * The worker's code. Plain CommonJS evaluated from a string, so it runs the same under tsx, under
 * vitest and in production without a loader; it loads unpdf's CommonJS build by absolute path.
 * pdf.js options: no `eval` for fonts (the CVE-2024-4367 class), no font faces, errors only.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getDocumentProxy, extractText } = require(workerData.modulePath);
(async () => {
  let pdf;
  try {
    pdf = await getDocumentProxy(workerData.bytes, {
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
    const pages = pdf.numPages;
    if (pages > workerData.maxPages) return parentPort.postMessage({ outcome: 'too-many-pages', pages });
    const { text } = await extractText(pdf, { mergePages: false });
    parentPort.postMessage({ outcome: 'text', pages, text: text.join('\\n\\n') });
  } catch (error) {
    const name = error && error.name;
    parentPort.postMessage(
      name === 'PasswordException'
        ? { outcome: 'encrypted' }
        : { outcome: 'unreadable', reason: String((error && error.message) || error) },
    );
  } finally {
    if (pdf) await pdf.destroy().catch(() => {});
  }
})();
`;

const unpdfPath = createRequire(import.meta.url).resolve('unpdf');

let running = 0;
const waiting: Array<() => void> = [];

async function takeTurn(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/**
 * The text of a PDF, bounded by `limits`, in a worker thread. Never rejects: every failure of the
 * PDF or of the worker is an outcome.
 */
export async function extractPdfText(bytes: Uint8Array, limits: PdfTextLimits): Promise<PdfTextResult> {
  const release = await takeTurn();
  try {
    const raw = await runWorker(bytes, limits);
    if (raw.outcome !== 'text') return raw;
    const text = cleanText(raw.text);
    if (text.trim().length === 0) return { outcome: 'no-text', pages: raw.pages };
    return { outcome: 'text', pages: raw.pages, text };
  } finally {
    release();
  }
}

function runWorker(bytes: Uint8Array, limits: PdfTextLimits): Promise<PdfTextResult> {
  return new Promise((resolve) => {
    let settled = false;
    let worker: Worker | undefined;
    const finish = (result: PdfTextResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker?.terminate().catch(() => undefined);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), limits.timeoutMs);
    try {
      // A copy: the upload's Buffer may be a slice of a shared pool; this one is moved, not cloned.
      const copy = new Uint8Array(bytes);
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { modulePath: unpdfPath, bytes: copy, maxPages: limits.maxPages },
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      finish({ outcome: 'unreadable', reason: String(error) });
      return;
    }
    // pdf.js may still warn on stdout/stderr; drain it rather than print it in the service's log.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.once('message', (message: PdfTextResult) => finish(message));
    worker.once('error', (error) => finish({ outcome: 'unreadable', reason: error.message }));
    worker.once('exit', (code) => finish({ outcome: 'unreadable', reason: `worker exited with ${code}` }));
  });
}

/**
 * Storable text: no NUL or other control characters besides tab and newlines (PostgreSQL refuses
 * NUL in text), no lone surrogates, capped at PDF_TEXT_MAX_CHARS.
 */
function cleanText(text: string): string {
  return (
    text
      .slice(0, PDF_TEXT_MAX_CHARS)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}
