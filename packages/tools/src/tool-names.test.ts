import { describe, expect, it } from 'vitest';
import { uniqueToolName } from './tool-names';

describe('uniqueToolName', () => {
  it('keeps a valid, free name', () => {
    expect(uniqueToolName('get_weather', new Set())).toBe('get_weather');
  });

  it('replaces characters providers refuse', () => {
    expect(uniqueToolName('files.read file', new Set())).toBe('files_read_file');
  });

  it('numbers a name two servers share', () => {
    expect(uniqueToolName('search', new Set(['search', 'search_2']))).toBe('search_3');
  });
});
