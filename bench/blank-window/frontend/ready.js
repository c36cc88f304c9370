// The same "first screen shown" signal as Quorum's council list (firstScreenShown in
// ui/src/lib/api.ts): after a frame, once fonts are ready, after one more frame, call
// the backend's `first_screen_shown`. No bundler here, so Tauri 2's IPC entry point
// (what @tauri-apps/api's `invoke` calls) is used directly.
const nextPaint = () => new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
nextPaint()
  .then(() => document.fonts.ready)
  .then(nextPaint)
  .then(() => window.__TAURI_INTERNALS__.invoke("first_screen_shown"))
  .catch(() => {});
