import { describe, expect, it } from 'vitest';
import { pgvectorVersionSupported } from './vector-mode';

describe('pgvectorVersionSupported', () => {
  it('accepts pgvector 0.8 and later, which have hnsw.iterative_scan', () => {
    for (const version of ['0.8.0', '0.8.6', '0.10.1', '1.0.0']) {
      expect(pgvectorVersionSupported(version), version).toBe(true);
    }
  });

  it('refuses older versions and versions it cannot read', () => {
    for (const version of ['0.7.4', '0.5.1', '0.0.9', '', 'dev']) {
      expect(pgvectorVersionSupported(version), version).toBe(false);
    }
  });
});
