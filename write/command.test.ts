import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { correlationUuid } from './command.js';

describe('correlationUuid', () => {
  it('keeps a UUID request id', () => {
    expect(correlationUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('maps any other request id onto one stable, valid UUID', () => {
    const mapped = correlationUuid('agent:req-0001');
    expect(z.uuid().safeParse(mapped).success).toBe(true);
    expect(mapped[14]).toBe('5');
    expect(correlationUuid('agent:req-0001')).toBe(mapped);
    expect(correlationUuid('agent:req-0002')).not.toBe(mapped);
  });
});
