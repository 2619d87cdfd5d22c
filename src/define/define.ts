/** Registers a tag once: a page (or two bundles of ours) may import a define entry twice. */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
