import type { GenerationStreams } from '@vivier/bus';
import type { StreamFrame } from '@vivier/contracts';

const PAGE = 1_000;

/**
 * The newest frame of a generation's stream, or undefined when the stream is empty or expired.
 * Pages forward with the public `range` (only a redelivery of an ended generation needs this).
 */
export async function lastFrame(
  streams: Pick<GenerationStreams, 'range'>,
  generationId: string,
): Promise<StreamFrame | undefined> {
  let last: StreamFrame | undefined;
  for (;;) {
    const page = await streams.range(generationId, last?.id, PAGE);
    if (page.length === 0) return last;
    last = page.at(-1);
    if (page.length < PAGE) return last;
  }
}
