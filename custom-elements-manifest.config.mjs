// The base class's emit(type, detail) dispatches every element's events; the analyzer would list
// its parameter as an event named "type". The real events come from each class's @fires.
export default {
  litelement: true,
  globs: ['src/components/**/*.component.ts', 'src/internal/mfa-element.ts', 'src/internal/flow-element.ts'],
  plugins: [
    {
      name: 'drop-emit-parameter',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'type');
          }
        }
      },
    },
  ],
};
