// The manifest describes what the package ships: the compiled modules under dist/, each tag defined by its
// define entry (dist/define/<tag>.js). Editors read it, and scripts/editor-data.mjs turns it into their formats.
import { existsSync } from 'node:fs';

const shipped = (path) => path.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');

/** Every `path` and `module` of the manifest, from the source file to the JavaScript module it compiles to. */
function toShipped(node) {
  if (Array.isArray(node)) node.forEach(toShipped);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shipped(value);
      else toShipped(value);
    }
  }
}

export default {
  litelement: true,
  globs: ['src/components/**/*.component.ts', 'src/internal/mfa-element.ts'],
  plugins: [
    {
      // The base class's emit(type, detail) dispatches every element's events; the analyzer would list
      // its parameter as an event named "type". The real events come from each class's @fires.
      name: 'drop-emit-parameter',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'type');
          }
        }
      },
    },
    {
      name: 'shipped-modules-and-definitions',
      packageLinkPhase({ customElementsManifest }) {
        const definitions = customElementsManifest.modules.flatMap((module) =>
          (module.declarations ?? [])
            .filter((declaration) => declaration.tagName)
            .map((declaration) => {
              const path = `src/define/${declaration.tagName}.ts`;
              if (!existsSync(path)) throw new Error(`<${declaration.tagName}> has no define entry ${path}`);
              return {
              kind: 'javascript-module',
              path,
              declarations: [],
              exports: [
                { kind: 'js', name: declaration.name, declaration: { name: declaration.name, module: module.path } },
                { kind: 'custom-element-definition', name: declaration.tagName, declaration: { name: declaration.name, module: module.path } },
              ],
              };
            }),
        );
        customElementsManifest.modules.push(...definitions);
        toShipped(customElementsManifest);
      },
    },
  ],
};
