import { Alert, Box, Button, Card, CardContent, Divider, Stack, TextField, Typography } from '@mui/material';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLogin, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { loket } from '../api';
import { startOrganisationSignIn } from '../session';
import { refusalKey } from './messages';

/**
 * E-mail and password, or "Inloggen met je organisatie": the provider is found from the address's
 * domain. Coming back from the provider, the page redeems the one-time code in the address (or
 * shows why the provider's answer was refused).
 */
export function SignInPage() {
  const translate = useTranslate();
  const login = useLogin();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const redeemed = useRef(false);

  useEffect(() => {
    const answer = new URLSearchParams(location.search);
    const code = answer.get('oidc_code');
    const error = answer.get('oidc_error');
    // The code is spent on the first try; a second render must not try it again.
    if (code && !redeemed.current) {
      redeemed.current = true;
      setBusy(true);
      login({ oidcCode: code }, '/').catch((refused: Error) => {
        setRefusal(refused.message);
        setBusy(false);
      });
    } else if (error) {
      setRefusal(error);
    }
  }, [location.search, login]);

  const withPassword = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      await login({ username: email, password }, '/');
    } catch (refused) {
      setRefusal((refused as Error).message);
      setBusy(false);
    }
  };

  const withOrganisation = async () => {
    setRefusal(null);
    if (!email.includes('@')) {
      setRefusal('email-first');
      return;
    }
    setBusy(true);
    const { response } = await loket.GET('/v1/auth/oidc/provider', { params: { query: { email } } });
    if (!response.ok) {
      setRefusal(response.status === 404 ? 'no-identity-provider' : 'sign-in-failed');
      setBusy(false);
      return;
    }
    await startOrganisationSignIn(email);
  };

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#eef2f7' }}
    >
      <Card sx={{ width: '100%', maxWidth: 420, m: 2 }}>
        <CardContent>
          <Typography component="h1" variant="h5" sx={{ mb: 2 }}>
            {translate('loket.sign_in.title')}
          </Typography>
          {refusal && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {translate(refusal === 'email-first' ? 'loket.sign_in.email_first' : refusalKey(refusal))}
            </Alert>
          )}
          <Stack component="form" spacing={2} onSubmit={withPassword}>
            <TextField
              label={translate('ra.auth.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value.trim())}
              required
              fullWidth
            />
            <TextField
              label={translate('ra.auth.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              fullWidth
            />
            <Button type="submit" variant="contained" disabled={busy}>
              {translate('ra.auth.sign_in')}
            </Button>
          </Stack>
          <Divider sx={{ my: 2 }}>{translate('loket.sign_in.or')}</Divider>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
            {translate('loket.sign_in.organisation_help')}
          </Typography>
          <Button variant="outlined" fullWidth disabled={busy} onClick={withOrganisation}>
            {translate('loket.sign_in.organisation')}
          </Button>
          {busy && (
            <Typography variant="body2" sx={{ mt: 2 }} aria-live="polite">
              {translate('loket.sign_in.checking')}
            </Typography>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
