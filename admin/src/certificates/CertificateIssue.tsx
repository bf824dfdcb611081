import type { components } from '@loket/client';
import {
  Autocomplete,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link, Loading, Title, useGetList, useTranslate } from 'react-admin';
import { TableHeadRow } from '../layout/TableHeadRow';
import { IssueCertificateButton } from './IssueCertificateButton';
import { IssueCohortCertificatesButton } from './IssueCohortCertificatesButton';

type Cohort = components['schemas']['Cohort'];
type Enrolment = components['schemas']['Enrolment'];
type Certificate = components['schemas']['Certificate'];

const fullName = (p: Enrolment['participant']) => [p.givenName, p.nameInfix, p.familyName].filter(Boolean).join(' ');

/** The enrolments of a cohort with their certificate, or the button to issue it. */
function CohortEnrolments({ cohort }: { cohort: Cohort }) {
  const translate = useTranslate();
  const enrolments = useGetList<Enrolment>('enrolments', {
    filter: { cohortId: cohort.id },
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'familyName', order: 'ASC' },
  });
  const certificates = useGetList<Certificate>('certificates', {
    filter: { cohortId: cohort.id },
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'number', order: 'ASC' },
  });
  const reload = () => {
    void enrolments.refetch();
    void certificates.refetch();
  };
  if (enrolments.isPending || certificates.isPending) return <Loading />;
  const byEnrolment = new Map((certificates.data ?? []).map((c) => [c.enrolmentId, c]));
  return (
    <Stack spacing={2}>
      <div>
        <IssueCohortCertificatesButton cohortId={cohort.id} onFinished={reload} />
      </div>
      {enrolments.data?.length === 0 ? (
        <Typography>{translate('loket.certificates.no_enrolments')}</Typography>
      ) : (
        <Table size="small" aria-label={cohort.name}>
          <TableHeadRow
            labels={[
              'loket.certificates.enrolment',
              'loket.certificates.enrolment_status',
              'loket.certificates.certificate',
            ]}
          />
          <TableBody>
            {enrolments.data?.map((enrolment) => {
              const certificate = byEnrolment.get(enrolment.id);
              return (
                <TableRow key={enrolment.id}>
                  <TableCell>{fullName(enrolment.participant)}</TableCell>
                  <TableCell>{translate(`loket.certificates.enrolment_statuses.${enrolment.status}`)}</TableCell>
                  <TableCell>
                    {certificate ? (
                      <Link to={`/certificates/${certificate.id}/show`}>{certificate.number}</Link>
                    ) : enrolment.status === 'withdrawn' ? (
                      translate('loket.certificates.none_yet')
                    ) : (
                      <IssueCertificateButton enrolmentId={enrolment.id} onIssued={reload} />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}

/** "Certificaten uitreiken": per cohort, one by one or all at once. */
export function CertificateIssue() {
  const translate = useTranslate();
  const [cohort, setCohort] = useState<Cohort | null>(null);
  const cohorts = useGetList<Cohort>('cohorts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'name', order: 'ASC' },
  });
  const options = (cohorts.data ?? []).filter((c) => c.status !== 'planned');
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="loket.certificates.issue_page" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('loket.certificates.issue_page')}
        </Typography>
        <Typography sx={{ mb: 2, maxWidth: '70ch' }}>{translate('loket.certificates.issue_intro')}</Typography>
        <Autocomplete
          options={options}
          loading={cohorts.isPending}
          getOptionLabel={(option) => option.name}
          value={cohort}
          onChange={(_, value) => setCohort(value)}
          sx={{ maxWidth: 480, mb: 3 }}
          renderInput={(params) => (
            <TextField {...params} label={translate('resources.certificates.fields.cohortId')} />
          )}
        />
        {cohort ? (
          <CohortEnrolments key={cohort.id} cohort={cohort} />
        ) : (
          <Typography color="text.secondary">{translate('loket.certificates.no_cohort')}</Typography>
        )}
      </CardContent>
    </Card>
  );
}
