/**
 * Copy to the clipboard, the one way every element does it: the value is handed over as a value (never read back
 * from the DOM or an attribute); when the page may not write the clipboard (no permission, no focus, no API), the
 * shown text is selected instead, so that the user can copy it by hand.
 */
export interface CopyHost {
  readonly renderRoot: ParentNode;
  readonly updateComplete: Promise<unknown>;
}

/** Writes `value`; rejects when the page may not. */
export const copyValue = (value: string): Promise<void> => navigator.clipboard.writeText(value);

/** After a refused copy, once the host shows its message: selects the text of `shown` for a copy by hand. */
export async function selectShown(host: CopyHost, shown: string): Promise<void> {
  await host.updateComplete;
  const node = host.renderRoot.querySelector(shown);
  if (node) getSelection()?.selectAllChildren(node);
}
