/** `<mfa-recovery-codes>`' parts, and the names the elements that embed it export them under: one list for both. */
export const RECOVERY_CODES_PARTS = ['codes', 'code', 'copy-button', 'actions', 'action', 'error', 'confirm', 'checkbox', 'button'];

/** Renamed where the host's own name would say less (`code` alone could be the host's code field). */
const RENAMED: Record<string, string> = { codes: 'recovery-codes-list', code: 'recovery-code' };

export const recoveryCodesExportParts = RECOVERY_CODES_PARTS.map((part) =>
  RENAMED[part] ? `${part}:${RENAMED[part]}` : part,
).join(', ');

/** `<mfa-enroll>`'s parts but its card (`base`), re-exported as they are by `<mfa-authenticators>`, which shows it. */
export const enrollExportParts = [
  'heading', 'description', 'methods', 'method', 'qr-code', 'qr-expired', 'countdown', 'manual', 'secret', 'copy-button',
  'form', 'label', 'hint', 'input', 'error', 'button', 'link', 'status', 'recovery-codes',
  ...RECOVERY_CODES_PARTS.map((part) => RENAMED[part] ?? part),
]
  .filter((part, index, all) => all.indexOf(part) === index)
  .join(', ');
