// Editor data generated from custom-elements.json, as Shoelace ships it: VS Code's custom HTML data
// (dist/vscode.html-custom-data.json) and JetBrains web-types (dist/web-types.json, package.json's `web-types`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The manifest's custom elements, with the attributes, properties and events they inherit. */
function elementsOf(manifest) {
  return manifest.modules.flatMap((module) => (module.declarations ?? []).filter((declaration) => declaration.tagName));
}

const typeOf = (item) => item.type?.text ?? 'string';

function vscodeData(elements) {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((element) => ({
      name: element.tagName,
      description: [
        element.description,
        ...(element.events?.length ? ['', 'Events:', ...element.events.map((event) => `- \`${event.name}\`: ${event.description ?? ''}`)] : []),
      ].join('\n'),
      attributes: (element.attributes ?? []).map((attribute) => ({ name: attribute.name, description: attribute.description ?? '' })),
    })),
  };
}

function webTypes(elements, pkg) {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elements.map((element) => {
          const events = (element.events ?? []).map((event) => ({ name: event.name, description: event.description ?? '' }));
          return {
            name: element.tagName,
            description: element.description ?? '',
            attributes: (element.attributes ?? []).map((attribute) => ({
              name: attribute.name,
              description: attribute.description ?? '',
              value: { type: typeOf(attribute) },
            })),
            events,
            js: {
              properties: (element.members ?? [])
                .filter((member) => member.kind === 'field' && !member.static && (member.privacy ?? 'public') === 'public')
                .map((member) => ({ name: member.name, description: member.description ?? '', value: { type: typeOf(member) } })),
              events,
            },
          };
        }),
      },
    },
  };
}

export function writeEditorData(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const elements = elementsOf(manifest);
  if (!elements.length) throw new Error('custom-elements.json lists no custom element: run npm run analyze');
  writeFileSync(join(root, 'dist', 'vscode.html-custom-data.json'), `${JSON.stringify(vscodeData(elements), null, 2)}\n`);
  writeFileSync(join(root, 'dist', 'web-types.json'), `${JSON.stringify(webTypes(elements, pkg), null, 2)}\n`);
}
