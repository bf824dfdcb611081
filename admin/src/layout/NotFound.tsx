import { Box, Button, Typography } from '@mui/material';
import { Link, Title, useTranslate } from 'react-admin';

/** An address that leads nowhere (or not for this account), legible: react-admin's own is greyed to 3.2:1. */
export function NotFound() {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 4, maxWidth: 640 }}>
      <Title title="ra.page.not_found" />
      <Typography variant="h5" component="h1" gutterBottom>
        {translate('ra.page.not_found')}
      </Typography>
      <Typography sx={{ mb: 2 }}>{translate('ra.message.not_found')}</Typography>
      <Button component={Link} to="/" variant="outlined">
        {translate('loket.menu.home')}
      </Button>
    </Box>
  );
}
