// Charts drawn on the server as SVG (docs/decisions.md): no script, readable with JavaScript off,
// each an image with a title and a description for screen readers (role="img"), the numbers
// in a table beside it. The viewBox is narrow (340 units) so that text stays legible when the
// chart shrinks to a phone's width; colours come from the stylesheet (analytics.css).

const WIDTH = 340
const FONT = 12

type ChartText = { id: string; title: string; desc: string }

const Frame = (props: ChartText & { height: number; children: React.ReactNode }) => (
  <svg
    className="chart"
    viewBox={`0 0 ${WIDTH} ${props.height}`}
    role="img"
    aria-labelledby={`${props.id}-title ${props.id}-desc`}
    preserveAspectRatio="xMidYMid meet"
  >
    <title id={`${props.id}-title`}>{props.title}</title>
    <desc id={`${props.id}-desc`}>{props.desc}</desc>
    {props.children}
  </svg>
)

/** A round maximum for an axis (1, 2 or 5 × a power of ten). */
const niceMax = (value: number) => {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power
}

/** Every n-th label, so that at most `max` show. */
const sparse = (count: number, max: number) => Math.max(1, Math.ceil(count / max))

export type Series = { name: string; values: number[]; tone: 'earn' | 'redeem' | 'neutral' }

/**
 * Values over time: columns for one series, lines for several. `labels` name the x positions
 * (a few are drawn); `format` writes the axis' numbers.
 */
export const TimeChart = (
  props: ChartText & {
    labels: string[]
    series: Series[]
    format: (n: number) => string
    kind?: 'columns' | 'lines'
  },
) => {
  const legend = props.series.length > 1
  const height = legend ? 222 : 200
  const left = 44
  const right = 8
  const top = 10
  const bottom = legend ? 56 : 36
  const plotW = WIDTH - left - right
  const plotH = height - top - bottom
  const count = props.labels.length
  const max = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)))
  const x = (i: number) => left + (count <= 1 ? plotW / 2 : (i * plotW) / (count - 1))
  const y = (v: number) => top + plotH - (v / max) * plotH
  const step = sparse(count, 5)
  const kind = props.kind ?? (props.series.length > 1 ? 'lines' : 'columns')
  const slot = plotW / Math.max(1, count)
  return (
    <Frame id={props.id} title={props.title} desc={props.desc} height={height}>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line
            className="chart__grid"
            x1={left}
            x2={WIDTH - right}
            y1={y(max * f)}
            y2={y(max * f)}
          />
          <text
            className="chart__axis"
            x={left - 4}
            y={y(max * f) + 4}
            textAnchor="end"
            fontSize={FONT}
          >
            {props.format(max * f)}
          </text>
        </g>
      ))}
      {kind === 'columns'
        ? props.series[0]?.values.map((v, i) => (
            <rect
              key={i}
              className={`chart__bar chart__bar--${props.series[0]!.tone}`}
              x={left + i * slot + slot * 0.15}
              width={Math.max(1, slot * 0.7)}
              y={y(v)}
              height={Math.max(0, top + plotH - y(v))}
            />
          ))
        : props.series.map((s) => (
            <polyline
              key={s.name}
              className={`chart__line chart__line--${s.tone}`}
              fill="none"
              points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            />
          ))}
      {props.labels.map((label, i) =>
        i % step === 0 ? (
          <text
            key={label}
            className="chart__axis"
            x={kind === 'columns' ? left + (i + 0.5) * slot : x(i)}
            y={height - bottom + 16}
            textAnchor="middle"
            fontSize={FONT}
          >
            {label}
          </text>
        ) : null,
      )}
      {props.series.length > 1
        ? props.series.map((s, i) => (
            <g key={s.name} transform={`translate(${left + i * 120}, ${height - 6})`}>
              <rect
                className={`chart__bar chart__bar--${s.tone}`}
                x={0}
                y={-9}
                width={10}
                height={10}
              />
              <text className="chart__axis" x={14} y={0} fontSize={FONT}>
                {s.name}
              </text>
            </g>
          ))
        : null}
    </Frame>
  )
}

/** One horizontal bar per item (stores, cashiers): the label above its bar, the value after. */
export const BarChart = (
  props: ChartText & {
    items: { label: string; value: number; display: string }[]
    tone?: Series['tone']
  },
) => {
  const row = 30
  const height = Math.max(1, props.items.length) * row + 4
  const max = Math.max(1, ...props.items.map((item) => Math.abs(item.value)))
  const barW = WIDTH - 70
  return (
    <Frame id={props.id} title={props.title} desc={props.desc} height={height}>
      {props.items.map((item, i) => {
        const w = Math.max(0, (item.value / max) * barW)
        return (
          <g key={`${item.label}-${i}`} transform={`translate(0, ${i * row})`}>
            <text className="chart__label" x={0} y={11} fontSize={FONT}>
              {item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label}
            </text>
            <rect
              className={`chart__bar chart__bar--${props.tone ?? 'neutral'}`}
              x={0}
              y={15}
              width={w}
              height={10}
            />
            <text className="chart__axis" x={w + 4} y={24} fontSize={FONT}>
              {item.display}
            </text>
          </g>
        )
      })}
    </Frame>
  )
}

/**
 * A grid of shares or counts (cohorts × months, home store × store): darker is more. Rows and
 * columns are named by short labels; the table beside it has the full names and numbers.
 */
export const HeatMap = (
  props: ChartText & {
    rows: string[]
    columns: string[]
    /** values[row][column]; null: no value (a month still to come). */
    values: (number | null)[][]
    max: number
    format: (n: number) => string
    /** Write the value in each cell (when the cells are large enough). */
    showValues?: boolean
  },
) => {
  const labelW = 50
  const top = 18
  const cols = Math.max(1, props.columns.length)
  const cell = Math.min(64, (WIDTH - labelW) / cols)
  const rowH = Math.min(28, Math.max(16, cell))
  const height = top + props.rows.length * rowH + 2
  return (
    <Frame id={props.id} title={props.title} desc={props.desc} height={height}>
      {props.columns.map((c, j) => (
        <text
          key={`c${j}`}
          className="chart__axis"
          x={labelW + (j + 0.5) * cell}
          y={12}
          textAnchor="middle"
          fontSize={cell < 20 ? 9 : FONT}
        >
          {c}
        </text>
      ))}
      {props.rows.map((r, i) => (
        <g key={`r${i}`} transform={`translate(0, ${top + i * rowH})`}>
          <text
            className="chart__axis"
            x={labelW - 4}
            y={rowH / 2 + 4}
            textAnchor="end"
            fontSize={FONT}
          >
            {r}
          </text>
          {props.values[i]!.map((v, j) =>
            v === null ? null : (
              <g key={j}>
                <rect
                  className="chart__cell"
                  x={labelW + j * cell + 0.5}
                  y={0.5}
                  width={cell - 1}
                  height={rowH - 1}
                  fillOpacity={0.08 + 0.92 * Math.min(1, props.max > 0 ? v / props.max : 0)}
                />
                {props.showValues && cell >= 26 ? (
                  <text
                    className={
                      v / (props.max || 1) > 0.55 ? 'chart__cell-text--dark' : 'chart__cell-text'
                    }
                    x={labelW + (j + 0.5) * cell}
                    y={rowH / 2 + 4}
                    textAnchor="middle"
                    fontSize={11}
                  >
                    {props.format(v)}
                  </text>
                ) : null}
              </g>
            ),
          )}
        </g>
      ))}
    </Frame>
  )
}
