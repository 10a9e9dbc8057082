/**
 * Who is in the demo organization: twenty people with a role, a working rhythm, a time zone,
 * devices and a researcher profile. The list is ordered so that a small demo (`--members 5`)
 * still has an owner, a manager, a night owl, someone on leave and a part-timer.
 */
import type { RhythmName } from './rhythms.js';

export type Role = 'owner' | 'manager' | 'member';

/** How someone uses the keyboard and the mouse: per active second, scaled by what they are doing. */
export interface InputStyle {
  keys_per_second: number;
  clicks_per_minute: number;
  scrolls_per_minute: number;
  mouse_px_per_second: number;
}

export interface Person {
  username: string;
  email: string;
  role: Role;
  rhythm: RhythmName;
  /** IANA zone of where they work: their productivity profile's `timezone`. */
  timezone: string;
  /** Their machines; a second one is used in the evenings. */
  devices: readonly [string, ...string[]];
  expertise: readonly string[];
  years_experience: number;
  style: InputStyle;
}

/** The organization the demo fills (found by this name among the owner's organizations). */
export const ORGANIZATION = {
  name: 'Demo Lab',
  timezone: 'Europe/Berlin',
  lab_name: 'Demo Lab',
  domain: 'Applied Machine Learning',
} as const;

/** Everyone signs in with it: a demo, not a secret. */
export const DEMO_PASSWORD = 'demo-lab-password';

export const MAX_MEMBERS = 20;

const coder: InputStyle = {
  keys_per_second: 1.6,
  clicks_per_minute: 6,
  scrolls_per_minute: 8,
  mouse_px_per_second: 70,
};
const writer: InputStyle = {
  keys_per_second: 2.2,
  clicks_per_minute: 4,
  scrolls_per_minute: 5,
  mouse_px_per_second: 45,
};
const analyst: InputStyle = {
  keys_per_second: 0.9,
  clicks_per_minute: 12,
  scrolls_per_minute: 15,
  mouse_px_per_second: 120,
};
const lead: InputStyle = {
  keys_per_second: 1.1,
  clicks_per_minute: 10,
  scrolls_per_minute: 10,
  mouse_px_per_second: 90,
};

type Entry = [
  name: string,
  role: Role,
  rhythm: RhythmName,
  timezone: string,
  expertise: readonly string[],
  years: number,
  style: InputStyle,
  second_device?: boolean,
];

const ROSTER: readonly Entry[] = [
  ['olivia', 'owner', 'regular', 'Europe/Berlin', ['Research Strategy', 'Machine Learning'], 16, lead],
  ['marcus', 'manager', 'early_bird', 'Europe/London', ['Project Management', 'Data Engineering'], 11, lead],
  ['kenji', 'member', 'night_owl', 'Asia/Tokyo', ['Computer Vision', 'CUDA'], 6, coder, true],
  ['noah', 'member', 'on_leave', 'Europe/Berlin', ['Statistics', 'Causal Inference'], 8, analyst],
  ['amara', 'member', 'part_timer', 'Africa/Lagos', ['Data Visualization', 'UX Research'], 4, analyst],
  ['priya', 'manager', 'regular', 'Asia/Kolkata', ['NLP', 'Team Leadership'], 10, lead],
  ['sofia', 'member', 'regular', 'Europe/Madrid', ['Reinforcement Learning', 'Robotics'], 5, coder],
  ['liam', 'member', 'early_bird', 'America/New_York', ['MLOps', 'Kubernetes'], 7, coder],
  ['elena', 'member', 'night_owl', 'America/Sao_Paulo', ['NLP', 'Speech Recognition'], 3, writer],
  ['jonas', 'member', 'regular', 'Europe/Berlin', ['Computer Vision', 'Edge Computing'], 9, coder],
  ['mei', 'member', 'regular', 'Asia/Shanghai', ['Graph Neural Networks', 'Machine Learning'], 5, coder],
  ['diego', 'manager', 'flexible', 'America/Mexico_City', ['Product Management', 'Data Engineering'], 12, lead, true],
  ['hannah', 'member', 'part_timer', 'Europe/Vienna', ['Technical Writing', 'NLP'], 6, writer],
  ['omar', 'member', 'early_bird', 'Asia/Dubai', ['Data Engineering', 'MLOps'], 8, coder],
  ['chloe', 'member', 'regular', 'America/Los_Angeles', ['Human-Computer Interaction', 'UX Research'], 4, analyst],
  ['lucas', 'member', 'night_owl', 'Europe/Paris', ['Reinforcement Learning', 'Game AI'], 2, coder],
  ['aisha', 'member', 'regular', 'Africa/Nairobi', ['Statistics', 'Bioinformatics'], 7, analyst],
  ['ethan', 'member', 'regular', 'Australia/Sydney', ['Computer Vision', 'Robotics'], 5, coder],
  ['freya', 'member', 'flexible', 'Europe/Stockholm', ['Machine Learning', 'Privacy'], 9, writer],
  ['rahul', 'member', 'early_bird', 'Asia/Singapore', ['Distributed Systems', 'MLOps'], 10, coder],
];

function personOf([name, role, rhythm, timezone, expertise, years, style, secondDevice]: Entry): Person {
  return {
    username: `demo.${name}`,
    email: `${name}@demo-lab.example`,
    role,
    rhythm,
    timezone,
    devices: secondDevice ? [`${name}-laptop`, `${name}-desktop`] : [`${name}-laptop`],
    expertise,
    years_experience: years,
    style,
  };
}

/** The first `members` people of the roster (3..20): the owner first. */
export function castOf(members: number): Person[] {
  if (!Number.isInteger(members) || members < 3 || members > MAX_MEMBERS)
    throw new RangeError(`members must be an integer from 3 to ${MAX_MEMBERS}`);
  return ROSTER.slice(0, members).map(personOf);
}
