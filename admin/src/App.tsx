import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import apiClients from './api-clients';
import auditEvents from './audit-events';
import { createAuthProvider } from './authProvider';
import certificates from './certificates';
import cohorts from './cohorts';
import { ImportPage } from './cohorts/ImportPage';
import { Dashboard } from './Dashboard';
import { createDataProvider } from './dataProvider';
import enrolments from './enrolments';
import evaluations from './evaluations';
import { createHttpClient } from './http';
import { i18nProvider } from './i18n';
import identityProviders from './identity-providers';
import { Layout } from './layout/Layout';
import { NotFound } from './layout/NotFound';
import { EvaluationPage } from './me/EvaluationPage';
import { MyCertificate } from './me/MyCertificate';
import { MyEvaluations } from './me/MyEvaluations';
import modules from './modules';
import organisations from './organisations';
import participants from './participants';
import programmes from './programmes';
import { accessToken } from './session';
import sessions from './sessions';
import { AttendancePage } from './sessions/AttendancePage';
import { SessionCalendar } from './sessions/SessionCalendar';
import { SignInPage } from './sign-in/SignInPage';
import { theme } from './theme';
import users from './users';

const http = createHttpClient((input, init) => fetch(input, init), accessToken);

export function App() {
  return (
    <Admin
      title="Loket — Leertraject Frontoffice"
      dataProvider={createDataProvider(http)}
      authProvider={createAuthProvider()}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      catchAll={NotFound}
      theme={theme}
      layout={Layout}
      loginPage={SignInPage}
      requireAuth
      disableTelemetry
    >
      <Resource name="organisations" {...organisations} />
      <Resource name="participants" {...participants} />
      <Resource name="programmes" {...programmes} />
      <Resource name="modules" {...modules} />
      <Resource name="audit-events" {...auditEvents} />
      <Resource name="users" {...users} />
      <Resource name="api-clients" {...apiClients} />
      <Resource name="identity-providers" {...identityProviders} />
      <Resource name="certificates" {...certificates} />
      <Resource name="evaluations" {...evaluations} />
      <Resource name="cohorts" {...cohorts} />
      <Resource name="sessions" {...sessions} />
      <Resource name="enrolments" {...enrolments} />
      <CustomRoutes>
        <Route path="/import" element={<ImportPage />} />
        <Route path="/sessions/calendar" element={<SessionCalendar />} />
        <Route path="/sessions/:id/attendance" element={<AttendancePage />} />
        {/* A participant's own pages; the layout shows them to participants only. */}
        <Route path="/my/evaluations" element={<MyEvaluations />} />
        <Route path="/my/evaluations/:enrolmentId/:subjectType/:subjectId" element={<EvaluationPage />} />
        <Route path="/my/certificate" element={<MyCertificate />} />
      </CustomRoutes>
    </Admin>
  );
}
