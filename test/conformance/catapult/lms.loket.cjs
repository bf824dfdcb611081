/*
 * Loket's LMS script for ADL's CATAPULT LMS Test Suite (see the suite's lib/lms.template.js for the
 * interface). `pnpm test:cmi5` copies it into the suite's lib/ folder, next to the errors module it
 * requires, and writes the suite's .env with what it reads:
 *   LOKET_URL                              Loket's PUBLIC_URL
 *   LOKET_CLIENT_ID, LOKET_CLIENT_SECRET   an API client with the scope manage:courses (a Bearer token
 *                                          from the client_credentials grant imports, launches, waives)
 *   LRS_ENDPOINT, LRS_KEY, LRS_SECRET      Loket's LRS and an API client with write:progress (HTTP Basic)
 */
const Wreck = require('@hapi/wreck');
const { InvalidPackageError } = require('./errors');

const imported = new Set();
let token;

/** An access token of the manage:courses client, fetched again shortly before it expires. */
async function bearer() {
  if (token && Date.now() < token.expiresAt - 60_000) return token.value;
  const { payload } = await Wreck.post(`${process.env.LOKET_URL}/v1/auth/token`, {
    payload: {
      grant_type: 'client_credentials',
      client_id: process.env.LOKET_CLIENT_ID,
      client_secret: process.env.LOKET_CLIENT_SECRET,
    },
    json: true,
  });
  token = { value: payload.access_token, expiresAt: Date.now() + payload.expires_in * 1000 };
  return token.value;
}

/** Loket's answer to a request of the manage:courses client; a status of 400 or more throws it. */
async function loket(method, path, options = {}) {
  const res = await Wreck.request(method, `${process.env.LOKET_URL}${path}`, {
    ...options,
    headers: { ...options.headers, authorization: `Bearer ${await bearer()}` },
  });
  const body = await Wreck.read(res, { json: true });
  if (res.statusCode >= 400)
    throw Object.assign(new Error(`${method} ${path}: ${res.statusCode}`), { status: res.statusCode, body });
  return body;
}

/** What Loket answered, briefly: the status and the problem's code and detail. */
function answered(ex) {
  if (!ex.status) return String(ex);
  const { body } = ex;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
    return `${ex.status} ${body.code ?? body.title ?? ''}: ${body.detail ?? JSON.stringify(body)}`;
  }
  return `${ex.status} ${String(body ?? '').slice(0, 300)}`.trim();
}

async function deleteImported() {
  for (const id of imported) {
    try {
      await loket('DELETE', `/v1/cmi5/courses/${id}`);
      imported.delete(id);
    } catch (ex) {
      console.log(`lms.loket: failed to delete course ${id}: ${answered(ex)}`);
    }
  }
}

module.exports = {
  setup: async () => {
    try {
      await bearer();
    } catch (ex) {
      throw new Error(`Failed to get a token for the manage:courses client: ${answered(ex)}`);
    }
  },

  // Courses an invalid package wrongly created are not cleaned up by the suite's tests.
  teardown: deleteImported,

  // The suite appends /statements itself.
  getLrsEndpoint: () => process.env.LRS_ENDPOINT.replace(/\/+$/, ''),

  getLrsAuthHeader: () => `Basic ${Buffer.from(`${process.env.LRS_KEY}:${process.env.LRS_SECRET}`).toString('base64')}`,

  importCourse: async (stream, contentType, filename) => {
    let course;
    try {
      course = await loket('POST', '/v1/cmi5/courses', { headers: { 'content-type': contentType }, payload: stream });
    } catch (ex) {
      if (ex.status === 422 && ex.body?.code === 'invalid-cmi5-package') {
        throw new InvalidPackageError(`Invalid package ${filename} (${ex.body.requirement}): ${ex.body.detail}`);
      }
      throw new Error(`Failed import of ${filename}: ${answered(ex)}`);
    }
    imported.add(course.id);
    return course.id;
  },

  getLaunchUrl: async (courseId, auIndex, actor, { registration, launchMode }) => {
    try {
      const launch = await loket('POST', `/v1/cmi5/courses/${courseId}/assignable-units/${auIndex}/launch`, {
        payload: { actor, registration, launchMode },
      });
      return launch.url;
    } catch (ex) {
      throw new Error(`Failed launch of AU ${auIndex} of course ${courseId}: ${answered(ex)}`);
    }
  },

  cleanup: deleteImported,

  hasWaive: () => true,
  waiveAU: async (registration, auIndex, reason) => {
    try {
      await loket('POST', `/v1/cmi5/registrations/${registration}/assignable-units/${auIndex}/waive`, {
        payload: { reason },
      });
    } catch (ex) {
      throw new Error(`Failed waiving AU ${auIndex} in registration ${registration}: ${answered(ex)}`);
    }
  },

  hasAbandon: () => true,
  abandonSession: async (sessionId) => {
    try {
      await loket('POST', `/v1/cmi5/course-sessions/${sessionId}/abandon`);
    } catch (ex) {
      throw new Error(`Failed abandoning session ${sessionId}: ${answered(ex)}`);
    }
  },
};
