import type { ProviderSettings } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { translatorIn } from '../i18n/test-support';
import { defaultModelChoices, draftOf, fieldErrorsOf, updateOf } from './provider-draft';

const draftErrors = await translatorIn('en', 'admin.providers.draftErrors');

const settings: ProviderSettings = {
  defaultModel: { provider: 'prv_openai', model: 'gpt-4o-mini' },
  providers: [
    {
      id: 'prv_openai',
      kind: 'openai',
      label: 'OpenAI',
      baseUrl: null,
      hasApiKey: true,
      enabled: true,
      isDefault: true,
      modelOverrides: { 'gpt-4o': { enabled: false }, 'gpt-4o-mini': { inputPerMTokMicros: 200_000 } },
      accessGroupIds: [],
      knownModels: [
        {
          id: 'gpt-4o',
          label: 'GPT-4o',
          pricing: { inputPerMTokMicros: 2_500_000, outputPerMTokMicros: 10_000_000 },
        },
        {
          id: 'gpt-4o-mini',
          label: 'GPT-4o mini',
          pricing: { inputPerMTokMicros: 150_000, outputPerMTokMicros: 600_000 },
        },
      ],
    },
    {
      id: 'prv_local',
      kind: 'openai-compatible',
      label: 'Local',
      baseUrl: 'https://llm.example.com/v1',
      hasApiKey: false,
      enabled: false,
      isDefault: false,
      modelOverrides: { 'llama3.1': { enabled: true, groupIds: ['grp_team'] } },
      accessGroupIds: ['grp_team'],
      knownModels: [],
    },
  ],
};

describe('draftOf → updateOf', () => {
  it('round-trips the settings without touching the stored keys', () => {
    const { update, errors } = updateOf(draftOf(settings), draftErrors);
    expect(errors).toEqual({});
    expect(update).toEqual({
      defaultModel: { provider: 'prv_openai', model: 'gpt-4o-mini' },
      providers: [
        {
          id: 'prv_openai',
          kind: 'openai',
          label: 'OpenAI',
          baseUrl: null,
          enabled: true,
          accessGroupIds: [],
          modelOverrides: { 'gpt-4o': { enabled: false }, 'gpt-4o-mini': { inputPerMTokMicros: 200_000 } },
        },
        {
          id: 'prv_local',
          kind: 'openai-compatible',
          label: 'Local',
          baseUrl: 'https://llm.example.com/v1',
          enabled: false,
          accessGroupIds: ['grp_team'],
          modelOverrides: { 'llama3.1': { enabled: true, groupIds: ['grp_team'] } },
        },
      ],
    });
    expect(update.providers.every((provider) => !('apiKey' in provider))).toBe(true);
  });

  it('sends a new key, or null to remove one, and prices in micro-dollars', () => {
    const draft = draftOf(settings);
    draft.providers[0]!.apiKey = 'sk-new';
    draft.providers[0]!.models[0]!.outputPrice = '12.5';
    draft.providers[1]!.removeKey = true;
    const { update } = updateOf(draft, draftErrors);
    expect(update.providers[0]).toMatchObject({
      apiKey: 'sk-new',
      modelOverrides: { 'gpt-4o': { enabled: false, outputPerMTokMicros: 12_500_000 } },
    });
    expect(update.providers[1]).toMatchObject({ apiKey: null });
  });

  it('reports prices that are not amounts, and an empty name, by field', () => {
    const draft = draftOf(settings);
    draft.providers[0]!.models[1]!.inputPrice = 'cheap';
    draft.providers[1]!.label = '  ';
    expect(updateOf(draft, draftErrors).errors).toEqual({
      'providers.0.models.gpt-4o-mini.input': 'Enter an amount in dollars, e.g. 2.50',
      'providers.1.label': 'Give the provider a name',
    });
  });
});

describe('fieldErrorsOf', () => {
  it('puts the egress guard refusal by its field', () => {
    expect(
      fieldErrorsOf([
        { path: 'providers.2.baseUrl', message: 'resolves to a private address' },
        { path: 'defaultModel.provider', message: 'is disabled' },
      ]),
    ).toEqual({
      fields: { 'providers.2.baseUrl': 'resolves to a private address' },
      other: ['defaultModel.provider: is disabled'],
    });
  });
});

describe('defaultModelChoices', () => {
  it('offers enabled models of saved, enabled providers only', () => {
    expect(defaultModelChoices(draftOf(settings))).toEqual([
      { provider: 'prv_openai', model: 'gpt-4o-mini', label: 'OpenAI · GPT-4o mini' },
    ]);
  });
});
