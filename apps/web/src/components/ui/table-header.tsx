/**
 * A table's column headings, then the column of each row's buttons, named for screen readers
 * only. `cellClassName` spaces the headed cells, `actionsClassName` the last one.
 */
export function TableHeader({
  columns,
  actionsLabel,
  cellClassName,
  actionsClassName,
}: {
  columns: string[];
  actionsLabel: string;
  cellClassName: string;
  actionsClassName: string;
}) {
  return (
    <thead className="text-xs text-muted">
      <tr className="border-b border-border">
        {columns.map((column) => (
          <th key={column} className={`${cellClassName} font-medium`}>
            {column}
          </th>
        ))}
        <th className={actionsClassName}>
          <span className="sr-only">{actionsLabel}</span>
        </th>
      </tr>
    </thead>
  );
}
