import type { components } from '@loket/client';
import DownloadIcon from '@mui/icons-material/Download';
import { Button, useNotify, useRecordContext } from 'react-admin';
import { loket, unwrap } from '../api';
import { useApiAction } from '../useApiAction';
import { pdfFileName } from './progress';

type Certificate = components['schemas']['Certificate'];

/**
 * Fetches a certificate's PDF with the bearer token (a plain link would go without it) and hands it
 * over as a file; `busy` while it does.
 */
export function useDownloadPdf() {
  const notify = useNotify();
  const { busy, run } = useApiAction();
  const download = (certificate: { id: string; number: string }) =>
    run(async () => {
      const pdf = await unwrap(
        loket.GET('/v1/certificates/{id}/pdf', { params: { path: { id: certificate.id } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(pdf as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = pdfFileName(certificate.number);
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      notify('loket.certificates.downloaded', { type: 'info' });
    });
  return { download, busy };
}

/** The PDF of the certificate in the record context, as a toolbar button. */
export function DownloadPdfButton() {
  const record = useRecordContext<Certificate>();
  const { download, busy } = useDownloadPdf();
  if (!record) return null;
  return (
    <Button label="loket.certificates.download" onClick={() => download(record)} disabled={busy}>
      <DownloadIcon />
    </Button>
  );
}
