import { Card, CardContent, Link, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';

export function Dashboard() {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="loket.title" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('loket.dashboard.welcome')}
        </Typography>
        <Typography sx={{ mb: 1 }}>{translate('loket.dashboard.intro')}</Typography>
        <Typography sx={{ mb: 2 }}>{translate('loket.dashboard.api')}</Typography>
        <Link href="/docs">{translate('loket.dashboard.docs')}</Link>
      </CardContent>
    </Card>
  );
}
