import type { ReactNode } from 'react'

export type TableColumn = {
  label: string
  numeric?: boolean
  /** Read to screen readers only (a column of row actions). */
  hidden?: boolean
}

/** The table with its column heads; a list on phones (each cell has `data-label`). */
const StackTable = (props: { columns: TableColumn[]; children: ReactNode }) => (
  <div className="table-wrap">
    <table className="table table--stack">
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
              {column.hidden ? (
                <span className="visually-hidden">{column.label}</span>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
)

/**
 * A titled card holding a table that becomes a list on phones (`table--stack`; each cell
 * carries its column's label as `data-label`), or an empty state when there are no rows.
 */
export const TableCard = (props: {
  id: string
  title: string
  lead?: string
  columns: TableColumn[]
  /** Shown instead of the table when set (no rows). */
  empty?: string | null
  children: ReactNode
}) => (
  <section className="card card--flush" aria-labelledby={`${props.id}-title`}>
    <header className="card__header">
      <div>
        <h2 className="card__title" id={`${props.id}-title`}>
          {props.title}
        </h2>
        {props.lead ? <p className="muted small">{props.lead}</p> : null}
      </div>
    </header>
    {props.empty ? (
      <div className="empty">
        <p>{props.empty}</p>
      </div>
    ) : (
      <StackTable columns={props.columns}>{props.children}</StackTable>
    )}
  </section>
)

/**
 * An untitled list of rows under a page's own header and filters (the email log, the mailbox):
 * the table, or an empty state with a title when there are no rows.
 */
export const ListTable = (props: {
  columns: TableColumn[]
  /** Shown instead of the table when set (no rows). */
  empty?: { title: string; text: string } | null
  children: ReactNode
}) =>
  props.empty ? (
    <div className="empty">
      <p className="empty__title">{props.empty.title}</p>
      <p>{props.empty.text}</p>
    </div>
  ) : (
    <div className="card card--flush">
      <StackTable columns={props.columns}>{props.children}</StackTable>
    </div>
  )
