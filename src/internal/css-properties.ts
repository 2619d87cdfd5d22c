/**
 * Sets CSS custom properties on an element through the CSSOM (`style.setProperty`). Lit's `styleMap` writes the
 * `style` attribute as a string on first render, which a page's `style-src` without 'unsafe-inline' refuses (a
 * `style-src-attr` violation, and the property is lost); the CSSOM is not subject to that directive.
 */
import { nothing } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

class CssPropertiesDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProperties() goes on an element: <div ${cssProperties({…})}>');
  }

  render(_properties: Record<string, string>): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]): typeof nothing {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return nothing;
  }
}

export const cssProperties = directive(CssPropertiesDirective);
