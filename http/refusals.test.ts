import { describe, expect, it } from 'vitest';
import { refusalsFrom } from './refusals.js';

describe('refusalsFrom', () => {
  const refusals = refusalsFrom({
    401: { description: 'Missing or invalid token' },
    404: { description: 'Not found' },
    409: { description: 'Conflict' },
  });

  it('picks exactly the statuses asked for, with their wording', () => {
    expect(refusals(401, 409)).toEqual({
      401: { description: 'Missing or invalid token' },
      409: { description: 'Conflict' },
    });
    expect(refusals()).toEqual({});
  });
});
