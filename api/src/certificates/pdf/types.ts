export interface CertificatePdfInput {
  /** e.g. 'LFB-2019-000123' */
  number: string;
  /** null when the person was erased: the certificate then prints "Naam afgeschermd". */
  participantName: string | null;
  programmeName: string;
  /** The modules completed, by their titles. */
  modules: Array<{ title: string }>;
  /** Meetings attended; date as YYYY-MM-DD. */
  meetings: Array<{ title: string; date: string }>;
  /** The participant's library. */
  libraryName: string;
  /** In whose name the certificate is issued. */
  commissioners: string[];
  /** YYYY-MM-DD */
  issuedOn: string;
  /** Short public URL, printed and encoded in the QR code. */
  verificationUrl: string;
  /** The signed Open Badges credential, embedded as a file attachment; null once the holder was erased. */
  credentialJson: string | null;
  /** When set, the certificate is marked "INGETROKKEN" (with the date, never the internal reason). on: YYYY-MM-DD */
  revoked?: { on: string } | undefined;
}
