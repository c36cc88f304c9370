// The one way the interface turns a message key into text.
// French is the only catalog today; a second one (English) plugs in here with the
// same keys, checked by the type `Catalog`.
import { fr, type MessageKey } from "./messages/fr";

export type { MessageKey };
type Catalog = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

const catalogs: Record<string, Catalog> = { fr };
export const locale = "fr-FR";
const catalog: Catalog = catalogs.fr as Catalog;
const plurals = new Intl.PluralRules(locale);
const numbers = new Intl.NumberFormat(locale);

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? numbers.format(v) : v;
  });
}

/** The text of `key` with its `{parameters}` filled in. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalog[key], params);
}

/**
 * Plural-aware text: uses `key` for one (in French, 0 and 1) and `key.plural`
 * otherwise, with `{count}` filled in.
 */
export function tp(key: MessageKey, count: number, params?: Params): string {
  const pluralKey = `${key}.plural` as MessageKey;
  const chosen = plurals.select(count) === "one" || !(pluralKey in catalog) ? key : pluralKey;
  return interpolate(catalog[chosen], { count, ...params });
}

/** True when `key` exists: used for keys built from enum values. */
export function has(key: string): key is MessageKey {
  return key in catalog;
}
