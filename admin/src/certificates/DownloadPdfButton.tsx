import DownloadIcon from '@mui/icons-material/Download';
import { useState } from 'react';
import { Button, useNotify, useRecordContext } from 'react-admin';
import { loket, unwrap } from '../api';
import { pdfFileName } from './progress';

/** Fetches the PDF with the bearer token (a plain link would go without it) and hands it over as a file. */
export function DownloadPdfButton() {
  const record = useRecordContext<{ id: string; number: string }>();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const download = async () => {
    setBusy(true);
    try {
      const pdf = await unwrap(
        loket.GET('/v1/certificates/{id}/pdf', { params: { path: { id: record.id } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(pdf as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = pdfFileName(record.number);
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      notify('loket.certificates.downloaded', { type: 'info' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label="loket.certificates.download" onClick={download} disabled={busy}>
      <DownloadIcon />
    </Button>
  );
}
