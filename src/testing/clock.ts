/** The simulator's clock: what time Auth0 thinks it is, moved forward to expire codes and tokens without waiting. */
import type { ClockAnswer } from '../simulator/control-types.ts';
import type { Connection } from './connection.ts';

/** Seconds, or a number with a unit: `'500ms'`, `'30s'`, `'5m'`, `'24h'`, `'7d'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_S = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A Duration in seconds; anything else is a TypeError naming what is accepted. */
export function toSeconds(duration: Duration): number {
  if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) return duration;
  const match = typeof duration === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration.trim()) : null;
  if (!match) throw new TypeError(`Not a duration: ${JSON.stringify(duration)}. Give seconds (30) or '500ms', '30s', '5m', '24h', '7d'.`);
  return Number(match[1]) * UNIT_S[match[2] as keyof typeof UNIT_S];
}

export class SimulatorClock {
  constructor(readonly connection: Connection) {}

  /** The simulator's time: real time plus what advance() added (or only that, with a frozen clock). */
  async now(): Promise<Date> {
    return new Date((await this.connection.call<ClockAnswer>('GET', '/__sim/clock')).now);
  }

  /** Moves the simulator's time forward and answers the new time. */
  async advance(duration: Duration): Promise<Date> {
    const answer = await this.connection.call<ClockAnswer>('POST', '/__sim/clock', { json: { advance_s: toSeconds(duration) } });
    return new Date(answer.now);
  }
}
