'use client';

import { useTranslations } from 'next-intl';
import type { CreatePromptRequest, Prompt } from '@vivier/contracts';
import { useState } from 'react';
import { parsePromptVariables } from '../../lib/prompt-variables';
import { LabelledField, LabelledInput } from '../ui/labelled-field';
import { EditorForm } from './editor-form';

/** Create a prompt, or edit one (`initial`); the variables it will ask for are listed as you type. */
export function PromptForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: Prompt;
  submitLabel: string;
  onSubmit: (draft: CreatePromptRequest) => Promise<void>;
  onCancel?: () => void;
}) {
  const t = useTranslations('presets.promptForm');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [command, setCommand] = useState(initial?.command ?? '');
  const [content, setContent] = useState(initial?.content ?? '');
  const variables = parsePromptVariables(content);

  const save = async () => {
    await onSubmit({ title, command, content });
    if (!initial) {
      setTitle('');
      setCommand('');
      setContent('');
    }
  };

  const idPrefix = initial ? `prompt-${initial.id}` : 'prompt-new';
  return (
    <EditorForm
      label={initial ? t('edit', { title: initial.title }) : t('new')}
      submitLabel={submitLabel}
      canSubmit={title.trim() !== '' && command !== '' && content !== ''}
      save={save}
      onCancel={onCancel}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <LabelledInput
          id={`${idPrefix}-title`}
          label={t('title')}
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
        />
        <LabelledInput
          id={`${idPrefix}-command`}
          label={t('command')}
          inputClassName="input font-mono"
          value={command}
          maxLength={40}
          pattern="[a-z0-9][a-z0-9_\-]*"
          placeholder={t('commandPlaceholder')}
          onChange={(event) => setCommand(event.target.value)}
        />
      </div>
      <LabelledField id={`${idPrefix}-content`} label={t('content')}>
        <textarea
          id={`${idPrefix}-content`}
          className="input min-h-24"
          value={content}
          maxLength={20_000}
          placeholder={t('contentPlaceholder', { language: '{{language}}', text: '{{text}}' })}
          onChange={(event) => setContent(event.target.value)}
        />
        <p className="mt-1 text-xs text-muted">
          {variables.length
            ? t('asksFor', { variables: variables.join(', ') })
            : t('variablesHint', { example: '{{name}}' })}
        </p>
      </LabelledField>
    </EditorForm>
  );
}
