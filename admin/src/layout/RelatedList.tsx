import type { ReactElement, ReactNode } from 'react';
import { Datagrid, type DatagridProps, ReferenceManyField, type SortPayload } from 'react-admin';

interface RelatedListProps {
  reference: string;
  /** The field of `reference` that points at the record on screen. */
  target: string;
  sort: SortPayload;
  perPage: number;
  rowClick: DatagridProps['rowClick'];
  pagination?: ReactElement;
  empty?: ReactElement;
  children: ReactNode;
}

/** The records that point at the one on screen, as a table without bulk actions: a section of an overview page. */
export function RelatedList({
  reference,
  target,
  sort,
  perPage,
  rowClick,
  pagination,
  empty,
  children,
}: RelatedListProps) {
  return (
    <ReferenceManyField reference={reference} target={target} sort={sort} perPage={perPage} pagination={pagination}>
      <Datagrid rowClick={rowClick} bulkActionButtons={false} empty={empty}>
        {children}
      </Datagrid>
    </ReferenceManyField>
  );
}
