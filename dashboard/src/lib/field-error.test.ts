import { describe, expect, it } from 'vitest';
import { allAtFields, fieldError } from './field-error.js';

const problem = {
  errors: [
    { pointer: '/body/title', detail: 'Too small: expected string to have >=1 characters' },
    { pointer: '/query/user_code', detail: 'a user code' },
    { pointer: '/role', detail: 'only owners may add owners' },
  ],
};

describe('fieldError', () => {
  it('finds the words for a field in the body, the query, or at a bare pointer', () => {
    expect(fieldError(problem, 'title')).toMatch(/Too small/);
    expect(fieldError(problem, 'user_code')).toBe('a user code');
    expect(fieldError(problem, 'role')).toBe('only owners may add owners');
  });

  it('finds nothing for another field, or without a problem', () => {
    expect(fieldError(problem, 'description')).toBeUndefined();
    expect(fieldError(problem, 'body')).toBeUndefined();
    expect(fieldError(null, 'title')).toBeUndefined();
  });
});

describe('allAtFields', () => {
  it('says whether the form shows every error at a field', () => {
    expect(allAtFields(problem, ['title', 'user_code', 'role'])).toBe(true);
    expect(allAtFields(problem, ['title'])).toBe(false);
    expect(allAtFields({ errors: [] }, ['title'])).toBe(false);
    expect(allAtFields({ errors: [{ pointer: '/body', detail: 'unknown field' }] }, ['title'])).toBe(false);
  });
});
