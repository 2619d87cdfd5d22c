import { useState } from 'react';
import { MfaChallenge, MfaEnroll } from 'mfa-elements/react';
import { login } from './login.ts';

type Step = 'signed-out' | 'enroll' | 'enrolled' | 'challenge' | 'verified';

export function App() {
  const [userId, setUserId] = useState('');
  const [step, setStep] = useState<Step>('signed-out');
  const [factor, setFactor] = useState('');
  const tokenProvider = async () => (await login(userId)).mfa_token;

  async function signUp() {
    setUserId((await login()).user_id);
    setStep('enroll');
  }

  return (
    <main>
      <h1>mfa-elements in React</h1>
      {step === 'signed-out' && <button onClick={signUp}>New user</button>}
      {step === 'enroll' && (
        <MfaEnroll apiBase="/mfa-api" factor="otp" tokenProvider={tokenProvider} onMfaEnrolled={() => setStep('enrolled')} />
      )}
      {step === 'enrolled' && (
        <p>
          Enrolled. <button onClick={() => setStep('challenge')}>Sign in again</button>
        </p>
      )}
      {step === 'challenge' && (
        <MfaChallenge
          apiBase="/mfa-api"
          tokenProvider={tokenProvider}
          onMfaVerified={(event) => {
            setFactor(event.detail.authenticator.authenticator_type);
            setStep('verified');
          }}
        />
      )}
      {step === 'verified' && <p role="status">Verified with {factor}.</p>}
    </main>
  );
}
