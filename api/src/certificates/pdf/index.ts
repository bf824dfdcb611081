export { renderCertificatePdf } from './render';
export type { CertificatePdfInput } from './types';
