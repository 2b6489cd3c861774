'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { keysApi } from '../../lib/keys-api';
import { useDescribeError } from '../../hooks/use-describe-error';

/** A name in, a new key out (its secret goes to `onCreated`, to be shown once). */
export function CreateKeyForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const describeError = useDescribeError();
  const t = useTranslations('keys.create');
  const [name, setName] = useState('');
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setSaving(true);
    setError(null);
    try {
      const { key, secret } = await keysApi.create(name);
      onCreated(key.name, secret);
      setName('');
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <div className="min-w-56 flex-1">
        <label className="label" htmlFor="api-key-name">
          {t('name')}
        </label>
        <input
          id="api-key-name"
          className="input"
          value={name}
          maxLength={100}
          placeholder={t('placeholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <button type="submit" className="button-primary" disabled={isSaving || name.trim() === ''}>
        {isSaving ? t('creating') : t('create')}
      </button>
      {error ? (
        <p role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
