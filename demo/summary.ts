/** What `npm run demo` prints at the end: who to sign in as, with which password, and where to look. */
import type { DemoResult } from './demo.js';

const count = (n: number) => n.toLocaleString('en-US');

export function summaryOf(result: DemoResult, seconds: number): string {
  const { organization, activity, reviews, feedback } = result;
  const width = Math.max(...result.people.map((p) => p.username.length));
  const lines = [
    '',
    `"${organization.name}" is ready: organization ${organization.id} (${organization.timezone})`,
    `  ${result.people.length} people (${result.people.filter((p) => p.registered).length} registered now, ${result.members_added} added as members), ` +
      `${result.projects} projects, ${result.tasks} tasks (${result.work_changes} changes now)`,
    `  ${count(activity.generated)} activity minutes from ${activity.from} to ${activity.to}; ` +
      `${count(activity.records)} sent (the days not stored in full), ${count(activity.accepted)} accepted, ${count(activity.refused)} refused`,
    `  reviews: ${reviews.posted} new, ${reviews.existing} already there; ` +
      `peer feedback: ${feedback.posted} new, ${feedback.existing} already there`,
    ...(result.caught_up ? [] : ['  (the read models were still catching up: give the dashboard a moment)']),
    '',
    `Users (password for all: ${result.password}):`,
    ...result.people.map((p) => `  ${p.username.padEnd(width)}  ${p.role}`),
    '',
    `Team view: ${result.team_url}`,
    `Took ${seconds.toFixed(1)} s.`,
  ];
  return lines.join('\n');
}
