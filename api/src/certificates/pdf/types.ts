export interface CertificatePdfInput {
  /** e.g. 'LFB-2019-000123' */
  number: string;
  /** null when the person was erased: the certificate then prints "Naam afgeschermd". */
  participantName: string | null;
  programmeName: string;
  programmeVersion: number;
  /** The modules completed. */
  modules: Array<{ code: string; title: string }>;
  /** Meetings attended; date as YYYY-MM-DD. */
  meetings: Array<{ title: string; date: string }>;
  /** The participant's library. */
  libraryName: string;
  issuers: string[];
  /** YYYY-MM-DD */
  issuedOn: string;
  /** Short public URL, printed and encoded in the QR code. */
  verificationUrl: string;
  /** The signed Open Badges credential, embedded as a file attachment; null once the holder was erased. */
  credentialJson: string | null;
  /** When set, the certificate is marked "INGETROKKEN". on: YYYY-MM-DD */
  revoked?: { on: string; reason?: string } | undefined;
}
