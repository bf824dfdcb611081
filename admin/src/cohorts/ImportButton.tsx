import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button } from '@mui/material';
import { CreateButton, ExportButton, FilterButton, Link, TopToolbar, useTranslate } from 'react-admin';
import { useCan } from '../access';

/** "Importeren" on the participants list: to the CSV import, where the cohort is chosen. */
export function ImportButton() {
  const translate = useTranslate();
  if (!useCan('enrolments:write')) return null;
  return (
    <Button component={Link} to="/import" size="small" startIcon={<UploadFileIcon />}>
      {translate('loket.import.button')}
    </Button>
  );
}

/** The participants list's own actions plus "Importeren". */
export function ParticipantListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CreateButton />
      <ExportButton />
      <ImportButton />
    </TopToolbar>
  );
}
