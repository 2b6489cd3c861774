'use client';

import { CopyButton } from '../ui/copy-button';
import { Panel } from '../ui/page-frame';

/** The one time a key's secret is shown: only its hash is stored, so it cannot be shown again. */
export function NewSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <Panel title={`Your new key “${name}”`}>
      <p className="mb-2 text-sm text-muted">
        Copy it now: you will not be able to see it again. Anyone with it can use Vivier as you.
      </p>
      <div className="flex items-center gap-2 rounded-lg border border-border bg-canvas px-3 py-2">
        <code className="min-w-0 flex-1 break-all text-sm" aria-label="New API key">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy API key" />
      </div>
      <button type="button" className="button mt-3" onClick={onDone}>
        Done
      </button>
    </Panel>
  );
}
