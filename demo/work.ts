/**
 * The demo's work, as data: three projects, each with tasks in every state (created, assigned,
 * started, completed), a lead who creates and assigns them, and the person each is meant for.
 * People missing from a small demo are stood in for by the cast, in a fixed order. Due dates are
 * days from today: some completed tasks were due earlier (late), some later (on time).
 */
import type { Person } from './people.js';

export type TaskState = 'created' | 'assigned' | 'started' | 'completed';

export interface PlannedTask {
  title: string;
  description: string;
  state: TaskState;
  /** Who it is for (`created` tasks are for no one yet). */
  for: string | null;
  due_in_days: number | null;
}

export interface PlannedProject {
  name: string;
  description: string;
  /** The manager who runs it. */
  lead: string;
  tasks: readonly PlannedTask[];
}

const task = (
  title: string,
  state: TaskState,
  who: string | null,
  due_in_days: number | null,
  description: string,
): PlannedTask => ({ title, description, state, for: who, due_in_days });

export const PROJECTS: readonly PlannedProject[] = [
  {
    name: 'Vision Pipeline',
    description: 'Camera-trap image classification: the data, the models and the labelling tool.',
    lead: 'demo.marcus',
    tasks: [
      task('Collect the spring camera-trap images', 'completed', 'demo.kenji', -6, 'From the twelve field stations.'),
      task(
        'Label 5,000 images with the new tool',
        'completed',
        'demo.amara',
        3,
        'Two labels per image, disagreements reviewed.',
      ),
      task('Train the baseline ResNet', 'completed', 'demo.jonas', null, 'ResNet-50, ImageNet weights, our split.'),
      task(
        'Evaluate on the night-time subset',
        'started',
        'demo.kenji',
        5,
        'Infrared images only; per-species recall.',
      ),
      task('Speed up data loading', 'started', 'demo.ethan', 10, 'The GPU waits on JPEG decoding.'),
      task('Write the model card', 'assigned', 'demo.noah', 14, 'Intended use, limits, the evaluation numbers.'),
      task('Try a vision transformer', 'created', null, null, 'Is ViT-B worth its cost on our data?'),
    ],
  },
  {
    name: 'Language Models',
    description: "A small language model for the lab's notes: corpus, tokenizer, fine-tuning and evaluation.",
    lead: 'demo.priya',
    tasks: [
      task('Clean the lab-notes corpus', 'completed', 'demo.elena', -2, 'Drop duplicates and personal data.'),
      task('Train a domain tokenizer', 'completed', 'demo.sofia', 1, 'SentencePiece, 32k pieces.'),
      task('Fine-tune on the cleaned corpus', 'started', 'demo.elena', 7, 'LoRA on the 1B model.'),
      task('Build the evaluation harness', 'started', 'demo.mei', null, 'Perplexity plus three task suites.'),
      task('Red-team the summaries', 'assigned', 'demo.hannah', 12, 'Hallucinated numbers, wrong units.'),
      task('Compare with a retrieval baseline', 'created', null, null, 'BM25 over the notes as the bar to beat.'),
    ],
  },
  {
    name: 'Lab Platform',
    description: "Shared GPU scheduling, experiment tracking and the lab's dashboards.",
    lead: 'demo.diego',
    tasks: [
      task('Set up experiment tracking', 'completed', 'demo.liam', null, 'One server for every project.'),
      task('Migrate the GPU queue', 'completed', 'demo.omar', 2, 'From the old scheduler, without downtime.'),
      task('Quota alerts for the GPU cluster', 'started', 'demo.rahul', 4, 'Warn at 80 %, stop at 100 %.'),
      task('Onboarding guide for new researchers', 'assigned', 'demo.freya', 20, 'Accounts, GPUs, data, etiquette.'),
      task('Nightly backup of the datasets', 'assigned', 'demo.lucas', null, 'Versioned, checked, restorable.'),
      task('Single sign-on for the dashboards', 'created', null, null, 'Through the university login.'),
    ],
  },
];

/** The lead of a project in this cast: its own lead, else the cast's first manager, else the owner. */
export function leadOf(project: PlannedProject, cast: readonly Person[]): Person {
  const own = cast.find((p) => p.username === project.lead);
  return own ?? cast.find((p) => p.role === 'manager') ?? cast[0]!;
}

/** Who does a task in this cast: the person it is for, else a stand-in (everyone but the owner, in turn). */
export function assigneeOf(planned: PlannedTask, index: number, cast: readonly Person[]): Person | null {
  if (planned.for === null) return null;
  const own = cast.find((p) => p.username === planned.for);
  if (own) return own;
  const workers = cast.filter((p) => p.role !== 'owner');
  return workers[index % workers.length] ?? cast[0]!;
}

/** `YYYY-MM-DD`, `days` from the UTC date of `now`. */
export function dueDate(now: number, days: number | null): string | null {
  return days === null ? null : new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}
