/**
 * The whole demo, step by step, through the services' APIs only: the people, the organization
 * and its members, who they are (lab, researchers, settings), the work, a month of activity, and
 * the reviews and feedback. Every step finds what is there and adds what is missing, so a second
 * run adds nothing, and a run on a later day adds the minutes since.
 */
import { signIn, type Account } from './accounts.js';
import { generateActivity } from './activity.js';
import { AtlasClient } from './api/atlas.js';
import { CodeCraftersClient, NexaCoreClient, ScoreSquadClient } from './api/partners.js';
import type { DemoOptions } from './options.js';
import { ensureMembers, ensureOrganization, type Organization } from './organization.js';
import { castOf, DEMO_PASSWORD, type Person, type Role } from './people.js';
import { inParallel } from './pool.js';
import { missingRecords } from './missing.js';
import { batchesOf, postActivity, type Batch, type Sent } from './posting.js';
import { describeLab, describeResearchers, setWorkSettings } from './profiles.js';
import { silentProgress, type Progress } from './progress.js';
import { ensureWork, tasksByAssignee } from './projects.js';
import { plannedFeedback, plannedReviews, postFeedback, postReviews, type Posted } from './reviews.js';
import { caughtUp } from './settle.js';
import type { DemoUrls } from './settings.js';
import { localTime } from '../write/codecrafters/local-time.js';

/** The window starts this much after "days ago", so that its first minutes are not too old by the time they arrive. */
const WINDOW_MARGIN_MS = 10 * 60_000;

export interface DemoResult {
  organization: Organization;
  people: { username: string; role: Role; user_id: number; registered: boolean }[];
  password: string;
  members_added: number;
  projects: number;
  tasks: number;
  /** Projects and tasks created, and task steps taken, by this run. */
  work_changes: number;
  /** Minutes generated for the window, and what was sent of them (the days not stored in full yet). */
  activity: Sent & { generated: number; generated_seconds: number; from: string; to: string };
  reviews: Posted;
  feedback: Posted;
  /** Whether the read models had caught up when the run ended. */
  caught_up: boolean;
  team_url: string;
}

export interface RunHooks {
  /** The clock (epoch ms); tests fix it. */
  now?: () => number;
  progress?: Progress;
  /** One line per step. */
  say?: (line: string) => void;
}

export async function runDemo(urls: DemoUrls, options: DemoOptions, hooks: RunHooks = {}): Promise<DemoResult> {
  const now = hooks.now?.() ?? Date.now();
  const say = hooks.say ?? (() => undefined);
  const progress = hooks.progress ?? silentProgress;
  const atlas = new AtlasClient(urls.atlas);
  const nexacore = new NexaCoreClient(urls.nexacore);
  const codecrafters = new CodeCraftersClient(urls.codecrafters);
  const scoresquad = new ScoreSquadClient(urls.scoresquad);
  const cast = castOf(options.members);

  say(`signing in ${cast.length} people (registering those who are new)`);
  const accounts = await inParallel(cast, 4, (person) => signIn(atlas, person, DEMO_PASSWORD));
  const byName = new Map(accounts.map((a) => [a.person.username, a]));
  const accountOf = (person: Person): Account => byName.get(person.username)!;
  const owner = accounts[0]!;
  try {
    const organization = await ensureOrganization(atlas, owner);
    say(`${organization.created ? 'created' : 'found'} the organization "${organization.name}" (${organization.id})`);
    const { members, added } = await ensureMembers(atlas, owner, organization, accounts);

    say('describing the lab, the researchers and their working hours');
    await Promise.all([
      describeLab(nexacore, owner, organization.id),
      describeResearchers(nexacore, accounts),
      setWorkSettings(codecrafters, accounts, organization.id),
    ]);

    say('projects and tasks');
    const work = await ensureWork(atlas, organization, owner, cast, accountOf, now);

    const from = Math.ceil((now - options.days * 86_400_000 + WINDOW_MARGIN_MS) / 60_000) * 60_000;
    say(`generating ${options.days} days of activity (seed "${options.seed}")`);
    const tasks = tasksByAssignee(work);
    const batches: Batch[] = [];
    let generated = 0;
    let generatedSeconds = 0;
    for (const account of accounts) {
      const { person } = account;
      const records = generateActivity({
        seed: options.seed,
        person,
        user_id: account.user_id,
        task_ids: tasks.get(account.user_id) ?? [],
        from,
        now,
      });
      generated += records.length;
      for (const record of records) generatedSeconds += record.active_seconds;
      const [first, last] = [localTime(person.timezone, from).date, localTime(person.timezone, now).date];
      const stored = await codecrafters.userDays(await account.token(), account.user_id, first, last);
      const missing = missingRecords(records, person.timezone, stored);
      batches.push(...batchesOf(missing).map((piece) => ({ account, records: piece })));
    }
    progress.start(batches.reduce((n, b) => n + b.records.length, 0));
    let sent: Sent;
    try {
      sent = await postActivity(codecrafters, batches, (done) => progress.update(done));
    } finally {
      progress.stop();
    }

    say('reviews and peer feedback');
    const userIdOf = (person: Person) => accountOf(person).user_id;
    const reviews = await postReviews(
      scoresquad,
      plannedReviews({ seed: options.seed, cast, members, userIdOf, organization, now }),
      accountOf,
    );
    const period = localTime(organization.timezone, now).date.slice(0, 7);
    const feedback = await postFeedback(
      scoresquad,
      plannedFeedback({ seed: options.seed, cast, userIdOf, projects: work.projects, period }),
      accountOf,
    );

    say('waiting for the read models to catch up');
    const caught_up = await caughtUp(urls);
    return {
      organization,
      people: accounts.map((a) => ({
        username: a.person.username,
        // As Atlas has it: a role someone changed since is not changed back.
        role: members.find((m) => m.user_id === a.user_id)?.role ?? a.person.role,
        user_id: a.user_id,
        registered: a.registered,
      })),
      password: DEMO_PASSWORD,
      members_added: added,
      projects: work.projects.length,
      tasks: work.projects.reduce((n, p) => n + p.tasks.length, 0),
      work_changes: work.changes,
      activity: {
        ...sent,
        generated,
        generated_seconds: generatedSeconds,
        from: new Date(from).toISOString(),
        to: new Date(now).toISOString(),
      },
      reviews,
      feedback,
      caught_up,
      team_url: `${urls.dashboard}/organizations/${organization.id}/productivity`,
    };
  } finally {
    await Promise.allSettled(accounts.map((a) => a.signOut()));
  }
}
