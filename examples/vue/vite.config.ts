import vue from '@vitejs/plugin-vue';
import { mfaElements } from 'mfa-elements/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // The mfa-* tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('mfa-') } } }),
    // /mfa-api (the MFA proxy in front of the simulator, or your tenant with AUTH0_* set) and /mfa-dev/login.
    mfaElements(),
  ],
});
