/**
 * Profiles on demand (the seed's get_or_create), over real HTTP in the real system started
 * WITHOUT its projector: the read models stay empty, so every lab and researcher is found through
 * Atlas's own streams and created on the first request, once, however many requests race.
 * Then a projector started on the same stores merges both sources into one profile each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import {
  nexacoreProjections,
  type LabProfileDoc,
  type ResearcherProfileDoc,
} from '../../projections/nexacore/index.js';
import { startProjections } from '../../projections/runtime/projector.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { labStream, researcherStream } from '../../write/nexacore/events.js';
import { labProfileId, researcherProfileId } from '../../write/nexacore/ids.js';
import { NO_ACTIVITY_ROLLUP_NOTE } from './analytics.js';
import { nexacoreService } from './index.js';
import { eventually, expectProblem, request, signUp, type SignedUp } from './test-fixture.js';
import { atlasService } from '../atlas/index.js';

let system: TestSystem;
let nexacore: string;
let john: SignedUp;
let eve: SignedUp;

beforeAll(async () => {
  system = await startTestSystem({
    services: ['atlas', 'nexacore'],
    projections: [...atlasProjections, ...nexacoreProjections],
    modules: [atlasService, nexacoreService],
  });
  nexacore = system.urls.nexacore!;
  john = await signUp(system.urls.atlas!, 'john_doe');
  eve = await signUp(system.urls.atlas!, 'eve');
});
afterAll(async () => {
  await system?.stop();
});

const get = (user: SignedUp, path: string) => request(nexacore, 'GET', path, { token: user.token });
const typesIn = async (stream: string) => (await system.events.readStream(stream)).map((e) => e.type);

describe('without projections', () => {
  it('finds nothing in the read models', async () => {
    expect(await system.readModels.count('lab_profiles')).toBe(0);
    expect(await system.readModels.count('memberships')).toBe(0);
  });

  it('creates a lab on the first request, once, however many requests race', async () => {
    const path = `/api/v1/labs/${john.organization_id}`;
    const answers = await Promise.all([get(john, path), get(john, path), get(john, path)]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body).toMatchObject({
      id: labProfileId(john.organization_id),
      lab_name: "john_doe's Lab",
      personal: true,
    });
    expect((await get(john, path)).body).toEqual(answers[0]!.body);
    expect(await typesIn(labStream(john.organization_id))).toEqual(['nexacore.LabProfileCreated']);
  });

  it('still hides a lab from non-members, and creates nothing for them', async () => {
    expectProblem(await get(eve, `/api/v1/labs/${john.organization_id}`), 404, 'not-found');
    expectProblem(await get(john, `/api/v1/labs/${eve.organization_id}`), 404, 'not-found');
    expect(await typesIn(labStream(eve.organization_id))).toEqual([]);
  });

  it('creates a researcher on the first request, once', async () => {
    const path = `/api/v1/researchers/${john.id}`;
    const answers = await Promise.all([get(john, path), get(john, path)]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body).toMatchObject({
      id: researcherProfileId(john.id),
      username: 'john_doe',
      expertise_domains: [],
    });
    expect(await typesIn(researcherStream(john.id))).toEqual(['nexacore.ResearcherProfileCreated']);
  });

  it("edits a lab from Atlas's stream, and answers analytics without an activity rollup", async () => {
    const patched = await request(nexacore, 'PATCH', `/api/v1/labs/${john.organization_id}`, {
      token: john.token,
      body: { domain: 'Robotics' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ lab_name: "john_doe's Lab", domain: 'Robotics' });
    const analytics = await get(john, `/api/v1/labs/${john.organization_id}/analytics`);
    expect(analytics.status).toBe(200);
    expect(analytics.body).toMatchObject({
      lab_name: "john_doe's Lab",
      activity_this_week: null,
      notes: [NO_ACTIVITY_ROLLUP_NOTE],
    });
  });
});

describe('then with projections', () => {
  it('merges the on-demand profiles and the ones made from Atlas into one each', async () => {
    const projector = await startProjections({
      events: system.events,
      reads: system.reads,
      projections: [...atlasProjections, ...nexacoreProjections],
    });
    try {
      const head = await system.events.headPosition();
      await eventually(
        async () => (await projector.lag()).every((p) => p.position >= head),
        'the projections to catch up',
      );
    } finally {
      await projector.stop();
    }
    const labs = await system.readModels.find<LabProfileDoc>('lab_profiles', { _id: john.organization_id });
    expect(labs).toHaveLength(1);
    expect(labs[0]).toMatchObject({
      id: labProfileId(john.organization_id),
      lab_name: "john_doe's Lab",
      domain: 'Robotics',
    });
    expect(await system.readModels.count('lab_profiles')).toBe(2);
    const researchers = await system.readModels.find<ResearcherProfileDoc>('researcher_profiles', { user_id: john.id });
    expect(researchers).toHaveLength(1);
    expect(researchers[0]!.id).toBe(researcherProfileId(john.id));
    // The read model now answers, the same profile the request created.
    const answer = await get(john, `/api/v1/labs/${john.organization_id}`);
    expect(answer.body).toMatchObject({ id: labProfileId(john.organization_id), domain: 'Robotics' });
    expect(await typesIn(labStream(john.organization_id))).toEqual([
      'nexacore.LabProfileCreated',
      'nexacore.LabDomainChanged',
    ]);
  });
});
