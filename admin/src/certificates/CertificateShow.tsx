import type { components } from '@loket/client';
import { Box, Chip, Link, Stack } from '@mui/material';
import {
  ArrayField,
  Datagrid,
  DateField,
  FunctionField,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CertificateStatus } from './CertificateStatus';
import { DownloadPdfButton } from './DownloadPdfButton';
import { RevokeCertificateButton } from './RevokeCertificateButton';

type Certificate = components['schemas']['Certificate'];

const ShowActions = () => (
  <TopToolbar>
    <DownloadPdfButton />
    <RevokeCertificateButton />
  </TopToolbar>
);

/** The reason and date only matter once it is revoked. */
function Revocation() {
  const record = useRecordContext<Certificate>();
  if (record?.status !== 'revoked') return null;
  return (
    <Stack direction="row" spacing={4}>
      <Labeled source="revokedAt">
        <DateField source="revokedAt" locales="nl-NL" showTime />
      </Labeled>
      <Labeled source="revocationReason">
        <TextField source="revocationReason" />
      </Labeled>
    </Stack>
  );
}

export function CertificateShow() {
  const translate = useTranslate();
  return (
    <Show actions={<ShowActions />}>
      <SimpleShowLayout>
        <TextField source="number" />
        <FunctionField<Certificate>
          source="participantName"
          render={(r) => r.participantName ?? translate('loket.certificates.withheld')}
        />
        <TextField source="libraryName" />
        <FunctionField<Certificate>
          source="programme"
          render={(r) =>
            translate('loket.certificates.version', { name: r.programme.name, version: r.programme.version })
          }
        />
        <DateField source="issuedOn" locales="nl-NL" options={{ dateStyle: 'long' }} />
        <FunctionField source="status" render={() => <CertificateStatus />} />
        <Revocation />
        <TextField source="verificationCode" sx={{ fontFamily: 'monospace', fontSize: '1rem' }} />
        <FunctionField<Certificate>
          source="verificationUrl"
          render={(r) => (
            <Link href={`/verify/${r.verificationCode}`} target="_blank" rel="noopener">
              {r.verificationUrl}
            </Link>
          )}
        />
        <FunctionField<Certificate>
          source="modules"
          render={(r) => (
            <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, p: 0, m: 0, listStyle: 'none' }}>
              {r.modules.map((m) => (
                <li key={m.code}>
                  <Chip size="small" label={m.title} />
                </li>
              ))}
            </Box>
          )}
        />
        <ArrayField source="meetings">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <TextField source="title" />
            <DateField source="date" locales="nl-NL" />
          </Datagrid>
        </ArrayField>
      </SimpleShowLayout>
    </Show>
  );
}
