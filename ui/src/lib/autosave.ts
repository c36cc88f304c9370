// When the minutes editor saves: after a pause in typing, but never later than a
// maximum wait after the first unsaved keystroke, so steady typing is saved too.

export const DEBOUNCE_MS = 800;
export const MAX_WAIT_MS = 1500;

/** Milliseconds to wait before saving, given when the oldest unsaved key was typed. */
export function autosaveDelay(dirtySince: number, now: number, debounce = DEBOUNCE_MS, maxWait = MAX_WAIT_MS): number {
  return Math.max(0, Math.min(debounce, dirtySince + maxWait - now));
}
