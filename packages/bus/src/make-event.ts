import { randomUUID } from 'node:crypto';
import { BusEvent, type BusEventOf, type BusEventType } from '@vivier/contracts';

export interface MakeEventOptions {
  traceparent?: string;
  requestId?: string;
}

// One version per type today (a discriminated union refuses duplicate types); when a type gains
// a v2, publishers get the newest and consumers keep accepting the versions they know.
const latestVersion = new Map<string, number>();
for (const option of BusEvent.options) {
  const type = option.shape.type.value;
  const version = option.shape.version.value;
  latestVersion.set(type, Math.max(version, latestVersion.get(type) ?? 0));
}

/** The newest version of a catalogue event type this code knows; undefined for a type it does not know. */
export function latestKnownVersion(type: string): number | undefined {
  return latestVersion.get(type);
}

/** Builds a catalogue event: fills `id`, `version` and `occurredAt` so publishers only say what happened. */
export function makeEvent<T extends BusEventType>(
  type: T,
  data: BusEventOf<T>['data'],
  options: MakeEventOptions = {},
): BusEventOf<T> {
  const version = latestVersion.get(type);
  if (version === undefined) throw new Error(`Unknown bus event type "${type}"`);
  const event = {
    type,
    version,
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    occurredAt: new Date().toISOString(),
    ...(options.traceparent === undefined ? {} : { traceparent: options.traceparent }),
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    data,
  };
  // The literal pairing of type and version is guaranteed by the lookup above, not by the compiler.
  return event as unknown as BusEventOf<T>;
}
