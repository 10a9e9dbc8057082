/**
 * The NexaCore projections: pure writes per event, then the whole log (written by Atlas's and
 * NexaCore's real services) through the real runtime on SQLite: one profile per organization and
 * per user whichever source made it, names that follow the organization until renamed, and a
 * replay that gives the very same documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newEvent, storedEvent } from '../../stores/events/conformance-fixtures.js';
import type { StoredEvent } from '../../stores/events/port.js';
import { openSqliteReadStore } from '../../stores/reads/sqlite.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { addMember, createOrganization, registerUser, renameOrganization } from '../../write/atlas/commands/index.js';
import type { AccountDeps } from '../../write/atlas/commands/index.js';
import {
  editLab,
  ensureLabProfile,
  ensureResearcherProfile,
  organizationInLog,
  updateResearcher,
  userInLog,
} from '../../write/nexacore/commands/index.js';
import { labProfileId, researcherProfileId } from '../../write/nexacore/ids.js';
import { createReadModels } from '../read-models.js';
import { rebuild } from '../runtime/rebuild.js';
import type { TempStores } from '../runtime/test-fixtures/stores.js';
import { tempStoresEachTest } from '../runtime/test-fixtures/suite.js';
import { nexacoreProjections } from './index.js';
import { projectLabs } from './labs.js';
import type { LabProfileDoc, ResearcherProfileDoc } from './models.js';

const stored = (type: string, data: Record<string, unknown>): StoredEvent =>
  storedEvent(newEvent(type, data, { user_id: 1, occurred_at: '2026-03-01T09:00:00.000Z' }), { stream: 'any' });
const org = '0b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b';

describe('projectLabs (pure)', () => {
  it('makes a personal organization\'s lab "<username>\'s Lab", with $setOnInsert only', () => {
    const writes = projectLabs(
      stored('atlas.OrganizationCreated', {
        organization_id: org,
        name: "john_doe's Organization",
        owner_id: 1,
        personal: true,
        timezone: 'UTC',
        created_at: '2026-03-01T09:00:00.000Z',
      }),
    );
    expect(writes).toEqual([
      {
        kind: 'update',
        collection: 'lab_profiles',
        filter: { _id: org },
        upsert: true,
        update: {
          $setOnInsert: {
            id: labProfileId(org),
            organization_id: org,
            lab_name: "john_doe's Lab",
            organization_name: "john_doe's Organization",
            personal: true,
            timezone: 'UTC',
            created_at: '2026-03-01T09:00:00.000Z',
            domain: null,
            custom_name: false,
            updated_at: null,
          },
        },
      },
    ]);
  });

  it('ignores events it does not read', () => {
    expect(projectLabs(stored('atlas.TaskCreated', {}))).toEqual([]);
    expect(projectLabs(stored('scoresquad.Whatever', {}))).toEqual([]);
  });

  it('refuses a NexaCore event of a schema version it cannot read', () => {
    const event = stored('nexacore.LabRenamed', {});
    event.metadata.schema_version = 2;
    expect(() => projectLabs(event)).toThrow(/schema version 2/);
  });
});

describe('the NexaCore read models over a real log', () => {
  let stores: TempStores;
  let atlas: AccountDeps;
  tempStoresEachTest((opened) => {
    stores = opened;
    let tick = Date.parse('2026-03-02T09:00:00.000Z');
    atlas = { store: stores.events, clock: () => new Date((tick += 60_000)), passwordCost: { N: 2 ** 12, r: 8, p: 1 } };
  });

  const register = async (username: string) => {
    const { user, organization } = await registerUser(atlas, {
      username,
      email: `${username}@example.com`,
      password: 'secure123',
    });
    return { user_id: user.id, organization_id: organization.id };
  };

  async function project(reads: ReadStore) {
    for (const projection of nexacoreProjections) await rebuild(projection, { events: stores.events, reads });
    const models = createReadModels({ reads, projections: nexacoreProjections });
    const labs = await models.find<LabProfileDoc>('lab_profiles', {}, { sort: { _id: 1 } });
    const researchers = await models.find<ResearcherProfileDoc>('researcher_profiles', {}, { sort: { _id: 1 } });
    return { labs, researchers };
  }

  it('merges every source into one profile each, and a replay gives the same documents', async () => {
    const john = await register('john_doe');
    const jane = await register('jane');
    const team = await createOrganization(atlas, { name: 'AI Research Team', timezone: 'Europe/Berlin' }, john);
    const renamedLater = await createOrganization(atlas, { name: 'Vision Group' }, john);
    await addMember(atlas, { organization_id: team.id, user_id: jane.user_id, role: 'member' }, john);
    // On-demand creations beside the projection's own: still one profile each.
    await ensureLabProfile(atlas, (await organizationInLog(atlas, team.id))!.facts, john);
    await ensureResearcherProfile(atlas, (await userInLog(atlas, jane.user_id))!, jane);
    // Names follow Atlas until NexaCore renames the lab; then only organization_name follows.
    await renameOrganization(atlas, { organization_id: renamedLater.id, name: 'Vision & Graphics' }, john);
    await editLab(atlas, { organization_id: team.id, lab_name: 'Deep Thought', domain: 'Machine Learning' }, john);
    await renameOrganization(atlas, { organization_id: team.id, name: 'AI Team' }, john);
    await updateResearcher(
      atlas,
      { user_id: jane.user_id, expertise_domains: ['NLP'], years_experience: 4 },
      jane,
      async () => false,
    );

    const { labs, researchers } = await project(stores.reads);
    expect(labs).toHaveLength(4);
    const lab = (id: string) => labs.find((l) => l._id === id)!;
    expect(lab(john.organization_id)).toMatchObject({
      id: labProfileId(john.organization_id),
      lab_name: "john_doe's Lab",
      personal: true,
    });
    expect(lab(jane.organization_id).lab_name).toBe("jane's Lab");
    expect(lab(renamedLater.id)).toMatchObject({
      lab_name: 'Vision & Graphics',
      organization_name: 'Vision & Graphics',
      custom_name: false,
    });
    expect(lab(team.id)).toMatchObject({
      id: labProfileId(team.id),
      organization_id: team.id,
      lab_name: 'Deep Thought',
      domain: 'Machine Learning',
      organization_name: 'AI Team',
      custom_name: true,
      timezone: 'Europe/Berlin',
      created_at: team.created_at,
    });
    expect(lab(team.id).updated_at).not.toBeNull();

    expect(researchers).toHaveLength(2);
    const janeProfile = researchers.find((r) => r.user_id === jane.user_id)!;
    expect(janeProfile).toMatchObject({
      id: researcherProfileId(jane.user_id),
      username: 'jane',
      expertise_domains: ['NLP'],
      years_experience: 4,
    });
    expect(researchers.find((r) => r.user_id === john.user_id)).toMatchObject({
      expertise_domains: [],
      years_experience: null,
      updated_at: null,
    });

    // A replay into a fresh read store: the same documents, ids included.
    const file = path.join(stores.dir, 'replay.db');
    const replay = openSqliteReadStore({ file });
    try {
      expect(await project(replay)).toEqual({ labs, researchers });
    } finally {
      await replay.close();
      fs.rmSync(file, { force: true });
    }
  });
});
