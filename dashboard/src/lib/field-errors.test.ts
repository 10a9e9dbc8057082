import { describe, expect, it } from 'vitest';
import { bodyPath, placeErrors } from './field-errors.js';

describe('placing a problem’s errors on a form', () => {
  it('reads a pointer into the body as a field path', () => {
    expect(bodyPath('/body/scores/quality')).toBe('scores/quality');
    expect(bodyPath('/period')).toBe('period');
    expect(bodyPath('/body/a~1b/c~0d')).toBe('a/b/c~d');
    expect(bodyPath('/body')).toBe('');
  });

  it('puts each error on the field its pointer names, with or without the /body prefix', () => {
    const placed = placeErrors(
      [
        { pointer: '/body/scores/quality', detail: 'Too big: expected number to be <=5' },
        { pointer: '/period', detail: '2030-01 has not begun yet' },
        { pointer: '/body/employee_id', detail: 'you may not review yourself' },
      ],
      ['employee_id', 'period', 'scores/quality', 'scores/delivery'] as const,
    );
    expect(placed.fields).toEqual({
      'scores/quality': 'Too big: expected number to be <=5',
      period: '2030-01 has not begun yet',
      employee_id: 'you may not review yourself',
    });
    expect(placed.rest).toEqual([]);
  });

  it('names the item of a list field, counted from 1, and joins two errors on one field', () => {
    const placed = placeErrors(
      [
        { pointer: '/body/expertise_domains/2', detail: 'Too big' },
        { pointer: '/body/expertise_domains', detail: 'domains must be distinct' },
      ],
      ['expertise_domains', 'years_experience'] as const,
    );
    expect(placed.fields.expertise_domains).toBe('item 3: Too big; domains must be distinct');
  });

  it('prefers the longest matching field, and leaves over what names no field', () => {
    const placed = placeErrors(
      [
        { pointer: '/body/scores/quality', detail: 'q' },
        { pointer: '/body/scores', detail: 's' },
        { pointer: '/body/organization_id', detail: 'o' },
        { pointer: '/body', detail: 'whole' },
        { pointer: '/body/scoresheet', detail: 'not a prefix match' },
      ],
      ['scores', 'scores/quality'] as const,
    );
    expect(placed.fields).toEqual({ 'scores/quality': 'q', scores: 's' });
    expect(placed.rest).toEqual(['o', 'whole', 'not a prefix match']);
  });
});
