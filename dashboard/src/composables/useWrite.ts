/**
 * One write to an API from a form or a button: busy while it runs (the control is disabled), and
 * the problem when it fails (shown with `ProblemNote`, per field with `problem.fieldError`).
 * `run` resolves the work's value, or undefined when it failed.
 */
import { ref, type Ref } from 'vue';
import { asProblem, type ProblemError } from '../api/problem.js';

export interface Write {
  busy: Ref<boolean>;
  problem: Ref<ProblemError | null>;
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
}

export function useWrite(): Write {
  const busy = ref(false);
  const problem = ref<ProblemError | null>(null) as Ref<ProblemError | null>;

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    problem.value = null;
    try {
      return await work();
    } catch (caught) {
      problem.value = asProblem(caught);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, problem, run };
}
