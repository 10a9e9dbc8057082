import { describe, expect, it } from 'vitest';
import { domainsOf, labEditOf, researcherStatementOf } from './lab-forms.js';

describe("a lab's edit", () => {
  const current = { lab_name: 'Vision Lab', domain: null };

  it('sends only what changed, trimmed, and clears an emptied domain', () => {
    expect(labEditOf({ lab_name: ' Vision Lab ', domain: 'Machine Learning ' }, current)).toEqual({
      edit: { domain: 'Machine Learning' },
      problems: {},
    });
    expect(labEditOf({ lab_name: 'Optics', domain: '' }, current).edit).toEqual({ lab_name: 'Optics' });
    expect(labEditOf({ lab_name: 'Vision Lab', domain: '  ' }, { ...current, domain: 'ML' }).edit).toEqual({
      domain: null,
    });
    expect(labEditOf({ lab_name: 'Vision Lab', domain: '' }, current).edit).toBeNull();
  });

  it('refuses a blank or long name, a long domain, control characters', () => {
    expect(labEditOf({ lab_name: '  ', domain: '' }, current).problems.lab_name).toMatch(/blank/);
    expect(labEditOf({ lab_name: 'x'.repeat(101), domain: '' }, current).problems.lab_name).toMatch(/100/);
    expect(labEditOf({ lab_name: 'x'.repeat(100), domain: 'y'.repeat(100) }, current).problems).toEqual({});
    expect(labEditOf({ lab_name: 'ok', domain: 'y'.repeat(101) }, current).problems.domain).toMatch(/100/);
    expect(labEditOf({ lab_name: 'a\u202Eb', domain: '' }, current).problems.lab_name).toMatch(/control/);
  });
});

describe("a researcher's statement", () => {
  it('reads one domain per line, trimmed, blank lines ignored', () => {
    expect(domainsOf(' NLP \n\nComputer Vision\r\n')).toEqual(['NLP', 'Computer Vision']);
    expect(researcherStatementOf({ domains: 'NLP\nComputer Vision', years: 6 })).toEqual({
      statement: { expertise_domains: ['NLP', 'Computer Vision'], years_experience: 6 },
      problems: {},
    });
    expect(researcherStatementOf({ domains: '', years: 0 }).statement).toEqual({
      expertise_domains: [],
      years_experience: 0,
    });
  });

  it('refuses a domain named twice whatever the case, a long one, more than 20', () => {
    expect(researcherStatementOf({ domains: 'NLP\nnlp', years: 1 }).problems.expertise_domains).toMatch(
      /"nlp" is named twice \("NLP"\)/,
    );
    expect(researcherStatementOf({ domains: `a\n${'x'.repeat(51)}`, years: 1 }).problems.expertise_domains).toMatch(
      /^Line 2: At most 50/,
    );
    const many = Array.from({ length: 21 }, (_, i) => `d${i}`).join('\n');
    expect(researcherStatementOf({ domains: many, years: 1 }).problems.expertise_domains).toBe('At most 20 domains.');
    expect(researcherStatementOf({ domains: many.split('\n').slice(0, 20).join('\n'), years: 1 }).problems).toEqual({});
  });

  it('takes whole years from 0 to 80', () => {
    for (const years of [-1, 81, 2.5, '' as const, null]) {
      expect(researcherStatementOf({ domains: '', years }).problems.years_experience).toMatch(/0 to 80/);
    }
    expect(researcherStatementOf({ domains: '', years: 80 }).statement?.years_experience).toBe(80);
  });
});
