// The same challenge with the bare tag: React 19 sets tokenProvider as a property and listens to onmfa-verified.
// Importing mfa-elements/react (App.tsx does) registers the tag and declares it for JSX; tsc checks this file.
export function BareChallenge({ tokenProvider, onVerified }: { tokenProvider: () => Promise<string>; onVerified: (factor: string) => void }) {
  return (
    <mfa-challenge
      api-base="/mfa-api"
      tokenProvider={tokenProvider}
      onmfa-verified={(event) => onVerified(event.detail.authenticator.authenticator_type)}
    />
  );
}
