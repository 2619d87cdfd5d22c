import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.ts';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/define/mfa-recovery-codes.ts';
import type { MfaRecoveryCodes } from '../../src/components/mfa-recovery-codes/mfa-recovery-codes.component.ts';
import ar from '../../src/i18n/locales/ar.ts';

const CODE = 'N3BGPZZWJ85JLCNPZBDW6QXC';
const CODE_2 = 'Q7RT2K9MXW4HBC8DLP3VZN6F';
const TITLE = `Recovery code for ${location.hostname}`;

const shadow = (el: MfaRecoveryCodes) => el.shadowRoot!;
const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
/** The text a sighted user sees on a button (the label it is not showing is visibility: hidden). */
const shownLabel = (button: HTMLButtonElement) =>
  [...button.querySelectorAll('.swap > span')].find((s) => !s.hasAttribute('data-off'))?.textContent ??
  squash(button.textContent);
const buttonNamed = (el: MfaRecoveryCodes, name: string) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? shownLabel(b)) === name,
  );
const checkbox = (el: MfaRecoveryCodes) => shadow(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
const continueButton = (el: MfaRecoveryCodes) => shadow(el).querySelector<HTMLButtonElement>('[part="button"]')!;
const status = (el: MfaRecoveryCodes) => squash(shadow(el).querySelector('[role="status"]')!.textContent);
const alert = (el: MfaRecoveryCodes) => squash(shadow(el).querySelector('[role="alert"]')?.textContent);
const focused = (el: MfaRecoveryCodes) => shadow(el).activeElement as HTMLElement | null;

/** Every attribute value on the host and in its shadow tree. */
const attributeValues = (el: MfaRecoveryCodes) =>
  [el, ...shadow(el).querySelectorAll('*')].flatMap((node) => [...node.attributes].map((a) => a.value));

async function render(codes: string[] = [CODE], attributes = ''): Promise<MfaRecoveryCodes> {
  const el = await fixture<MfaRecoveryCodes>(
    attributes === 'headless'
      ? html`<mfa-recovery-codes headless .codes=${codes}></mfa-recovery-codes>`
      : html`<mfa-recovery-codes .codes=${codes}></mfa-recovery-codes>`,
  );
  await el.updateComplete;
  return el;
}

describe('<mfa-recovery-codes>', () => {
  afterEach(() => sinon.restore());

  it('shows the code in groups of four with its actions, and Continue disabled', async () => {
    const el = await render();
    expect(squash(shadow(el).querySelector('h2')!.textContent)).to.equal('Save your recovery code');
    expect(shadow(el).querySelector('h2')!.getAttribute('tabindex')).to.equal('-1');
    expect(squash(shadow(el).querySelector('[part="description"]')!.textContent)).to.match(/shown only once/);
    const codes = shadow(el).querySelectorAll('[part="code"]');
    expect(codes).to.have.length(1);
    const groups = [...codes[0].querySelectorAll('.code__group')].map((g) => g.textContent);
    expect(groups).to.deep.equal(['N3BG', 'PZZW', 'J85J', 'LCNP', 'ZBDW', '6QXC']);
    expect(getComputedStyle(codes[0]).fontFamily).to.match(/mono/i);

    const copy = buttonNamed(el, 'Copy recovery code')!;
    expect(copy, 'the copy button names what it copies').to.exist;
    expect(shownLabel(copy)).to.equal('Copy');
    expect(buttonNamed(el, 'Copy all'), 'no Copy all for a single code').to.be.undefined;
    expect(buttonNamed(el, 'Download')).to.exist;
    expect(buttonNamed(el, 'Print')).to.exist;
    expect(checkbox(el).checked).to.be.false;
    expect(checkbox(el).required).to.be.true;
    expect(squash(checkbox(el).closest('label')!.textContent)).to.equal('I have saved my recovery code');
    expect(squash(continueButton(el).textContent)).to.equal('Continue');
    expect(continueButton(el).disabled).to.be.true;
    await expect(el).to.be.accessible();
  });

  it('never puts a code in an attribute', async () => {
    const el = await render([CODE, CODE_2]);
    expect(el.hasAttribute('codes')).to.be.false;
    for (const value of attributeValues(el)) {
      expect(value.replace(/\s/g, '')).not.to.include(CODE);
      expect(value.replace(/\s/g, '')).not.to.include(CODE_2);
    }
  });

  it('enables Continue only once the box is checked, and Continue emits mfa-recovery-codes-saved', async () => {
    const el = await render();
    let early = 0;
    const count = () => early++;
    el.addEventListener('mfa-recovery-codes-saved', count);
    continueButton(el).click();
    expect(early, 'a disabled Continue emits nothing').to.equal(0);
    el.removeEventListener('mfa-recovery-codes-saved', count);

    checkbox(el).click();
    await el.updateComplete;
    expect(continueButton(el).disabled).to.be.false;
    await expect(el).to.be.accessible();

    checkbox(el).click();
    await el.updateComplete;
    expect(continueButton(el).disabled, 'unchecking disables it again').to.be.true;
    checkbox(el).click();
    await el.updateComplete;

    const saved = oneEvent(document, 'mfa-recovery-codes-saved');
    continueButton(el).click();
    const event = await saved;
    expect(event.detail).to.deep.equal({});
    expect(event.bubbles && event.composed).to.be.true;
  });

  it('copies a code without its spaces, says Copied for 2 s, and announces it', async () => {
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await render(['N3BG PZZW J85J LCNP ZBDW 6QXC']);
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const copy = buttonNamed(el, 'Copy recovery code')!;
    copy.click();
    await writeText.firstCall.returnValue;
    await el.updateComplete;
    expect(writeText).to.have.been.calledOnceWithExactly(CODE);
    expect(status(el), 'the copy is announced').to.equal('Copied');
    expect(shownLabel(copy)).to.equal('Copied');
    expect(copy.getAttribute('aria-label'), 'the name stays').to.equal('Copy recovery code');
    clock.tick(1999);
    await el.updateComplete;
    expect(shownLabel(copy)).to.equal('Copied');
    clock.tick(1);
    await el.updateComplete;
    expect(shownLabel(copy)).to.equal('Copy');
  });

  it('copies each of several codes, and all of them with Copy all', async () => {
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await render([CODE, CODE_2]);
    buttonNamed(el, 'Copy recovery code 2')!.click();
    await waitUntil(() => writeText.calledOnce, 'the second code is copied');
    expect(writeText.firstCall.args).to.deep.equal([CODE_2]);
    buttonNamed(el, 'Copy all')!.click();
    await waitUntil(() => writeText.calledTwice, 'every code is copied');
    expect(writeText.secondCall.args).to.deep.equal([`${CODE}\n${CODE_2}`]);
    await el.updateComplete;
    expect(shownLabel(buttonNamed(el, 'Copied')!)).to.equal('Copied');
    expect(shownLabel(buttonNamed(el, 'Copy recovery code 2')!), 'one button says Copied at a time').to.equal('Copy');
    await expect(el).to.be.accessible();
  });

  it('selects the code and says so when the clipboard refuses', async () => {
    sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Write permission denied.', 'NotAllowedError'));
    const el = await render();
    buttonNamed(el, 'Copy recovery code')!.click();
    await waitUntil(() => alert(el), 'the failure is shown');
    expect(alert(el)).to.equal("Couldn't copy. Select the code and copy it yourself.");
    expect(status(el)).to.equal('');
    expect(shownLabel(buttonNamed(el, 'Copy recovery code')!)).to.equal('Copy');
    const selection = getSelection()!;
    expect(selection.rangeCount).to.equal(1);
    const range = selection.getRangeAt(0);
    expect(range.toString(), 'the code is selected, without spaces').to.equal(CODE);
    await expect(el).to.be.accessible();

    (navigator.clipboard.writeText as sinon.SinonStub).resolves();
    buttonNamed(el, 'Copy recovery code')!.click();
    await waitUntil(() => status(el) === 'Copied', 'a later copy works');
    expect(alert(el), 'the failure is gone').to.equal('');
  });

  it('downloads recovery-codes.txt holding the title and the codes, and revokes its URL', async () => {
    const created = sinon.spy(URL, 'createObjectURL');
    const revoked = sinon.spy(URL, 'revokeObjectURL');
    let link: HTMLAnchorElement | undefined;
    let connected = false;
    sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      link = this;
      connected = this.isConnected;
    });
    const el = await render([CODE, CODE_2]);
    buttonNamed(el, 'Download')!.click();

    expect(link, 'a link was clicked').to.exist;
    expect(link!.download).to.equal('recovery-codes.txt');
    expect(connected, 'the link was in the page when clicked').to.be.true;
    expect(link!.isConnected, 'and is gone after').to.be.false;
    expect(created).to.have.been.calledOnce;
    const url = created.firstCall.returnValue;
    expect(link!.href).to.equal(url);
    expect(url).to.match(/^blob:/);
    const blob = created.firstCall.args[0] as Blob;
    expect(blob.type).to.match(/^text\/plain/);
    expect(await blob.text()).to.equal(`${TITLE}\n\n${CODE}\n${CODE_2}\n`);
    await waitUntil(() => revoked.calledWith(url), 'the object URL is revoked');
    const gone = await fetch(url).then(
      () => false,
      () => true,
    );
    expect(gone, 'the revoked URL no longer serves the file').to.be.true;
  });

  it('prints only the title and the codes, from a frame removed after printing', async () => {
    const el = await render([CODE, CODE_2]);
    let printed: { title: string; text: string; codes: string[]; inPage: boolean; hidden: boolean } | undefined;
    const print = sinon.stub(el as unknown as { printFrame(frame: HTMLIFrameElement): void }, 'printFrame');
    print.callsFake((frame: HTMLIFrameElement) => {
      const doc = frame.contentDocument!;
      printed = {
        title: doc.title,
        text: doc.body.textContent!,
        codes: [...doc.querySelectorAll('code')].map((c) => c.textContent!),
        inPage: frame.isConnected,
        hidden: getComputedStyle(frame).visibility === 'hidden' && frame.getAttribute('aria-hidden') === 'true',
      };
    });
    const before = document.body.children.length;
    buttonNamed(el, 'Print')!.click();

    expect(print).to.have.been.calledOnce;
    expect(printed!.title).to.equal(TITLE);
    expect(printed!.codes).to.deep.equal(['N3BG PZZW J85J LCNP ZBDW 6QXC', 'Q7RT 2K9M XW4H BC8D LP3V ZN6F']);
    expect(printed!.text, 'nothing but the title and the codes').to.equal(`${TITLE}${printed!.codes.join('')}`);
    expect(printed!.inPage && printed!.hidden).to.be.true;

    const frame = print.firstCall.args[0];
    expect(frame.isConnected, 'the frame waits for the print to end').to.be.true;
    frame.contentWindow!.dispatchEvent(new Event('afterprint'));
    expect(frame.isConnected, 'and goes after it').to.be.false;
    expect(document.body.children.length).to.equal(before);

    // A frame left behind (no afterprint) goes with the next print, and when the element goes.
    buttonNamed(el, 'Print')!.click();
    const second = print.secondCall.args[0];
    buttonNamed(el, 'Print')!.click();
    expect(second.isConnected).to.be.false;
    const third = print.thirdCall.args[0];
    el.remove();
    expect(third.isConnected).to.be.false;
  });

  it('drops the codes from memory and the page when it disconnects', async () => {
    const el = await render([CODE, CODE_2]);
    checkbox(el).click();
    await el.updateComplete;
    const parent = el.parentNode!;
    el.remove();
    await el.updateComplete;
    expect(el.codes).to.deep.equal([]);
    expect(shadow(el).textContent!.replace(/\s/g, '')).not.to.include(CODE);
    expect(shadow(el).querySelectorAll('[part="code"]')).to.have.length(0);
    parent.appendChild(el);
    await el.updateComplete;
    expect(shadow(el).querySelectorAll('[part="code"]')).to.have.length(0);
    expect(checkbox(el).checked, 'the confirmation went with them').to.be.false;
    expect(continueButton(el).disabled).to.be.true;
  });

  it('asks again for new codes, but not for the same codes in a new array', async () => {
    const el = await render();
    checkbox(el).click();
    await el.updateComplete;
    el.codes = [CODE];
    await el.updateComplete;
    expect(checkbox(el).checked).to.be.true;
    el.codes = [CODE_2];
    await el.updateComplete;
    expect(checkbox(el).checked).to.be.false;
    expect(continueButton(el).disabled).to.be.true;
  });

  it('logs nothing', async () => {
    const names = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const spies = names.map((name) => sinon.spy(console, name));
    sinon.stub(navigator.clipboard, 'writeText').rejects(new Error('denied'));
    sinon.stub(HTMLAnchorElement.prototype, 'click');
    const el = await render();
    sinon.stub(el as unknown as { printFrame(frame: HTMLIFrameElement): void }, 'printFrame');
    buttonNamed(el, 'Copy recovery code')!.click();
    await waitUntil(() => alert(el), 'the failure is shown');
    buttonNamed(el, 'Download')!.click();
    buttonNamed(el, 'Print')!.click();
    checkbox(el).click();
    await el.updateComplete;
    continueButton(el).click();
    el.remove();
    spies.forEach((spy, i) => expect(spy, `console.${names[i]}`).not.to.have.been.called);
  });

  it('works with the keyboard alone', async () => {
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await render();
    el.focus();
    expect(focused(el)?.tagName, 'focus() moves to the heading').to.equal('H2');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Copy recovery code');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => writeText.calledOnce, 'Enter copies');
    await sendKeys({ press: 'Tab' });
    expect(squash(focused(el)?.textContent)).to.equal('Download');
    await sendKeys({ press: 'Tab' });
    expect(squash(focused(el)?.textContent)).to.equal('Print');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(checkbox(el));
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(checkbox(el).checked).to.be.true;
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(continueButton(el));
    const saved = oneEvent(el, 'mfa-recovery-codes-saved');
    await sendKeys({ press: 'Enter' });
    await saved;
  });

  it('leaves out its heading and text when headless, and focus() goes to the first copy button', async () => {
    const el = await render([CODE], 'headless');
    expect(shadow(el).querySelector('h2')).to.be.null;
    expect(shadow(el).querySelector('[part="description"]')).to.be.null;
    expect(shadow(el).querySelectorAll('[part="code"]')).to.have.length(1);
    el.focus();
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Copy recovery code');
    await expect(el).to.be.accessible();
  });

  it('renders Arabic right to left, with the code still left to right', async () => {
    const el = await fixture<MfaRecoveryCodes>(html`<mfa-recovery-codes lang="ar" .codes=${[CODE]}></mfa-recovery-codes>`);
    await waitUntil(() => squash(shadow(el).querySelector('h2')!.textContent) === ar.recoveryCodesHeading, 'Arabic');
    const base = shadow(el).querySelector<HTMLElement>('[part="base"]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(base.lang).to.equal('ar');
    expect(getComputedStyle(base).direction).to.equal('rtl');
    expect(getComputedStyle(shadow(el).querySelector('[part="code"]')!).direction).to.equal('ltr');
    expect(squash(checkbox(el).closest('label')!.textContent)).to.equal(ar.savedConfirm);
    await expect(el).to.be.accessible();
  });

  it("takes the page's strings", async () => {
    const el = await fixture<MfaRecoveryCodes>(
      html`<mfa-recovery-codes .codes=${[CODE]} .strings=${{ continue: 'Done', recoveryCodesHeading: 'Your backup code' }}></mfa-recovery-codes>`,
    );
    expect(squash(shadow(el).querySelector('h2')!.textContent)).to.equal('Your backup code');
    expect(squash(continueButton(el).textContent)).to.equal('Done');
  });
});
