/** Out-of-band transactions: codes sent by email, sms and voice, and push requests to the Guardian app. */
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import * as random from './random.ts';
import { OOB_CODE_TTL_S, POLL_INTERVAL_S, type Authenticator, type OobTransaction, type User } from './state.ts';

function takeSend(ctx: Context, user: User, authenticator: Authenticator): void {
  const now = ctx.clock.now();
  const bucket = ctx.state.sendBucket(user, authenticator.oob_channel!);
  if (!bucket.take(now)) {
    const retryAfter = bucket.retryAfterS(now);
    throw errors.rateLimited(bucket.capacity, retryAfter, Math.ceil(now / 1000) + retryAfter);
  }
}

/** Starts an oob transaction for `authenticator`: sends a code, or a push to the Guardian app. */
export function startOob(
  ctx: Context,
  user: User,
  authenticator: Authenticator,
  activates: string[] = [],
): OobTransaction {
  takeSend(ctx, user, authenticator);
  const channel = authenticator.oob_channel!;
  const tx: OobTransaction = {
    oobCode: random.sealedToken(),
    userId: user.user_id,
    channel,
    activates,
    authenticatorId: authenticator.id,
    expiresAt: ctx.clock.now() + OOB_CODE_TTL_S * 1000,
    state: 'pending',
    intervalS: POLL_INTERVAL_S,
  };
  if (channel === 'auth0') {
    tx.guardianId = random.opaqueId();
    if (activates.length) tx.enrollmentTxId = random.enrollmentTxId();
  } else {
    tx.bindingCode = random.bindingCode();
    ctx.state.outbox.push({
      user_id: user.user_id,
      channel,
      to: authenticator.address!,
      code: tx.bindingCode,
      sent_at: new Date(ctx.clock.now()).toISOString(),
    });
  }
  ctx.state.transactions.set(tx.oobCode, tx);
  return tx;
}

export const isExpired = (ctx: Context, tx: OobTransaction): boolean => tx.expiresAt <= ctx.clock.now();
