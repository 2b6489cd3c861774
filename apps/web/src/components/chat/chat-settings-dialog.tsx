'use client';

import type { ChatSettings, ReasoningEffort } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../ui/dialog';
import { ReasoningEffortSelect } from './reasoning-effort-select';
import { hasTools, NO_TOOLS, ToolsPicker } from './tools-picker';
import { KnowledgePicker } from './knowledge-picker';

interface ChatSettingsDialogProps {
  open: boolean;
  settings: ChatSettings;
  /** The chat's model can think (`capabilities.reasoning`): offer the reasoning effort. */
  supportsReasoning: boolean;
  onClose: () => void;
  onSave: (settings: ChatSettings) => Promise<boolean>;
}

/** A number the model may be given, or left empty for the model's default. */
function NumberField(props: {
  id: string;
  label: string;
  hint: string;
  range: { min: number; max: number; step: number };
  inputMode: 'decimal' | 'numeric';
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useTranslations('chat.settings');
  return (
    <div>
      <label htmlFor={props.id} className="label">
        {props.label}
      </label>
      <input
        id={props.id}
        type="number"
        {...props.range}
        inputMode={props.inputMode}
        placeholder={t('modelDefault')}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-describedby={`${props.id}-hint`}
        className="input"
      />
      <p id={`${props.id}-hint`} className="mt-1 text-xs text-muted">
        {props.hint}
      </p>
    </div>
  );
}

function SettingsForm({
  settings,
  supportsReasoning,
  onClose,
  onSave,
}: Omit<ChatSettingsDialogProps, 'open'>) {
  const t = useTranslations('chat.settings');
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? '');
  const [temperature, setTemperature] = useState(
    settings.temperature === undefined ? '' : String(settings.temperature),
  );
  const [maxTokens, setMaxTokens] = useState(
    settings.maxTokens === undefined ? '' : String(settings.maxTokens),
  );
  const [reasoningEffort, setReasoningEffort] = useState<ReasoningEffort | ''>(
    settings.reasoningEffort ?? '',
  );
  const [tools, setTools] = useState(settings.tools ?? NO_TOOLS);
  const [knowledgeIds, setKnowledgeIds] = useState<string[]>(settings.knowledgeIds ?? []);
  const [isSaving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Settings this form does not edit are kept as they are.
    const {
      systemPrompt: _prompt,
      temperature: _temperature,
      maxTokens: _maxTokens,
      reasoningEffort: _reasoningEffort,
      knowledgeIds: _knowledgeIds,
      tools: _tools,
      ...kept
    } = settings;
    const next: ChatSettings = { ...kept };
    if (hasTools(tools)) next.tools = tools;
    if (systemPrompt.trim()) next.systemPrompt = systemPrompt;
    if (temperature !== '') next.temperature = Number(temperature);
    if (maxTokens !== '') next.maxTokens = Number(maxTokens);
    // Hidden for a model that cannot think, the stored choice is kept for when the chat switches back.
    if (reasoningEffort !== '') next.reasoningEffort = reasoningEffort;
    if (knowledgeIds.length > 0) next.knowledgeIds = knowledgeIds;
    setSaving(true);
    const saved = await onSave(next);
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label htmlFor="settings-system-prompt" className="label">
        {t('systemPrompt')}
      </label>
      <textarea
        id="settings-system-prompt"
        value={systemPrompt}
        onChange={(event) => setSystemPrompt(event.target.value)}
        rows={5}
        maxLength={20_000}
        placeholder={t('systemPromptPlaceholder')}
        className="input mb-4 resize-y"
      />
      <KnowledgePicker value={knowledgeIds} onChange={setKnowledgeIds} />
      <div className="grid grid-cols-2 gap-3">
        <NumberField
          id="settings-temperature"
          label={t('temperature')}
          hint={t('temperatureHint')}
          range={{ min: 0, max: 2, step: 0.1 }}
          inputMode="decimal"
          value={temperature}
          onChange={setTemperature}
        />
        <NumberField
          id="settings-max-tokens"
          label={t('maxTokens')}
          hint={t('maxTokensHint')}
          range={{ min: 1, max: 200_000, step: 1 }}
          inputMode="numeric"
          value={maxTokens}
          onChange={setMaxTokens}
        />
      </div>
      {supportsReasoning ? (
        <div className="mt-4">
          <ReasoningEffortSelect
            id="settings-reasoning-effort"
            value={reasoningEffort}
            onChange={setReasoningEffort}
          />
        </div>
      ) : null}
      <ToolsPicker value={tools} onChange={setTools} />
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={isSaving}>
          {isSaving ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}

/** System prompt, knowledge bases, temperature, max tokens, reasoning effort (for a model that thinks) and tools of one chat. */
export function ChatSettingsDialog(props: ChatSettingsDialogProps) {
  const t = useTranslations('chat');
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={t('chatSettings')}
      description={t('settings.description')}
    >
      {props.open ? (
        <SettingsForm
          settings={props.settings}
          supportsReasoning={props.supportsReasoning}
          onClose={props.onClose}
          onSave={props.onSave}
        />
      ) : null}
    </Dialog>
  );
}
