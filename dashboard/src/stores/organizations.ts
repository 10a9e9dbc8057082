/**
 * The organizations the signed-in user belongs to, with their role in each, and the one they
 * are looking at (from the URL when it names one; else the last one chosen, kept per browser).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { atlas, type MyOrganization } from '../api/atlas.js';
import { managesTeam } from '../lib/roles.js';

const LAST_KEY = 'atlas.organization';

export const useOrganizations = defineStore('organizations', () => {
  const list = ref<MyOrganization[] | null>(null);
  const currentId = ref<string | null>(localStorage.getItem(LAST_KEY));
  let loading: Promise<MyOrganization[]> | null = null;

  const current = computed<MyOrganization | null>(() => {
    const all = list.value ?? [];
    return all.find((o) => o.id === currentId.value) ?? all.find((o) => !o.personal) ?? all[0] ?? null;
  });
  const managesCurrent = computed(() => (current.value ? managesTeam(current.value.role) : false));

  function load(force = false): Promise<MyOrganization[]> {
    if (list.value && !force) return Promise.resolve(list.value);
    loading ??= atlas
      .organizations()
      .then((page) => (list.value = page.items))
      .finally(() => (loading = null));
    return loading;
  }

  function choose(id: string): void {
    currentId.value = id;
    localStorage.setItem(LAST_KEY, id);
  }

  function roleIn(id: string) {
    return list.value?.find((o) => o.id === id)?.role ?? null;
  }

  function clear(): void {
    list.value = null;
  }

  return { list, current, currentId, managesCurrent, load, choose, roleIn, clear };
});
