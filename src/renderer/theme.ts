/**
 * Light and dark: follows `prefers-color-scheme` until the user picks one with the toggle (kept
 * in localStorage, a display preference, not a decision). The resolved theme is set as
 * `data-theme` on <html>; the stylesheet and the graph colours read it.
 */
import { useEffect, useState } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'seam.theme';
const ORDER: ThemePreference[] = ['system', 'light', 'dark'];

function stored(): ThemePreference {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): { theme: Theme; preference: ThemePreference; cycle: () => void } {
  const [preference, setPreference] = useState<ThemePreference>(stored);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const change = (): void => setSystem(query.matches ? 'dark' : 'light');
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  const theme = preference === 'system' ? system : preference;
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  const cycle = (): void => {
    const next = ORDER[(ORDER.indexOf(preference) + 1) % ORDER.length]!;
    setPreference(next);
    try {
      if (next === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // storage unavailable: the choice lasts for this page
    }
  };
  return { theme, preference, cycle };
}
