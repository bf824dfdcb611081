import PlaceIcon from '@mui/icons-material/Place';
import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { loket, unwrap } from '../api';
import { useLoad } from './useReport';

/** Says whose figures these are: the API scopes every report to the caller, the screen says so. */
export function ScopeLabel() {
  const translate = useTranslate();
  const me = useLoad('me', () => unwrap(loket.GET('/v1/me')));
  if (!me.data) return null;
  const organisation = me.data.organisation?.name ?? '';
  const scope =
    me.data.role === 'admin' || me.data.type === 'client'
      ? translate('loket.overview.scope.all')
      : me.data.role === 'adviser'
        ? translate('loket.overview.scope.province', { organisation })
        : me.data.role === 'participant'
          ? translate('loket.overview.scope.own')
          : translate('loket.overview.scope.library', { organisation });
  return (
    <Chip
      icon={<PlaceIcon />}
      color="primary"
      variant="outlined"
      label={translate('loket.overview.scope.label', { scope })}
      sx={{ fontSize: '0.95rem' }}
    />
  );
}
