import DownloadIcon from '@mui/icons-material/Download';
import VerifiedIcon from '@mui/icons-material/Verified';
import { Alert, Box, Button, Card, CardContent, Chip, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { useDownloadPdf } from '../certificates/DownloadPdfButton';
import { type Certificate, type MyEnrolment, useMine } from './data';
import { useFormats } from './format';
import { Page } from './Page';

function Issued({ certificate }: { certificate: Certificate }) {
  const translate = useTranslate();
  const f = useFormats();
  const t = (key: string, options?: object) => translate(`loket.me.certificate.${key}`, options);
  const { download, busy } = useDownloadPdf();
  const headingId = `certificate-${certificate.id}`;
  const valid = certificate.status === 'valid';
  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent>
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2" id={headingId}>
            {t('number', { number: certificate.number })}
          </Typography>
          <Chip
            size="small"
            color={valid ? 'success' : 'error'}
            icon={valid ? <VerifiedIcon /> : undefined}
            label={valid ? t('valid') : t('revoked', { date: f.day(certificate.revokedAt ?? certificate.updatedAt) })}
          />
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('issued_on', { date: f.date(certificate.issuedOn) })}
        </Typography>
        {!valid && certificate.revocationReason && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {t('revoked_reason', { reason: certificate.revocationReason })}
          </Alert>
        )}
        <Typography sx={{ fontWeight: 600 }}>{certificate.participantName}</Typography>
        <Typography>
          {t('programme', { name: certificate.programme.name, version: certificate.programme.version })}
        </Typography>
        <Typography sx={{ mb: 2 }}>{certificate.libraryName}</Typography>

        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {t('modules')}
        </Typography>
        <Box component="ul" sx={{ mt: 0.5, mb: 2, pl: 2.5 }}>
          {certificate.modules.map((module) => (
            <li key={module.code}>{module.title}</li>
          ))}
        </Box>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {t('meetings')}
        </Typography>
        <Box component="ul" sx={{ mt: 0.5, mb: 2, pl: 2.5 }}>
          {certificate.meetings.map((meeting) => (
            <li key={`${meeting.title}:${meeting.date}`}>
              {meeting.title}, {f.date(meeting.date)}
            </li>
          ))}
        </Box>

        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {t('code')}
        </Typography>
        <Typography sx={{ fontFamily: 'monospace', fontSize: '1.1rem', mb: 1 }}>
          {certificate.verificationCode}
        </Typography>
        <MuiLink
          href={`/verify/${certificate.verificationCode}`}
          target="_blank"
          rel="noopener"
          sx={{ display: 'inline-block', mb: 2, overflowWrap: 'anywhere' }}
        >
          {t('verify')}
        </MuiLink>
        <Box>
          <Button
            variant="contained"
            startIcon={<DownloadIcon />}
            onClick={() => download(certificate)}
            disabled={busy}
          >
            {translate('loket.certificates.download')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}

function NotYet({ mine }: { mine: MyEnrolment }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`loket.me.certificate.${key}`, options);
  return (
    <Alert severity="info">
      {t('none_yet', { cohort: mine.enrolment.cohortName })}{' '}
      {mine.enrolment.completion.eligible ? t('eligible') : <Link to="/">{t('to_track')}</Link>}
    </Alert>
  );
}

/** A participant's certificate: what it says, its public verification page and its PDF. */
export function MyCertificate() {
  const translate = useTranslate();
  const loaded = useMine();
  return (
    <Page
      title={translate('loket.me.certificate.title')}
      intro={translate('loket.me.certificate.intro')}
      loaded={loaded}
    >
      {({ enrolments }) =>
        enrolments.length === 0 ? (
          <Alert severity="info">{translate('loket.me.not_enrolled')}</Alert>
        ) : (
          <Stack spacing={3}>
            {enrolments.map((mine) =>
              mine.certificate ? (
                <Issued key={mine.enrolment.id} certificate={mine.certificate} />
              ) : mine.enrolment.status === 'withdrawn' ? null : (
                <NotYet key={mine.enrolment.id} mine={mine} />
              ),
            )}
          </Stack>
        )
      }
    </Page>
  );
}
