/**
 * The NexaCore application services over a real SQLite event store, with organizations and users
 * made by Atlas's own services: edits act on Atlas's streams, and on-demand creation is recorded once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember, createOrganization } from '../../atlas/commands/index.js';
import { openWorld, type World } from '../../atlas/commands/fixture.js';
import { isDomainError } from '../../domain-error.js';
import { labStream, researcherStream } from '../events.js';
import { labProfileId, researcherProfileId } from '../ids.js';
import { userInLog, organizationInLog } from './atlas-facts.js';
import { editLab, ensureLabProfile } from './labs.js';
import { ensureResearcherProfile, updateResearcher } from './researchers.js';
import type { WriteDeps } from '../../command.js';

let world: World;
let deps: WriteDeps;
beforeEach(() => {
  world = openWorld();
  deps = { store: world.deps.store, clock: world.deps.clock, cache: world.deps.cache };
});
afterEach(() => world.dispose());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('editLab', () => {
  it('renames a lab and sets its domain for owners and managers', async () => {
    const [owner, manager] = await world.registerAll('ada', 'grace');
    const org = await createOrganization(world.deps, { name: 'AI Research Team' }, owner);
    await addMember(world.deps, { organization_id: org.id, user_id: manager.user_id, role: 'manager' }, owner);

    const renamed = await editLab(deps, { organization_id: org.id, lab_name: 'Deep Thought' }, owner);
    expect(renamed).toMatchObject({
      id: labProfileId(org.id),
      organization_id: org.id,
      lab_name: 'Deep Thought',
      domain: null,
    });
    const withDomain = await editLab(deps, { organization_id: org.id, domain: 'Machine Learning' }, manager);
    expect(withDomain).toMatchObject({
      lab_name: 'Deep Thought',
      domain: 'Machine Learning',
      organization_name: 'AI Research Team',
    });
    const types = (await deps.store.readStream(labStream(org.id))).map((e) => e.type);
    expect(types).toEqual(['nexacore.LabRenamed', 'nexacore.LabDomainChanged']);
  });

  it('refuses members, hides the lab from others, and checks the input', async () => {
    const [owner, member, stranger] = await world.registerAll('ada', 'grace', 'eve');
    const org = await createOrganization(world.deps, { name: 'AI Research Team' }, owner);
    await addMember(world.deps, { organization_id: org.id, user_id: member.user_id, role: 'member' }, owner);
    const head = await world.head();

    expect((await refusal(editLab(deps, { organization_id: org.id, domain: 'ML' }, member))).kind).toBe('forbidden');
    expect((await refusal(editLab(deps, { organization_id: org.id, domain: 'ML' }, stranger))).kind).toBe('not_found');
    expect((await refusal(editLab(deps, { organization_id: 'not-a-uuid', domain: 'ML' }, owner))).kind).toBe(
      'not_found',
    );
    const unknown = '0b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b';
    expect((await refusal(editLab(deps, { organization_id: unknown, domain: 'ML' }, owner))).kind).toBe('not_found');
    expect((await refusal(editLab(deps, { organization_id: org.id }, owner))).kind).toBe('invalid');
    const long = await refusal(editLab(deps, { organization_id: org.id, lab_name: 'x'.repeat(101) }, owner));
    expect(long.issues.map((i) => i.pointer)).toEqual(['/lab_name']);
    expect(await world.head()).toBe(head);
  });
});

describe('ensureLabProfile', () => {
  it('records a creation once, however many requests race for it', async () => {
    const owner = await world.register('john_doe');
    const organization = (await organizationInLog(deps, owner.organization_id))!;
    const profiles = await Promise.all(
      Array.from({ length: 8 }, () => ensureLabProfile(deps, organization.facts, owner)),
    );
    for (const profile of profiles) {
      expect(profile).toEqual(profiles[0]);
      expect(profile).toMatchObject({
        id: labProfileId(owner.organization_id),
        lab_name: "john_doe's Lab",
        personal: true,
      });
    }
    await ensureLabProfile(deps, organization.facts, owner);
    const stored = await deps.store.readStream(labStream(owner.organization_id));
    expect(stored.map((e) => e.type)).toEqual(['nexacore.LabProfileCreated']);
  });
});

describe('researchers', () => {
  const nobody = async () => false;
  const everybody = async () => true;

  it('lets a researcher state their expertise and experience', async () => {
    const jane = await world.register('jane');
    const profile = await updateResearcher(
      deps,
      { user_id: String(jane.user_id), expertise_domains: [' NLP ', 'Vision'], years_experience: 5 },
      jane,
      nobody,
    );
    expect(profile).toMatchObject({
      id: researcherProfileId(jane.user_id),
      user_id: jane.user_id,
      username: 'jane',
      expertise_domains: ['NLP', 'Vision'],
      years_experience: 5,
    });
  });

  it('refuses colleagues, hides researchers from strangers, and checks the input', async () => {
    const [jane, colleague] = await world.registerAll('jane', 'joe');
    const input = { user_id: jane.user_id, expertise_domains: ['NLP'], years_experience: 5 };
    expect((await refusal(updateResearcher(deps, input, colleague, everybody))).kind).toBe('forbidden');
    expect((await refusal(updateResearcher(deps, input, colleague, nobody))).kind).toBe('not_found');
    const invalid = await refusal(
      updateResearcher(
        deps,
        { user_id: jane.user_id, expertise_domains: ['NLP', 'nlp'], years_experience: 81 },
        jane,
        nobody,
      ),
    );
    expect(invalid.issues.map((i) => i.pointer).sort()).toEqual(['/expertise_domains', '/years_experience']);
    const tooMany = Array.from({ length: 21 }, (_, i) => `domain ${i}`);
    expect((await refusal(updateResearcher(deps, { ...input, expertise_domains: tooMany }, jane, nobody))).kind).toBe(
      'invalid',
    );
    expect(
      (await refusal(updateResearcher(deps, { ...input, expertise_domains: ['x'.repeat(51)] }, jane, nobody))).kind,
    ).toBe('invalid');
    expect((await refusal(updateResearcher(deps, { ...input, years_experience: 2.5 }, jane, nobody))).kind).toBe(
      'invalid',
    );
  });

  it('records an on-demand creation once', async () => {
    const jane = await world.register('jane');
    const user = (await userInLog(deps, jane.user_id))!;
    const profiles = await Promise.all(Array.from({ length: 8 }, () => ensureResearcherProfile(deps, user, jane)));
    for (const profile of profiles) expect(profile).toEqual(profiles[0]);
    const stored = await deps.store.readStream(researcherStream(jane.user_id));
    expect(stored.map((e) => e.type)).toEqual(['nexacore.ResearcherProfileCreated']);
    expect(await userInLog(deps, 999)).toBeNull();
  });
});
