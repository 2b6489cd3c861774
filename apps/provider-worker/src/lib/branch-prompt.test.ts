import { describe, expect, it } from 'vitest';
import { buildBranchPrompt } from './branch-prompt';

describe('buildBranchPrompt', () => {
  it('puts the system prompt first, keeps the branch in order and skips empty answers', () => {
    const messages = buildBranchPrompt(
      [
        { id: 'm1', role: 'user', content: 'Hi' },
        { id: 'm2', role: 'assistant', content: '' },
        { id: 'm3', role: 'user', content: 'Hi again' },
        { id: 'm4', role: 'assistant', content: 'Hello (partial' },
        { id: 'm5', role: 'user', content: '  spaced  ' },
      ],
      'Be brief.',
    );
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Hi again' },
      { role: 'assistant', content: 'Hello (partial' },
      { role: 'user', content: '  spaced  ' },
    ]);
  });

  it('keeps a user message that is only attachments', () => {
    const branch = [{ id: 'm1', role: 'user' as const, content: '', fileIds: ['fil_1'] }];
    const messages = buildBranchPrompt(branch, undefined, () => [
      { type: 'image', mimeType: 'image/png', data: 'AA==' },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'image', mimeType: 'image/png', data: 'AA==' }] },
    ]);
  });

  it('sends no system message for a missing or blank system prompt', () => {
    const branch = [{ id: 'm1', role: 'user' as const, content: 'Hi' }];
    expect(buildBranchPrompt(branch, undefined)).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(buildBranchPrompt(branch, '   ')).toEqual([{ role: 'user', content: 'Hi' }]);
  });
});
