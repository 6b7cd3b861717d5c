// What the validating layer adds to moto for virtual MFA devices, which moto creates but never checks: it
// learns each device's seed from CreateVirtualMFADevice, and then checks codes the way AWS does — within ±1
// window of the server clock, each window's code accepted once per device (a replay is answered like a wrong
// code), EnableMFADevice/ResyncMFADevice needing the codes of two consecutive windows. moto has no
// ResyncMFADevice; the layer answers it.

import { AWS_MESSAGES } from './messages';
import {
  AUTH_CODE_PATTERN,
  checkMember,
  emptySuccessReply,
  errorReply,
  validationMessage,
  xmlValue,
  type IncomingCall,
  type LayerReply,
} from './query-xml';
import { codeForStep, matchingStep, totpStep } from '../totp';

export interface MfaLayerDeps {
  serverNow(): Date;
  /** Forwards the call to moto, as the caller. */
  forward(): Promise<LayerReply>;
  listMfaSerials(userName: string): Promise<string[]>;
}

export class MfaDeviceLayer {
  private readonly seedsBySerial = new Map<string, string>();
  private readonly usedStepsBySerial = new Map<string, Set<number>>();

  /** The base32 seed of a virtual MFA device, if the layer saw it being created. */
  seedOf(serialNumber: string): string | undefined {
    return this.seedsBySerial.get(serialNumber);
  }

  /** Whether the code is the device's, current and not used before; if so it is used now. */
  consumeCode(serialNumber: string, tokenCode: string | null, nowMs: number): boolean {
    const seed = this.seedsBySerial.get(serialNumber);
    const step = seed && tokenCode !== null ? matchingStep(seed, tokenCode, nowMs) : undefined;
    if (step === undefined || this.usedSteps(serialNumber).has(step)) return false;
    this.usedSteps(serialNumber).add(step);
    return true;
  }

  /** CreateVirtualMFADevice: forwarded to moto; the seed of its answer is remembered. */
  async createVirtualMfaDevice(forward: () => Promise<LayerReply>): Promise<LayerReply> {
    const reply = await forward();
    if (reply.status !== 200) return reply;
    const xml = reply.body.toString('utf8');
    const serialNumber = xmlValue(xml, 'SerialNumber');
    const seedBlob = xmlValue(xml, 'Base32StringSeed');
    if (serialNumber && seedBlob) {
      // Like AWS, moto sends the seed as a base64 blob whose bytes are the ASCII base32 string.
      const decoded = Buffer.from(seedBlob, 'base64').toString('ascii');
      const seed = /^[A-Z2-7]+=*$/.test(decoded) ? decoded : seedBlob;
      this.seedsBySerial.set(serialNumber, seed);
      this.usedStepsBySerial.delete(serialNumber);
    }
    return reply;
  }

  /** EnableMFADevice / ResyncMFADevice: two consecutive unused codes, checked before moto sees the call. */
  async enableOrResync(call: IncomingCall, deps: MfaLayerDeps): Promise<LayerReply> {
    const { params, service } = call;
    const serialNumber = params.get('SerialNumber') ?? '';
    const userName = params.get('UserName') ?? '';
    const code1 = params.get('AuthenticationCode1') ?? '';
    const code2 = params.get('AuthenticationCode2') ?? '';

    const violations: string[] = [];
    const codeRules = { minLength: 6, maxLength: 6, pattern: AUTH_CODE_PATTERN };
    checkMember(violations, 'authenticationCode1', code1, codeRules);
    checkMember(violations, 'authenticationCode2', code2, codeRules);
    if (violations.length > 0)
      return errorReply(service, 400, 'ValidationError', validationMessage(violations));

    const isResync = call.action === 'ResyncMFADevice';
    if (isResync && !(await deps.listMfaSerials(userName)).includes(serialNumber)) {
      return errorReply(
        service,
        404,
        'NoSuchEntity',
        `MFA Device with serial number ${serialNumber} does not exist.`,
      );
    }
    const seed = this.seedsBySerial.get(serialNumber);
    // A device the layer never saw created (hardware token, or created directly in moto): nothing to check.
    if (!seed && !isResync) return deps.forward();

    const used = this.usedSteps(serialNumber);
    const current = totpStep(deps.serverNow().getTime());
    const secondStep = seed
      ? [current, current - 1, current + 1].find(
          (step) =>
            codeForStep(seed, step - 1) === code1 &&
            codeForStep(seed, step) === code2 &&
            !used.has(step - 1) &&
            !used.has(step),
        )
      : undefined;
    if (secondStep === undefined) {
      return errorReply(service, 403, 'InvalidAuthenticationCode', AWS_MESSAGES.invalidAuthenticationCode);
    }
    used.add(secondStep - 1);
    used.add(secondStep);

    // moto has no ResyncMFADevice; answer the empty success AWS sends.
    if (isResync) return emptySuccessReply('iam', 'ResyncMFADevice');
    const reply = await deps.forward();
    if (reply.status !== 200) {
      // The device was not enabled (unknown user, already assigned...): the codes were not consumed.
      used.delete(secondStep - 1);
      used.delete(secondStep);
    }
    return reply;
  }

  private usedSteps(serialNumber: string): Set<number> {
    let steps = this.usedStepsBySerial.get(serialNumber);
    if (!steps) {
      steps = new Set();
      this.usedStepsBySerial.set(serialNumber, steps);
    }
    return steps;
  }
}
