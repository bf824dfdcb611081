import { Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { type ReactNode, useId } from 'react';
import { useTranslate } from 'react-admin';

export interface FigureTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

/**
 * A chart as a figure: a visible title and description that name the chart for assistive
 * technology, and the same figures as a table for whoever cannot read the picture.
 */
export function ChartFigure({
  title,
  description,
  table,
  children,
}: {
  title: string;
  description: string;
  table: FigureTable;
  children: ReactNode;
}) {
  const translate = useTranslate();
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Card component="figure" aria-labelledby={titleId} aria-describedby={descriptionId} sx={{ m: 0, height: '100%' }}>
      <CardContent>
        <Typography id={titleId} component="figcaption" variant="h6" sx={{ fontSize: '1.1rem' }}>
          {title}
        </Typography>
        <Typography id={descriptionId} variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {description}
        </Typography>
        {table.rows.length === 0 ? (
          <Typography sx={{ py: 4 }}>{translate('loket.overview.charts.empty')}</Typography>
        ) : (
          <>
            <Box sx={{ width: '100%' }}>{children}</Box>
            <Box component="details" sx={{ mt: 1 }}>
              <Box component="summary" sx={{ cursor: 'pointer', color: 'primary.main' }}>
                {translate('loket.overview.charts.table')}
              </Box>
              <Box sx={{ overflowX: 'auto' }}>
                <Table size="small" aria-label={title}>
                  <TableHead>
                    <TableRow>
                      {table.columns.map((column) => (
                        <TableCell key={column}>{column}</TableCell>
                      ))}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {table.rows.map((row) => (
                      <TableRow key={String(row[0])}>
                        {row.map((cell, i) => (
                          <TableCell key={table.columns[i]}>{cell}</TableCell>
                        ))}
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            </Box>
          </>
        )}
      </CardContent>
    </Card>
  );
}
