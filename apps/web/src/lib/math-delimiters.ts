const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Rewrites LaTeX delimiters for remark-math: `\(…\)` becomes `$…$` and `\[…\]` becomes `$$…$$`.
 * A single `$` that cannot pair up the way Pandoc pairs them (the opener followed by a non-space,
 * the closer preceded by a non-space and not followed by a digit, on the same line) is escaped, so
 * prices such as "$5 and $10" stay text. `$$…$$` alone on a line is made a display block. Fenced code and inline code are left untouched.
 */
export function normalizeMath(markdown: string): string {
  const lines = markdown.split('\n');
  let openFence: string | null = null;
  let inDisplay = false;
  const out: string[] = [];
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (openFence) {
      if (fence && fence[0] === openFence[0] && fence.length >= openFence.length && line.trim() === fence)
        openFence = null;
      out.push(line);
      continue;
    }
    if (fence && !inDisplay) {
      openFence = fence;
      out.push(line);
      continue;
    }
    const converted = convertLine(line, inDisplay);
    inDisplay = converted.inDisplay;
    // remark-math reads `$$x$$` alone on a line as inline math; models mean a displayed formula.
    const alone = /^(\s*)\$\$([^$]+)\$\$\s*$/.exec(converted.text);
    out.push(alone ? `${alone[1]}$$\n${alone[2]}\n${alone[1]}$$` : converted.text);
  }
  return out.join('\n');
}

/** Splits a line into text and inline-code spans (a run of n backticks closes on n backticks). */
function segments(line: string): { text: string; isCode: boolean }[] {
  const parts: { text: string; isCode: boolean }[] = [];
  let index = 0;
  let textStart = 0;
  while (index < line.length) {
    if (line[index] !== '`') {
      index += 1;
      continue;
    }
    let run = 1;
    while (line[index + run] === '`') run += 1;
    const ticks = '`'.repeat(run);
    let close = line.indexOf(ticks, index + run);
    while (close >= 0 && line[close + run] === '`') close = line.indexOf(ticks, close + run + 1);
    if (close < 0) {
      index += run;
      continue;
    }
    if (index > textStart) parts.push({ text: line.slice(textStart, index), isCode: false });
    parts.push({ text: line.slice(index, close + run), isCode: true });
    index = close + run;
    textStart = index;
  }
  if (textStart < line.length) parts.push({ text: line.slice(textStart), isCode: false });
  return parts;
}

function convertLine(line: string, inDisplay: boolean): { text: string; inDisplay: boolean } {
  let display = inDisplay;
  const text = segments(line)
    .map((part) => {
      if (part.isCode) return part.text;
      let value = part.text
        .replace(/\\\[|\\\]/g, '$$$$')
        .replace(/\\\((.+?)\\\)/g, (_match, body: string) => `$${body.trim()}$`);
      const displayDelimiters = value.split('$$').length - 1;
      if (displayDelimiters % 2 === 1) display = !display;
      else if (!display && displayDelimiters === 0) value = escapeLoneDollars(value);
      return value;
    })
    .join('');
  return { text, inDisplay: display };
}

function escapeLoneDollars(text: string): string {
  const isDollar = (at: number) => text[at] === '$' && text[at - 1] !== '\\';
  const keep = new Set<number>();
  for (let open = 0; open < text.length; open += 1) {
    if (!isDollar(open) || !/\S/.test(text[open + 1] ?? ' ')) continue;
    for (let close = open + 2; close < text.length; close += 1) {
      if (!isDollar(close)) continue;
      if (/\S/.test(text[close - 1] ?? ' ') && !/\d/.test(text[close + 1] ?? '')) {
        keep.add(open).add(close);
        open = close;
        break;
      }
    }
  }
  let result = '';
  for (let index = 0; index < text.length; index += 1) {
    result += isDollar(index) && !keep.has(index) ? '\\$' : text[index];
  }
  return result;
}
