// Keyboard behaviour of WAI-ARIA tabs, shared by every tabbed screen: arrows move to
// the next or previous tab (wrapping), Home and End to the ends.

/** The tab a key press leads to, or null when the key does not move between tabs. */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const i = tabs.indexOf(current);
  const n = tabs.length;
  const next =
    key === "ArrowRight" ? (i + 1) % n
    : key === "ArrowLeft" ? (i + n - 1) % n
    : key === "Home" ? 0
    : key === "End" ? n - 1
    : -1;
  return next >= 0 ? (tabs[next] ?? null) : null;
}
