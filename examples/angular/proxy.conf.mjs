// `ng serve` sends the elements' API to `mfa-proxy --prefix /mfa-api` and the login to `mfa-simulator`
// (`npm run simulator`, `npm run proxy`); MFA_PROXY_URL and MFA_SIMULATOR_URL name other ports.
export default {
  '/mfa-api': { target: process.env.MFA_PROXY_URL ?? 'http://127.0.0.1:4020' },
  '/__sim': { target: process.env.MFA_SIMULATOR_URL ?? 'http://127.0.0.1:4010' },
};
