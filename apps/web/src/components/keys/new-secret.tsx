'use client';

import { useTranslations } from 'next-intl';
import { CopyButton } from '../ui/copy-button';
import { Panel } from '../ui/page-frame';

/** The one time a key's secret is shown: only its hash is stored, so it cannot be shown again. */
export function NewSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const t = useTranslations('keys.secret');
  return (
    <Panel title={t('title', { name })}>
      <p className="mb-2 text-sm text-muted">{t('hint')}</p>
      <div className="flex items-center gap-2 rounded-lg border border-border bg-canvas px-3 py-2">
        <code className="min-w-0 flex-1 break-all text-sm" aria-label={t('label')}>
          {secret}
        </code>
        <CopyButton text={secret} label={t('copy')} />
      </div>
      <button type="button" className="button mt-3" onClick={onDone}>
        {t('done')}
      </button>
    </Panel>
  );
}
