/** Name-based ids: RFC 9562's own example, and ids that depend only on what they name. */
import { describe, expect, it } from 'vitest';
import { labCreationEventId, labProfileId, nameUuid, researcherCreationEventId, researcherProfileId } from './ids.js';

describe('nameUuid', () => {
  it('is UUIDv5 as RFC 9562 specifies it (its example: www.example.com in the DNS namespace)', () => {
    expect(nameUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('NexaCore ids', () => {
  const org = '0b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b';
  it('are the same for the same organization or user, whatever the case of the id', () => {
    expect(labProfileId(org)).toBe(labProfileId(org.toUpperCase()));
    expect(researcherProfileId(3)).toBe(researcherProfileId(3));
    expect(labCreationEventId(org)).toBe(labCreationEventId(org));
  });

  it('differ between organizations, users and kinds of id', () => {
    const ids = [
      labProfileId(org),
      labProfileId('1b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b'),
      labCreationEventId(org),
      researcherProfileId(3),
      researcherProfileId(4),
      researcherCreationEventId(3),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
