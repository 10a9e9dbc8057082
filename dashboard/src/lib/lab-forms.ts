/**
 * The rules of a lab's edit and of a researcher's statement that the form can know before sending,
 * as NexaCore applies them (write/nexacore/events.ts, write/schemas.ts `nameText`; docs/nexacore.md).
 */
import type { LabEdit, ResearcherStatement } from '../api/nexacore.js';

/** What no name may hold: control characters and bidirectional controls (write/schemas.ts). */
const NOT_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export const LAB_NAME_MAX = 100;
export const DOMAIN_MAX = 100;
export const EXPERTISE_MAX = 50;
export const EXPERTISE_COUNT_MAX = 20;
export const YEARS_MAX = 80;

function nameProblem(text: string, max: number, min: number): string | null {
  const trimmed = text.trim();
  if (trimmed.length < min) return 'Give a name (it cannot be blank).';
  if (trimmed.length > max) return `At most ${max} characters.`;
  if (NOT_IN_NAMES.test(trimmed)) return 'No control characters.';
  return null;
}

export type LabField = 'lab_name' | 'domain';

/**
 * The edit to send: only what changed (an unchanged field appends nothing anyway), the domain
 * cleared when emptied. `problems` says what the API would refuse, `edit` is null when nothing changed.
 */
export function labEditOf(
  draft: { lab_name: string; domain: string },
  current: { lab_name: string; domain: string | null },
): { edit: LabEdit | null; problems: Partial<Record<LabField, string>> } {
  const problems: Partial<Record<LabField, string>> = {};
  const name = nameProblem(draft.lab_name, LAB_NAME_MAX, 1);
  if (name) problems.lab_name = name;
  const domain = nameProblem(draft.domain, DOMAIN_MAX, 0);
  if (domain) problems.domain = domain;
  const edit: LabEdit = {};
  const lab_name = draft.lab_name.trim();
  if (lab_name !== current.lab_name) edit.lab_name = lab_name;
  const nextDomain = draft.domain.trim() === '' ? null : draft.domain.trim();
  if (nextDomain !== current.domain) edit.domain = nextDomain;
  return { edit: Object.keys(edit).length === 0 ? null : edit, problems };
}

export type ResearcherField = 'expertise_domains' | 'years_experience';

/** Expertise as typed: one domain per line (a domain cannot hold a line break), blank lines ignored. */
export const domainsOf = (lines: string): string[] =>
  lines
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function researcherStatementOf(draft: { domains: string; years: number | '' | null }): {
  statement: ResearcherStatement | null;
  problems: Partial<Record<ResearcherField, string>>;
} {
  const problems: Partial<Record<ResearcherField, string>> = {};
  const domains = domainsOf(draft.domains);
  const seen = new Map<string, string>();
  for (const [i, domain] of domains.entries()) {
    const problem = nameProblem(domain, EXPERTISE_MAX, 1);
    if (problem) {
      problems.expertise_domains = `Line ${i + 1}: ${problem}`;
      break;
    }
    const key = domain.toLowerCase();
    if (seen.has(key)) {
      problems.expertise_domains = `"${domain}" is named twice ("${seen.get(key)}"): each domain once, whatever the case.`;
      break;
    }
    seen.set(key, domain);
  }
  if (!problems.expertise_domains && domains.length > EXPERTISE_COUNT_MAX) {
    problems.expertise_domains = `At most ${EXPERTISE_COUNT_MAX} domains.`;
  }
  const years = draft.years;
  if (typeof years !== 'number' || !Number.isInteger(years) || years < 0 || years > YEARS_MAX) {
    problems.years_experience = `A whole number of years from 0 to ${YEARS_MAX}.`;
  }
  const ok = Object.keys(problems).length === 0 && typeof years === 'number';
  return { statement: ok ? { expertise_domains: domains, years_experience: years } : null, problems };
}
