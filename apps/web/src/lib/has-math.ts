/**
 * Whether text may hold math, so the renderer with KaTeX is worth fetching: `$$`, `\(`, `\[`, or a
 * `$…$` pair on one line as Pandoc pairs them (a price such as "$5 and $10" is not one). Cheap and
 * small on purpose: it runs in the chat page's first-load bundle; code spans are not looked at,
 * so math inside code only costs a needless download (math-delimiters.ts leaves code alone).
 */
const MATH = /\$\$|\\[([]|\$[^\s$\\](?:[^$\n]*[^\s$\\])?\$(?!\d)/;

export function hasMath(markdown: string): boolean {
  return MATH.test(markdown);
}
