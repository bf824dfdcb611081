import { neutraliseCsvCell } from '@loket/client/csv';
import jsonExport from 'jsonexport/dist';
import { downloadCSV, type Exporter } from 'ra-core';

/**
 * A list's records as CSV, as react-admin's own export writes them (nested fields as `a.b`
 * columns), with every text cell through Loket's formula-injection rule, as on the server.
 */
export function recordsCsv(records: object[]): Promise<string> {
  return jsonExport(records, { typeHandlers: { String: neutraliseCsvCell } });
}

/** The export of every list in the admin. */
export const csvExporter: Exporter = async (records, _fetchRelated, _dataProvider, resource) => {
  downloadCSV(await recordsCsv(records), resource);
};
