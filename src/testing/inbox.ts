/** A user's inbox and phone: the email, sms and voice codes the simulator sent. */
import type { OutboxMessage } from '../simulator/control-types.ts';
import type { Connection } from './connection.ts';
import { userId, userQuery, type UserRef } from './users.ts';
import { waitFor, type WaitOptions } from './wait.ts';

export type Channel = OutboxMessage['channel'];

export class Inbox {
  constructor(
    readonly connection: Connection,
    readonly user: UserRef,
  ) {}

  /** Every message sent to the user, oldest first. */
  messages(): Promise<OutboxMessage[]> {
    return this.connection.call<OutboxMessage[]>('GET', `/__sim/outbox${userQuery(this.user)}`);
  }

  /** The code of the newest message (on `channel`, if given), waiting until there is one. */
  async lastCode(channel?: Channel, options?: WaitOptions): Promise<string> {
    const what = `${channel ? `${channel === 'voice' ? 'a voice' : `an ${channel}`} message` : 'a message'} to ${userId(this.user)}`;
    const message = await waitFor(what, async () => (await this.messages()).filter((m) => !channel || m.channel === channel).at(-1), options);
    return message.code;
  }
}
