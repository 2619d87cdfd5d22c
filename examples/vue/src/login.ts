/** Your backend's login, here the dev login of mfa-elements/vite: a new user, or a fresh mfa_token for one. */
export async function login(userId?: string): Promise<{ user_id: string; mfa_token: string }> {
  const response = await fetch('/mfa-dev/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(userId ? { user_id: userId } : {}),
  });
  if (!response.ok) throw new Error(`Login failed: HTTP ${response.status}`);
  return response.json();
}
