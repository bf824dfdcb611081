/*
 * A setup file `pnpm test:cmi5` adds to the suite's jest run: it prints what a failing AU reported
 * (the requirement and message of its result) on a line of its own, for the runner's summary. The
 * suite's own report of them, printed after each test file, loses some: a test that passes removes
 * the last line, whichever test added it.
 */
const helpers = require('./helpers');

const getResult = helpers.getResult;

/** The package whose AU the page runs: the suite launches it for an actor named after the package. */
function packageName() {
  try {
    return JSON.parse(new URL(global.page.url()).searchParams.get('actor')).account.name;
  } catch {
    return '';
  }
}

helpers.getResult = async () => {
  const result = await getResult();
  if (!result.success || result.isError) {
    const verdict = { package: packageName(), requirement: helpers.describeReq(result.reqId), message: result.msg };
    process.stderr.write(`LOKET-AU-VERDICT ${JSON.stringify(verdict)}\n`);
  }
  return result;
};
