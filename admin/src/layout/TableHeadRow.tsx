import { TableCell, TableHead, TableRow } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/** A table's header: a cell a column, each label translated; `children` add cells after them. */
export function TableHeadRow({ labels, children }: { labels: string[]; children?: ReactNode }) {
  const translate = useTranslate();
  return (
    <TableHead>
      <TableRow>
        {labels.map((label) => (
          <TableCell key={label}>{translate(label)}</TableCell>
        ))}
        {children}
      </TableRow>
    </TableHead>
  );
}
