/**
 * The range a productivity view shows, from its URL (`?from&to`; none = this week), with "today"
 * in the zone the view's answer cuts days in (it moves at that zone's midnight while the page is
 * open). `choose` puts a range in the URL, so the link shows the same figures to anyone.
 */
import { computed, onScopeDispose, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { rangeFromQuery, type DateRange } from '../../lib/ranges.js';
import { localDate } from '../../lib/zoned.js';

export function useRangeQuery(zone: () => string | null) {
  const route = useRoute();
  const router = useRouter();
  const now = ref(Date.now());
  const tick = setInterval(() => (now.value = Date.now()), 60_000);
  onScopeDispose(() => clearInterval(tick));

  const today = computed(() => {
    const z = zone();
    return z ? localDate(z, now.value) : null;
  });
  const result = computed(() =>
    today.value ? rangeFromQuery({ from: route.query['from'], to: route.query['to'] }, today.value) : null,
  );
  const range = computed<DateRange | null>(() => (result.value?.ok ? result.value.range : null));
  /** Changes only when the dates do: a watch source for the loads. */
  const key = computed(() => (range.value ? `${range.value.from}|${range.value.to}` : null));
  const errors = computed(() => (result.value && !result.value.ok ? result.value.errors : {}));
  /** The dates the URL asks for, as written (to fill the form when they are not a valid range). */
  const asked = computed(() => ({ from: String(route.query['from'] ?? ''), to: String(route.query['to'] ?? '') }));

  function choose(next: DateRange): void {
    void router.push({ query: { ...route.query, from: next.from, to: next.to } });
  }

  return { today, range, key, errors, asked, choose };
}
