/**
 * A view's data: loading, the answer, and the problem when it fails, reloaded when its inputs
 * change. A reload keeps the last answer on screen (no flash of "Loading…" on a live update).
 */
import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue';
import { asProblem, type ProblemError } from '../api/problem.js';

export interface Loaded<T> {
  data: Ref<T | null>;
  error: Ref<ProblemError | null>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, sources: WatchSource[] = []): Loaded<T> {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const error = ref<ProblemError | null>(null) as Ref<ProblemError | null>;
  const loading = ref(false);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await load();
      if (mine !== generation) return;
      data.value = value;
      error.value = null;
    } catch (caught) {
      if (mine !== generation) return;
      error.value = asProblem(caught);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch(sources, () => void reload(), { immediate: true });
  return { data, error, loading, reload };
}
