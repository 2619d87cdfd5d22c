import { mfaElements } from 'mfa-elements/vite';
import { defineConfig } from 'vite';

// In `vite` (development): /mfa-api, the MFA proxy in front of the Auth0 MFA simulator (or your tenant with AUTH0_*
// set), and /mfa-dev: the login that hands the page an mfa_token, and the simulator's control API the tests use.
export default defineConfig({ plugins: [mfaElements()] });
