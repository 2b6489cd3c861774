import type { ProviderEvent, UsageEvent } from '../types';

export interface CollectedStream {
  text: string;
  reasoning: string;
  usage: UsageEvent | undefined;
  events: ProviderEvent[];
  /** What the stream threw, if it did, after whatever it yielded first. */
  error: unknown;
}

/** Drains a provider stream for assertions, keeping partial output when it fails. */
export async function collectStream(stream: AsyncIterable<ProviderEvent>): Promise<CollectedStream> {
  const collected: CollectedStream = {
    text: '',
    reasoning: '',
    usage: undefined,
    events: [],
    error: undefined,
  };
  try {
    for await (const event of stream) {
      collected.events.push(event);
      if (event.type === 'text') collected.text += event.text;
      if (event.type === 'reasoning') collected.reasoning += event.text;
      if (event.type === 'usage') collected.usage = event;
    }
  } catch (error) {
    collected.error = error;
  }
  return collected;
}
