/**
 * A view that follows a live stream tells the components inside it that something changed: it
 * provides a counter, bumped once per (debounced) notice, and each component reloads its own data
 * when the counter moves. One stream per view, however many components load their own lists.
 */
import { inject, provide, ref, type InjectionKey, type Ref } from 'vue';

const KEY: InjectionKey<Ref<number>> = Symbol('atlas.change-tick');

/** In the view: the counter to bump, provided to every component below. */
export function provideChangeTick(): { tick: Ref<number>; bump: () => void } {
  const tick = ref(0);
  provide(KEY, tick);
  return { tick, bump: () => void (tick.value += 1) };
}

/** In a component: the view's counter (one that never moves when no view provides it). */
export function useChangeTick(): Ref<number> {
  return inject(KEY, ref(0));
}
