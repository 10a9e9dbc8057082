/** Light or dark: the system's choice until the user picks one, kept per browser. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'atlas.theme';

const systemDark = () => typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches;

export const useTheme = defineStore('theme', () => {
  const saved = localStorage.getItem(KEY);
  const choice = ref<ThemeChoice>(saved === 'light' || saved === 'dark' ? saved : 'system');
  const systemIsDark = ref(systemDark());
  const dark = computed(() => (choice.value === 'system' ? systemIsDark.value : choice.value === 'dark'));

  function apply(): void {
    document.documentElement.dataset['theme'] = dark.value ? 'dark' : 'light';
  }

  function toggle(): void {
    choice.value = dark.value ? 'light' : 'dark';
    localStorage.setItem(KEY, choice.value);
    apply();
  }

  if (typeof matchMedia !== 'undefined') {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
      systemIsDark.value = event.matches;
      apply();
    });
  }

  return { choice, dark, apply, toggle };
});
