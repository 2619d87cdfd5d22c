/** Your backend's login; here the simulator's control API (through `ng serve`'s proxy): a new user, or a fresh mfa_token. */
export async function login(userId?: string): Promise<{ user_id: string; mfa_token: string }> {
  const path = userId ? `/__sim/users/${encodeURIComponent(userId)}/mfa-token` : '/__sim/users';
  const response = await fetch(path, { method: 'POST' });
  if (!response.ok) throw new Error(`Login failed: HTTP ${response.status}`);
  return response.json();
}
