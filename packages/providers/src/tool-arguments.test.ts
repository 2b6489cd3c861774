import { describe, expect, it } from 'vitest';
import { parseToolArguments } from './tool-arguments';

describe('parseToolArguments', () => {
  it('parses a JSON object', () => {
    expect(parseToolArguments('{"a":1,"b":"x"}')).toEqual({ a: 1, b: 'x' });
  });

  it('treats no arguments as an empty object', () => {
    expect(parseToolArguments('')).toEqual({});
  });

  it('keeps invalid JSON visible instead of failing the answer', () => {
    expect(parseToolArguments('{"a":')).toEqual({ invalidJson: '{"a":' });
  });

  it('wraps a JSON value that is not an object', () => {
    expect(parseToolArguments('[1,2]')).toEqual({ value: [1, 2] });
  });
});
