/** Every mfa-* DOM event the elements dispatch, with its detail, tokens shortened. */
import { html, render } from 'lit';

const EVENTS = ['mfa-verified', 'mfa-enrolled', 'mfa-error', 'mfa-step-change', 'mfa-recovery-codes-saved', 'mfa-authenticator-removed'];
const entries: { time: string; type: string; detail: string }[] = [];

/** Long opaque strings (tokens, codes) show their start only: a demo log is still a log. */
function shorten(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.length > 20 && !value.includes(' ')) return `${value.slice(0, 8)}…`;
  if (typeof value === 'string' && /^[A-Z0-9]{24}$/.test(value)) return `${value.slice(0, 4)}…`;
  return value;
}

export function startEventLog(container: HTMLElement): void {
  const draw = () =>
    render(
      entries.length
        ? entries.map(
            (e) => html`<li class="log__entry log__entry--${e.type}">
              <span class="log__time">${e.time}</span> <strong>${e.type}</strong>
              <code>${e.detail}</code>
            </li>`,
          )
        : html`<li class="log__empty">Events appear here as the elements dispatch them.</li>`,
      container,
    );
  for (const type of EVENTS) {
    document.addEventListener(type, (event) => {
      entries.unshift({
        time: new Date().toLocaleTimeString(),
        type,
        detail: JSON.stringify((event as CustomEvent).detail, shorten),
      });
      entries.length = Math.min(entries.length, 50);
      draw();
    });
  }
  draw();
}
