import react from '@vitejs/plugin-react';
import { mfaElements } from 'mfa-elements/vite';
import { defineConfig } from 'vite';

// mfaElements(): /mfa-api (the MFA proxy in front of the simulator, or your tenant with AUTH0_* set) and /mfa-dev/login.
export default defineConfig({ plugins: [react(), mfaElements()] });
