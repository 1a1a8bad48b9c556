// Security credential requests to a device: 6.15.1 Update Security Credentials (KRP),
// 6.21 Request Handover of DCC Controlled Device, 6.23 Update Security Credentials (CoS),
// 6.24.2 Retrieve Device Security Credentials (Device).
import type { Element } from 'xml-js';
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { base64, bool, dateTime, opt, type Certificate } from './values.ts';

export type RemotePartyRole = 'ACB' | 'NetworkOperator' | 'Recovery' | 'Root' | 'Supplier' | 'TransCoS' | 'LoadController';

/** Floor sequence numbers are 0..2^63-1: pass a bigint beyond Number.MAX_SAFE_INTEGER. */
export type FloorSeqNumber = number | bigint;

export interface ReplacementCertificates {
  digitalSigning?: Certificate;
  keyAgreement?: Certificate;
  keyAgreementTopUp?: Certificate;
}

interface CredentialUpdateCommon {
  /** The device whose trust anchors change (BusinessTargetID). */
  target: string;
  /** Future-dated execution. */
  executionDateTime?: Date | string;
  /** 1 to 3 certificates: the path up to the root for the replacements. */
  certificationPath: Certificate[];
  applyTimeBasedCpvChecks: boolean;
}

function replacementElements(r: ReplacementCertificates): (Element | undefined)[] {
  return [
    opt('DigitalSigningCertificate', r.digitalSigning, base64),
    opt('KeyAgreementCertificate', r.keyAgreement, base64),
    opt('KeyAgreementTopUpCertificate', r.keyAgreementTopUp, base64),
  ];
}

const pathElement = (certs: Certificate[]): Element => sr('CertificationPathCertificates', certs.map((c) => sr('Certificate', base64(c))));

export interface UpdateSecurityCredentialsKrpParams extends CredentialUpdateCommon {
  remotePartyRole: RemotePartyRole;
  remotePartyFloorSeqNumber?: FloorSeqNumber;
  remotePartyPrepaymentTopUpFloorSeqNumber?: FloorSeqNumber;
  replacement: ReplacementCertificates;
}

/** 6.15.1: in V5.1 the replacements are always SupplierOrNetworkOperatorCertificates. */
export function updateSecurityCredentialsKrp(ctx: RequestContext, p: UpdateSecurityCredentialsKrpParams, options?: RequestOptions): DuisRequest {
  const body = sr('UpdateSecurityCredentialsKRP', [
    opt('ExecutionDateTime', p.executionDateTime, dateTime),
    sr('RemotePartyRole', p.remotePartyRole),
    opt('RemotePartyFloorSeqNumber', p.remotePartyFloorSeqNumber),
    opt('RemotePartyPrepaymentTopUpFloorSeqNumber', p.remotePartyPrepaymentTopUpFloorSeqNumber),
    sr('ReplacementCertificates', sr('SupplierOrNetworkOperatorCertificates', replacementElements(p.replacement))),
    pathElement(p.certificationPath),
    sr('ApplyTimeBasedCPVChecks', bool(p.applyTimeBasedCpvChecks)),
  ]);
  return buildRequest(ctx, '6.15.1', p.target, body, options);
}

export interface RequestHandoverParams extends CredentialUpdateCommon {
  remotePartyRole: RemotePartyRole;
  remotePartyFloorSeqNumber?: FloorSeqNumber;
  remotePartyPrepaymentTopUpFloorSeqNumber?: FloorSeqNumber;
  replacement: ReplacementCertificates & { digitalSigning: Certificate };
}

/** 6.21: the User takes over a device DCC controls; the signing certificate is mandatory. */
export function requestHandoverOfDccControlledDevice(ctx: RequestContext, p: RequestHandoverParams, options?: RequestOptions): DuisRequest {
  const body = sr('RequestHandoverOfDCCControlledDevice', [
    opt('ExecutionDateTime', p.executionDateTime, dateTime),
    sr('RemotePartyRole', p.remotePartyRole),
    opt('RemotePartyFloorSeqNumber', p.remotePartyFloorSeqNumber),
    opt('RemotePartyPrepaymentTopUpFloorSeqNumber', p.remotePartyPrepaymentTopUpFloorSeqNumber),
    sr('ReplacementCertificates', replacementElements(p.replacement)),
    pathElement(p.certificationPath),
    sr('ApplyTimeBasedCPVChecks', bool(p.applyTimeBasedCpvChecks)),
  ]);
  return buildRequest(ctx, '6.21', p.target, body, options);
}

export interface UpdateSecurityCredentialsCosParams extends CredentialUpdateCommon {
  supplierFloorSeqNumber: FloorSeqNumber;
  supplierPrepaymentTopUpFloorSeqNumber?: FloorSeqNumber;
  replacement: ReplacementCertificates & { digitalSigning: Certificate };
  /** The import MPxN the incoming supplier has registered. */
  importMPxN: string;
}

/** 6.23: the incoming supplier's change of supplier; DCC's CoS party signs it on. */
export function updateSecurityCredentialsCos(ctx: RequestContext, p: UpdateSecurityCredentialsCosParams, options?: RequestOptions): DuisRequest {
  const body = sr('UpdateSecurityCredentialsCoS', [
    opt('ExecutionDateTime', p.executionDateTime, dateTime),
    sr('SupplierFloorSeqNumber', String(p.supplierFloorSeqNumber)),
    opt('SupplierPrepaymentTopUpFloorSeqNumber', p.supplierPrepaymentTopUpFloorSeqNumber),
    sr('SupplierReplacementCertificates', replacementElements(p.replacement)),
    pathElement(p.certificationPath),
    sr('ApplyTimeBasedCPVChecks', bool(p.applyTimeBasedCpvChecks)),
    sr('ImportMPxN', p.importMPxN),
  ]);
  return buildRequest(ctx, '6.23', p.target, body, options);
}

export type CredentialType = 'Digital Signature' | 'Key Agreement';

/** 6.24.2: read the device's own certificate of that type. */
export function retrieveDeviceSecurityCredentialsDevice(
  ctx: RequestContext,
  p: { target: string; credentialType: CredentialType },
  options?: RequestOptions,
): DuisRequest {
  return buildRequest(ctx, '6.24.2', p.target, sr('RetrieveDeviceSecurityCredentialsDevice', sr('CredentialType', p.credentialType)), options);
}
