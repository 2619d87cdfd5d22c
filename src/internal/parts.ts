/** `<mfa-recovery-codes>`' parts, and the names the elements that embed it export them under: one list for both. */
export const RECOVERY_CODES_PARTS = ['codes', 'code', 'copy-button', 'actions', 'action', 'error', 'confirm', 'checkbox', 'button'];

/** Renamed where the host's own name would say less (`code` alone could be the host's code field). */
const RENAMED: Record<string, string> = { codes: 'recovery-codes-list', code: 'recovery-code' };

export const recoveryCodesExportParts = RECOVERY_CODES_PARTS.map((part) =>
  RENAMED[part] ? `${part}:${RENAMED[part]}` : part,
).join(', ');
