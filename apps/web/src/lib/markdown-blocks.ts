const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits streaming Markdown into blocks that can no longer change and the tail still being
 * written, so each new token re-parses only the tail. A split happens at a blank line, outside
 * fenced code, before a line that starts at the margin (an indented line may continue a list
 * item, so it stays with what precedes it). Text only grows, so a block once closed stays closed.
 */
export function splitStableBlocks(text: string): { blocks: string[]; tail: string } {
  const blocks: string[] = [];
  let blockStart = 0;
  let openFence: string | null = null;
  let lineStart = 0;
  let previousLineBlank = false;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    // The last line may still be growing: it can close nothing.
    if (newline < 0) break;
    const line = text.slice(lineStart, newline);
    const nextStart = newline + 1;
    const fence = FENCE.exec(line);
    if (openFence) {
      if (
        fence?.[1] &&
        fence[1][0] === openFence[0] &&
        fence[1].length >= openFence.length &&
        line.trim() === fence[1]
      )
        openFence = null;
    } else if (fence?.[1]) {
      openFence = fence[1];
    }
    const isBlank = line.trim() === '';
    if (!openFence && isBlank && !previousLineBlank && nextStart < text.length) {
      const next = text[nextStart];
      if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n') {
        blocks.push(text.slice(blockStart, nextStart));
        blockStart = nextStart;
      }
    }
    previousLineBlank = isBlank;
    lineStart = nextStart;
  }
  return { blocks, tail: text.slice(blockStart) };
}
