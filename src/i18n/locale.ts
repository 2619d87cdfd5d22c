/** Which language an element speaks, and its strings: built-in English, shipped translations loaded on demand, page overrides. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type StringKey, type Strings } from './en.ts';

export const SHIPPED = ['en', 'de', 'es', 'fr', 'ja', 'ar'] as const;
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

// A Map, not an object: `lang="constructor"` or `"__proto__"` must find nothing, not Object's own members.
const loaders = new Map<string, () => Promise<{ default: Strings }>>([
  ['de', () => import('./locales/de.ts')],
  ['es', () => import('./locales/es.ts')],
  ['fr', () => import('./locales/fr.ts')],
  ['ja', () => import('./locales/ja.ts')],
  ['ar', () => import('./locales/ar.ts')],
]);
const loaded = new Map<string, Promise<Strings>>([['en', Promise.resolve(en)]]);

export function loadStrings(language: string): Promise<Strings> {
  const base = language.toLowerCase().split('-')[0];
  const loader = loaders.get(base);
  if (!loader) return loaded.get('en')!;
  if (!loaded.has(base)) loaded.set(base, loader().then((m) => m.default, () => en));
  return loaded.get(base)!;
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : match));
}

type Host = ReactiveControllerHost & HTMLElement & { strings?: Partial<Strings> };

/** Follows the element's own `lang`, else the document's, and re-renders when either changes. */
export class LocaleController implements ReactiveController {
  language = 'en';
  #strings: Strings = en;
  #observer?: MutationObserver;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  get dir(): 'rtl' | 'ltr' {
    return RTL.has(this.language.split('-')[0]) ? 'rtl' : 'ltr';
  }

  t(key: StringKey, params?: Record<string, string | number>): string {
    return format(this.host.strings?.[key] ?? this.#strings[key] ?? en[key], params);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#resolve());
    this.#observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
  }

  #resolve(): void {
    const language = (this.host.lang || document.documentElement.lang || 'en').toLowerCase();
    if (language === this.language && this.#strings !== en) return;
    this.language = language;
    void loadStrings(language).then((strings) => {
      if (this.language !== language) return;
      this.#strings = strings;
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }
}
