/**
 * A screen whose code is loaded when first needed, not at start: the first screen
 * (the council list) then shows without parsing the code of the sixteen others
 * (bench/start_memory.py measures it). Once the first screen is drawn, App loads all of
 * them in the background, so that moving between screens does not wait either.
 */
export class LazyScreen<T> {
  /** The component once loaded; reactive, so the screen appears as soon as it is. */
  current = $state.raw<T | null>(null);
  #loading: Promise<T> | null = null;
  readonly #importer: () => Promise<{ default: T }>;

  constructor(importer: () => Promise<{ default: T }>) {
    this.#importer = importer;
  }

  /** Loads the component once; later calls give the same promise. */
  load(): Promise<T> {
    if (this.#loading === null) {
      this.#loading = this.#importer().then(
        (m) => (this.current = m.default),
        (e: unknown) => {
          // Embedded files do not fail to load; if one did, the next visit tries again.
          this.#loading = null;
          throw e;
        },
      );
    }
    return this.#loading;
  }
}
