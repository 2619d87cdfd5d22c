/** Empty on purpose: the host already holds the codes, and the event carries nothing secret. */
export type MfaRecoveryCodesSavedDetail = Record<string, never>;

export type MfaRecoveryCodesSavedEvent = CustomEvent<MfaRecoveryCodesSavedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-recovery-codes-saved': MfaRecoveryCodesSavedEvent;
  }
}
