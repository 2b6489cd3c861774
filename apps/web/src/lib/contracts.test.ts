import * as contracts from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { loadContracts } from './contracts';

describe('loadContracts', () => {
  it('loads the same contracts module the rest of the code sees', async () => {
    expect((await loadContracts()).StreamFrame).toBe(contracts.StreamFrame);
  });
});
